package dev.remolt.bench.start;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.remolt.bench.client.ScreenText;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The raw start-up baseline: bubblewrap around a foreground tmux server with the argv, files and
 * environment of {@code LocalSandboxRuntime} (kept in step by hand: that code is package-private),
 * then a host tmux client under a pty, as the runtime's attach does. No server, no HTTP, no Java
 * between the steps but the timing itself.
 */
final class RawSandbox implements AutoCloseable {
    /** Outside the server's range (200,000 and up, allocated from the bottom) so the two never share a uid. */
    static final int UID = 290_000;
    private static final String HOME = "/home/dev";
    private static final String SOCKET_INSIDE = "/tmp/tmux-" + UID + "/default";
    private static final Map<String, String> CLIENT_ENV = Map.of(
            "TERM", "xterm-256color", "LANG", "C.UTF-8", "PATH", "/usr/local/bin:/usr/bin:/bin");

    private final Path root;
    private final boolean dropPrivileges;
    private Process bwrap;
    private PtyProcess client;

    private RawSandbox(Path root) {
        this.root = root;
        this.dropPrivileges = "root".equals(System.getProperty("user.name"));
    }

    /** Lays out the sandbox's folder as the runtime does; not timed, it is file writes only. */
    static RawSandbox prepare(Path root) throws IOException {
        RawSandbox sandbox = new RawSandbox(root);
        sandbox.writeFiles();
        return sandbox;
    }

    /** Starts bwrap and waits for tmux's socket to appear, polling each millisecond like the runtime. */
    void startAndAwaitSocket() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("bwrap.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("HOME", HOME, "USER", "dev", "LOGNAME", "dev", "SHELL", "/bin/bash",
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8",
                "TERM", "xterm-256color"));
        bwrap = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(root.resolve("tmux/default"))) {
            if (!bwrap.isAlive()) throw new IOException("raw bwrap exited with " + bwrap.exitValue() + "; see " + root);
            if (System.nanoTime() > deadline) throw new IOException("raw tmux opened no socket within 10 s; see " + root);
            Thread.sleep(1);
        }
    }

    /** Attaches a host tmux client under a pty; its output goes to {@code screen}. */
    void attach(ScreenText screen) throws IOException {
        List<String> argv = new ArrayList<>(privilegeDrop());
        argv.addAll(List.of("tmux", "-u", "-S", root.resolve("tmux/default").toString(),
                "new-session", "-A", "-s", "main", "-c", HOME));
        client = new PtyProcessBuilder(argv.toArray(String[]::new)).setEnvironment(CLIENT_ENV).setDirectory("/")
                .setInitialColumns(80).setInitialRows(24).setRedirectErrorStream(true).start();
        Thread.ofPlatform().name("raw-reader").daemon().start(() -> pump(client.getInputStream(), screen));
    }

    private static void pump(InputStream output, ScreenText screen) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int count;
            while ((count = output.read(buffer)) >= 0) {
                if (count > 0) screen.received(buffer, 0, count, System.nanoTime());
            }
        } catch (IOException e) {
            // The client ended with its sandbox.
        }
    }

    private List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(privilegeDrop());
        argv.addAll(List.of("bwrap", "--unshare-all", "--unshare-user", "--new-session", "--cap-drop", "ALL",
                "--hostname", "sb-raw",
                "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp",
                "--ro-bind", root.resolve("etc/passwd").toString(), "/etc/passwd",
                "--ro-bind", root.resolve("etc/group").toString(), "/etc/group",
                "--ro-bind", root.resolve("etc").toString(), "/opt/remolt",
                "--bind", root.resolve("home").toString(), HOME,
                "--bind", root.resolve("tmux").toString(), "/tmp/tmux-" + UID,
                "--chdir", HOME, "--",
                "tmux", "-u", "-D", "-f", "/opt/remolt/tmux.conf", "-S", SOCKET_INSIDE));
        return argv;
    }

    private List<String> privilegeDrop() {
        if (!dropPrivileges) return List.of();
        return List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--no-new-privs", "--");
    }

    private void writeFiles() throws IOException {
        for (String dir : List.of("home", "tmux")) {
            Path path = Files.createDirectories(root.resolve(dir));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            if (dropPrivileges) {
                Files.setAttribute(path, "unix:uid", UID);
                Files.setAttribute(path, "unix:gid", UID);
            }
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + "dev:x:" + UID + ":" + UID + ":Remolt sandbox user:/home/dev:/bin/bash\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\ndev:x:" + UID + ":\nnogroup:x:65534:\n");
        Files.writeString(etc.resolve("welcome"), "Remolt shell sandbox.\n\n");
        // The runtime's tmux.conf, line for line (SandboxFiles.tmuxConf).
        Files.writeString(etc.resolve("tmux.conf"), """
                set -g history-limit 10000
                set -g default-terminal "tmux-256color"
                set -g default-shell /bin/bash
                set -g mouse on
                set -g set-clipboard on
                set -g window-size latest
                set -sg escape-time 10
                set -g status-style "bg=#1a1b26,fg=#7aa2f7"
                new-session -d -s main -c /home/dev "cat /opt/remolt/welcome; exec bash -l"
                source-file -q /home/dev/.tmux.conf
                """);
    }

    /**
     * Kills the namespace's init (bwrap's only child), which makes the kernel end every process in
     * it, as the runtime's destroy does; the pty client then ends on its own.
     */
    @Override
    public void close() throws Exception {
        if (bwrap != null) {
            bwrap.toHandle().children().forEach(ProcessHandle::destroyForcibly);
            if (!bwrap.waitFor(5, TimeUnit.SECONDS)) bwrap.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.destroyForcibly();
            client.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

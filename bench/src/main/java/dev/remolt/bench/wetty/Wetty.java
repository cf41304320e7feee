package dev.remolt.bench.wetty;

import dev.remolt.bench.Lab;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PERF.md's peer baseline: wetty (npm {@code wetty}, installed in {@code bench/wetty}) on loopback,
 * running the very host tmux client command the local runtime's attach runs (same socket, same uid
 * drop), so wetty and Remolt show the same tmux session. As root with {@code --ssh-host localhost}
 * wetty spawns {@code env -S <command>} under node-pty for each socket.io connection.
 */
public final class Wetty implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Lab lab;
    private final Path log;

    private Wetty(Process process, int port, Lab lab, Path log) {
        this.process = process;
        this.port = port;
        this.lab = lab;
        this.log = log;
    }

    /** Where wetty's entry point is, or why it cannot run here. */
    public static Optional<Path> installed(Path projectDir) {
        Path main = projectDir.resolve("bench/wetty/node_modules/wetty/build/main.js");
        Path pty = projectDir.resolve("bench/wetty/node_modules/node-pty/build/Release/pty.node");
        return Files.isRegularFile(main) && Files.isRegularFile(pty) ? Optional.of(main) : Optional.empty();
    }

    public static String whyNot(Path projectDir) {
        return "wetty is not installed in bench/wetty (npm install there; node-pty's native module must build)";
    }

    /** The local runtime's attach command for a session of the lab's main server (see LocalSandboxRuntime/TmuxClient). */
    public static String attachCommand(Path serverDataDir, String sessionId) throws IOException {
        Path socket = serverDataDir.resolve("sandboxes").resolve(sessionId).resolve("tmux/default");
        int uid = (Integer) Files.getAttribute(socket, "unix:uid");
        return "setpriv --reuid=" + uid + " --regid=" + uid + " --clear-groups --no-new-privs -- "
                + "tmux -u -S " + socket + " new-session -A -s main -c /home/dev/workspace";
    }

    public static Wetty start(Lab lab, String command) throws IOException, InterruptedException {
        Path main = installed(lab.projectDir()).orElseThrow(() -> new IOException(whyNot(lab.projectDir())));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("remolt-bench-wetty-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", main.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--base", "/wetty", "--ssh-host", "localhost", "--command", command,
                "--log-level", "warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().put("LANG", "C.UTF-8");
        Wetty wetty = lab.track(new Wetty(builder.start(), port, lab, log));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return wetty;
            } catch (IOException e) {
                if (!wetty.process.isAlive() || System.nanoTime() > deadline) {
                    wetty.close();
                    throw new IOException("wetty did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    public java.net.URI socketUri() {
        return java.net.URI.create("ws://127.0.0.1:" + port + "/wetty/socket.io/?EIO=4&transport=websocket");
    }

    public String pageOrigin() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        lab.untrack(this);
        // Its node-pty children (the tmux clients) end when their pty closes with wetty.
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a log file left in /tmp
        }
    }
}

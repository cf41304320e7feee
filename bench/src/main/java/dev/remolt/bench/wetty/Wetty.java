package dev.remolt.bench.wetty;

import dev.remolt.bench.Lab;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.local.LocalSandboxRuntime;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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

    /**
     * A script that runs the local runtime's own attach command (a tmux client entered into the
     * sandbox) for a session of the lab's main server: wetty takes one command string.
     */
    public static String attachCommand(Lab lab, String sessionId) throws IOException, SandboxException {
        List<String> argv = ((LocalSandboxRuntime) lab.runtime()).attachCommand(sessionId, 0);
        Path script = Files.createTempFile("remolt-bench-attach-", ".sh");
        script.toFile().deleteOnExit();
        Files.writeString(script, "#!/bin/sh\nexec " + argv.stream().map(word -> "'" + word.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" ")) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
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

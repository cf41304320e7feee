package dev.remolt.bench;

import dev.remolt.RemoltServer;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.config.ConfigLoader;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxLabels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A second real server in the bench JVM, with its own data folder and settings (a warm pool, the
 * docker runtime). Closing it stops it and destroys the sandboxes it made: for the local runtime
 * every sandbox of its data folder; for docker, whose listing covers the whole engine, only
 * sandboxes that were not there when it started and are labelled as created since.
 */
public final class ExtraServer implements AutoCloseable {
    private final String name;
    private final RemoltServer server;
    private final Path dataDir;
    private final SessionsApi sessions;
    private final Set<String> before;
    private final long startedEpoch;
    private final Lab lab;
    private boolean closed;

    private ExtraServer(String name, RemoltServer server, Path dataDir, Set<String> before, long startedEpoch, Lab lab) {
        this.name = name;
        this.server = server;
        this.dataDir = dataDir;
        this.before = before;
        this.startedEpoch = startedEpoch;
        this.lab = lab;
        this.sessions = new SessionsApi(URI.create("http://127.0.0.1:" + server.port()));
    }

    static ExtraServer start(String name, Path agentsDir, Map<String, String> overrides, Lab lab) throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-bench-" + name + "-");
        Set<String> before = new HashSet<>();
        if ("docker".equals(overrides.get("REMOLT_RUNTIME"))) before.addAll(DockerEngine.managedSessionIds());
        long started = Instant.now().getEpochSecond() - 1;
        RemoltServer server = RemoltServer.start(ConfigLoader.load(Lab.settings(dataDir, agentsDir, overrides), dataDir));
        return new ExtraServer(name, server, dataDir, before, started, lab);
    }

    public RemoltServer server() {
        return server;
    }

    public SessionsApi sessions() {
        return sessions;
    }

    public URI terminalUri(String wsPath) {
        return URI.create("ws://127.0.0.1:" + server.port() + wsPath);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        lab.untrack(this);
        server.close();
        boolean docker = "docker".equals(server.runtime().name());
        if (docker) {
            // The pool's refill thread is interrupted by close; a create already at the engine may still land.
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            for (SandboxInfo info : server.runtime().list()) {
                if (docker && (before.contains(info.sessionId()) || createdOf(info) < startedEpoch)) continue;
                lab.progress("%s: destroying sandbox %s", name, info.sessionId());
                server.runtime().destroy(info.sessionId());
            }
        } catch (SandboxException e) {
            lab.progress("%s: cleanup: %s", name, e.getMessage());
        }
        server.runtime().close();
        Lab.deleteTreeQuietly(dataDir);
    }

    private static long createdOf(SandboxInfo info) {
        try {
            return Long.parseLong(info.labels().getOrDefault(SandboxLabels.CREATED, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

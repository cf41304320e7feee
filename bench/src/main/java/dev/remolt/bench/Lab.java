package dev.remolt.bench;

import dev.remolt.RemoltServer;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.config.ConfigLoader;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * What every row measures on: one real server on port 0 with its own data folder, the HTTP and
 * WebSocket clients to reach it, and a scratch folder for baselines. Closing it destroys every
 * sandbox the run made, also when the run is cut short.
 */
public final class Lab implements AutoCloseable {
    private final RemoltServer server;
    private final Path dataDir;
    private final Path scratch;
    private final Path agentsDir;
    private final SessionsApi sessions;
    private final WebSocketClient sockets = new WebSocketClient();
    private final PrintStream progress;
    private final Deque<AutoCloseable> baselines = new ArrayDeque<>();
    private boolean closed;

    private Lab(RemoltServer server, Path dataDir, Path scratch, Path agentsDir, PrintStream progress) throws Exception {
        this.server = server;
        this.agentsDir = agentsDir;
        this.dataDir = dataDir;
        this.scratch = scratch;
        this.progress = progress;
        this.sessions = new SessionsApi(URI.create("http://127.0.0.1:" + server.port()));
        sockets.setMaxBinaryMessageSize(1 << 20);
        sockets.start();
    }

    public static Lab start(Path agentsDir, PrintStream progress) throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-bench-");
        Path scratch = Files.createTempDirectory("remolt-bench-raw-");
        // Baseline sandboxes run as their own uid, which must pass through the scratch folder.
        Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        RemoltServer server = RemoltServer.start(ConfigLoader.load(settings(dataDir, agentsDir, Map.of()), dataDir));
        return new Lab(server, dataDir, scratch, agentsDir, progress);
    }

    /** The settings every server of a run gets: port 0, its own data folder, limits raised; then {@code overrides}. */
    public static Map<String, String> settings(Path dataDir, Path agentsDir, Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "REMOLT_PORT", "0",
                "REMOLT_DATA_DIR", dataDir.toString(),
                "REMOLT_AGENTS_DIR", agentsDir.toString(),
                "REMOLT_RUNTIME", "local",
                "REMOLT_MAX_SESSIONS", "1000",
                "REMOLT_MAX_SESSIONS_PER_USER", "1000",
                // Every socket of the one local user counts (terminals, logs, apps): mem.idle holds 200.
                "REMOLT_MAX_CONNECTIONS_PER_USER", "10000"));
        env.putAll(overrides);
        return env;
    }

    /**
     * A second server in this JVM with {@code overrides} (a warm pool, the docker runtime), closed
     * with the lab at the latest. Its sandboxes are destroyed when it closes; for docker, only the
     * containers it made (see {@link ExtraServer}).
     */
    public ExtraServer extraServer(String name, Map<String, String> overrides) throws Exception {
        ExtraServer extra = ExtraServer.start(name, agentsDir, overrides, this);
        return track(extra);
    }

    /** A server in a child JVM, so its heap, RSS, threads and fds are its own (closed with the lab at the latest). */
    public ServerProcess serverProcess(String name, Map<String, String> overrides) throws Exception {
        return track(ServerProcess.start(name, agentsDir, overrides, this));
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public Path projectDir() {
        return agentsDir.getParent();
    }

    public SessionsApi sessions() {
        return sessions;
    }

    public WebSocketClient sockets() {
        return sockets;
    }

    public SandboxRuntime runtime() {
        return server.runtime();
    }

    public Path agentsDir() {
        return agentsDir;
    }

    public URI terminalUri(String wsPath) {
        return URI.create("ws://127.0.0.1:" + server.port() + wsPath);
    }

    /** A fresh folder for one baseline sandbox, under the run's scratch folder. */
    public Path scratchFolder(String name) throws IOException {
        return Files.createDirectory(scratch.resolve(name));
    }

    /** Keeps a baseline resource to close with the lab, should the row not get to close it. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        baselines.push(resource);
        return resource;
    }

    public synchronized void untrack(AutoCloseable resource) {
        baselines.remove(resource);
    }

    public void progress(String format, Object... args) {
        progress.printf(format + "%n", args);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (AutoCloseable resource : baselines) closeQuietly(resource);
        closeQuietly(sockets::stop);
        server.close();
        try {
            for (SandboxInfo left : server.runtime().list()) {
                progress("cleanup: destroying leftover sandbox %s", left.sessionId());
                server.runtime().destroy(left.sessionId());
            }
        } catch (SandboxException e) {
            progress("cleanup: %s", e.getMessage());
        }
        deleteTree(dataDir);
        deleteTree(scratch);
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            progress("cleanup: %s", e);
        }
    }

    static void deleteTreeQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: a temp folder left behind
        }
    }

    private void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            progress("cleanup: cannot remove %s: %s", root, e.getMessage());
        }
    }
}

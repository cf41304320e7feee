package dev.remolt.bench;

import dev.remolt.bench.client.SessionsApi;
import dev.remolt.config.Config;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.local.LocalSandboxRuntime;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real server (local runtime) in a child JVM, started with {@code dev.remolt.Main} on the bench's
 * classpath, for rows that weigh the server itself: heap after a full GC (through {@code jcmd}),
 * RSS, threads and file descriptors of that process alone, with no bench client in it. A local
 * runtime in the bench JVM on the same data folder reaches its sandboxes directly (the direct
 * baseline, tmux client counts) and destroys what is left when it closes.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K");

    private final String name;
    private final Process process;
    private final int port;
    private final Path dataDir;
    private final LocalSandboxRuntime runtime;
    private final SessionsApi sessions;
    private final Lab lab;
    private boolean closed;

    private ServerProcess(String name, Process process, int port, Path dataDir, Lab lab) throws IOException {
        this.name = name;
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.lab = lab;
        // The same tools folder the child server uses by default ({data}/tools), so the argv matches.
        this.runtime = new LocalSandboxRuntime(dataDir, Config.LocalNetwork.USER, List.of(), dataDir.resolve("tools"));
        this.sessions = new SessionsApi(URI.create("http://127.0.0.1:" + port));
    }

    static ServerProcess start(String name, Path agentsDir, Map<String, String> overrides, Lab lab) throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-bench-" + name + "-");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Map<String, String> env = Lab.settings(dataDir, agentsDir, overrides);
        env.put("REMOLT_PORT", Integer.toString(port));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xms64m", "-Xmx1g",
                "--enable-native-access=ALL-UNNAMED",
                "-DREMOLT_LOG_LEVEL=" + System.getProperty("REMOLT_LOG_LEVEL", "WARN"),
                "-cp", System.getProperty("java.class.path"), "dev.remolt.Main")
                .directory(dataDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dataDir.resolve("server.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        ServerProcess server = new ServerProcess(name, process, port, dataDir, lab);
        try {
            server.awaitHealthy();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server process " + name + " exited with " + process.exitValue() + ": "
                        + Files.readString(dataDir.resolve("server.log")));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("server process " + name + " did not answer /health within 60 s");
    }

    public SessionsApi sessions() {
        return sessions;
    }

    public URI terminalUri(String wsPath) {
        return URI.create("ws://127.0.0.1:" + port + wsPath);
    }

    public long pid() {
        return process.pid();
    }

    /** The runtime on the child's data folder, in this JVM: the direct baseline and tmux queries. */
    public LocalSandboxRuntime runtime() {
        return runtime;
    }

    /** Heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
    public long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) throw new IOException("cannot read the heap from jcmd GC.heap_info: " + info);
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("jcmd " + command + ": " + out);
        return out;
    }

    /** Resident set size of the server process, in bytes. */
    public long rss() throws IOException {
        return status("VmRSS") * 1024;
    }

    public long threads() throws IOException {
        return status("Threads");
    }

    public long fds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        }
    }

    /** Host tmux client processes the server runs (one per attached viewer on the local runtime). */
    public long tmuxClientProcesses() {
        return process.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/tmux")).orElse(false)).count();
    }

    /** Clients attached to the session's tmux server, as tmux itself counts them. */
    public long tmuxClients(String sessionId) throws SandboxException {
        return runtime.tmux(sessionId, List.of("list-clients")).lines().filter(l -> !l.isBlank()).count();
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no " + field + " in /proc/" + process.pid() + "/status");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        lab.untrack(this);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SandboxInfo info : runtime.list()) runtime.destroy(info.sessionId());
        } catch (SandboxException e) {
            lab.progress("%s: cleanup: %s", name, e.getMessage());
        }
        Lab.deleteTreeQuietly(dataDir);
    }
}

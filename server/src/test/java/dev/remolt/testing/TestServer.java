package dev.remolt.testing;

import dev.remolt.RemoltServer;
import dev.remolt.config.ConfigLoader;
import dev.remolt.sandbox.SandboxInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real server on port 0 with its own data folder; closing it also destroys every sandbox it made. */
public final class TestServer implements AutoCloseable {
    public static final Path AGENTS = Path.of(System.getProperty("remolt.agents.dir", "../agents")).toAbsolutePath();

    private final RemoltServer server;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(RemoltServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start() throws Exception {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> settings) throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-test-");
        return start(dataDir, settings);
    }

    public static TestServer start(Path dataDir, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "REMOLT_PORT", "0",
                "REMOLT_DATA_DIR", dataDir.toString(),
                "REMOLT_AGENTS_DIR", AGENTS.toString(),
                "REMOLT_RUNTIME", "local"));
        env.putAll(settings);
        return new TestServer(RemoltServer.start(ConfigLoader.load(env, dataDir)), dataDir);
    }

    public RemoltServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a shell session and returns its id. */
    public String createShell() throws Exception {
        HttpResponse<String> response = post("/api/sessions", "{\"agent_type\":\"shell\"}");
        if (response.statusCode() != 200) throw new AssertionError("create failed: " + response.body());
        return Jsons.field(response.body(), "session_id");
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (SandboxInfo info : server.runtime().list()) server.runtime().destroy(info.sessionId());
    }
}

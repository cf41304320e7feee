package dev.remolt.testing;

import dev.remolt.RemoltServer;
import dev.remolt.config.ConfigLoader;
import dev.remolt.sandbox.SandboxInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real server on port 0 with its own data folder; closing it also destroys every sandbox it made. */
public final class TestServer implements AutoCloseable {
    public static final Path AGENTS = Path.of(System.getProperty("remolt.agents.dir", "../agents")).toAbsolutePath();

    private final RemoltServer server;
    private final Path dataDir;

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

    /** A server with GitHub sign-in against {@code github}, which is pointed back at this server's callback. */
    public static TestServer withSignIn(FakeGitHub github, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "GITHUB_CLIENT_ID", "fake-client",
                "GITHUB_CLIENT_SECRET", "fake-client-secret",
                "GITHUB_BASE_URL", github.url(),
                "GITHUB_API_URL", github.url(),
                "REMOLT_GITHUB_RECHECK_SECONDS", "0"));
        env.putAll(settings);
        TestServer server = start(env);
        github.callbackTo(server.baseUrl() + "/auth/callback");
        return server;
    }

    /** A fresh browser (empty cookie jar) for this server. */
    public Browser browser() {
        return new Browser(baseUrl());
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

    /** Calls as the local user (sign-in off) or anonymously (sign-in on), from the page's own origin. */
    public ApiClient client() {
        return new ApiClient(baseUrl(), Optional.empty());
    }

    /** Calls with {@code cookie} (a {@code Cookie} header value), from the page's own origin. */
    public ApiClient client(String cookie) {
        return new ApiClient(baseUrl(), Optional.of(cookie));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client().get(path);
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client().post(path, body);
    }

    public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return client().put(path, body);
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return client().delete(path);
    }

    /** Creates a shell session and returns its id. */
    public String createShell() throws Exception {
        return client().createShell();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (SandboxInfo info : server.runtime().list()) server.runtime().destroy(info.sessionId());
    }
}

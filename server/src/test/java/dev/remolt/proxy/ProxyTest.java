package dev.remolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.testing.EchoApp;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard proxy against an echo app inside a real sandbox, which reports what it received. */
@Timeout(90)
class ProxyTest {
    private static final int PORT = EchoApp.PORT;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static TestServer server;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        Path agents = EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT,
                "sick-dash", """
                        {"id":"sick-dash","name":"Sick dashboard","ports":[{"port":%d,"label":"Sick","health_check":"/status/503"}]}
                        """.formatted(PORT),
                "plain", "{\"id\":\"plain\",\"name\":\"No dashboard\"}"));
        server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString(), "REMOLT_MAX_SESSIONS_PER_USER", "8"));
        var created = server.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}");
        id = Jsons.field(created.body(), "session_id");
        assertThat(Jsons.field(created.body(), "proxy_url")).isEqualTo("/proxy/" + id + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) request.headers(headers);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static synchronized void startEchoApp() throws Exception {
        if (get("/proxy/" + id + "/ready").statusCode() == 200) return;
        runEchoApp(id);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get("/proxy/" + id + "/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) throw new AssertionError("the echo app did not start");
            Thread.sleep(100);
        }
    }

    private static void runEchoApp(String sessionId) throws Exception {
        EchoApp.start(server, sessionId, PORT);
    }

    private static JsonNode dashboardStatusOnceSettled(String sessionId, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode status;
        do {
            var answer = get("/api/sessions/" + sessionId + "/dashboard");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            status = Jsons.parse(answer.body());
            if (until.test(status)) return status;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return status;
    }

    @Test
    @DisplayName("the dashboard's status waits for its health check from agent.json: nothing listening, then an error status, then ready")
    void dashboardStatusFollowsItsHealthCheck() throws Exception {
        String fresh = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        var waiting = Jsons.parse(get("/api/sessions/" + fresh + "/dashboard").body());
        assertThat(waiting.get("state").asText()).isEqualTo("starting");
        assertThat(waiting.get("message").asText()).isEqualTo("Waiting for Echo to start (GET / on port " + PORT + ": nothing answers yet).");
        runEchoApp(fresh);
        var ready = dashboardStatusOnceSettled(fresh, s -> s.get("state").asText().equals("ready"));
        assertThat(ready.get("state").asText()).as(ready.toString()).isEqualTo("ready");

        String sick = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"sick-dash\"}").body(), "session_id");
        runEchoApp(sick);
        var unhealthy = dashboardStatusOnceSettled(sick, s -> s.get("message").asText().contains("answered"));
        assertThat(unhealthy.get("state").asText()).isEqualTo("starting");
        assertThat(unhealthy.get("message").asText()).contains("GET /status/503 on port " + PORT + ": answered 503");

        String plain = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"plain\"}").body(), "session_id");
        assertThat(get("/api/sessions/" + plain + "/dashboard").body()).contains("\"error\":\"no_dashboard\"");
        assertThat(get("/api/sessions/0123456789abcdef/dashboard").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("requests reach the declared port with our cookies and credentials stripped, redirects passed through, a closed port 502 fast")
    void proxiesToTheDeclaredPort() throws Exception {
        // A session of its own: whether this class's echo app already runs depends on test order.
        String idle = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        long before = System.nanoTime();
        var closed = get("/proxy/" + idle + "/");
        assertThat(closed.statusCode()).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        assertThat(closed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        startEchoApp();
        var echoed = get("/proxy/" + id + "/hello/world?x=1&port=22&host=evil",
                "Cookie", "remolt_session=secret; app_cookie=keep", "Authorization", "Bearer user-secret",
                "X-Forwarded-Host", "evil.example", "X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6", "x-base-url", "http://evil/");
        assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
        JsonNode seen = Jsons.parse(echoed.body());
        assertThat(seen.get("path").asText()).isEqualTo("/hello/world?x=1&port=22&host=evil");
        JsonNode headers = seen.get("headers");
        assertThat(headers.get("Host").asText()).isEqualTo("127.0.0.1:" + PORT);
        assertThat(headers.get("Cookie").asText()).isEqualTo("app_cookie=keep");
        assertThat(headers.get("Authorization").asText()).isEqualTo("Bearer tok-123");
        assertThat(headers.has("X-Forwarded-Host")).isFalse();
        assertThat(headers.has("X-Forwarded-For")).isFalse();
        assertThat(headers.has("Forwarded")).isFalse();
        assertThat(headers.has("x-base-url")).isFalse();
        assertThat(echoed.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("sandbox"));

        var redirect = get("/proxy/" + id + "/redirect");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("http://169.254.169.254/latest/meta-data/");

        var chunked = get("/proxy/" + id + "/chunked");
        assertThat(chunked.body()).isEqualTo("first-second-third");
        assertThat(chunked.headers().allValues("Set-Cookie")).as("no app sets cookies on the API's origin").isEmpty();

        var ownCsp = get("/proxy/" + id + "/own-csp");
        assertThat(ownCsp.headers().allValues("Content-Security-Policy")).as("ours beside the app's: both hold")
                .contains("default-src 'self' 'unsafe-inline'").anySatisfy(v -> assertThat(v).startsWith("sandbox "));
        assertThat(ownCsp.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(ownCsp.headers().firstValue("Clear-Site-Data")).isEmpty();

        var posted = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/proxy/" + id + "/form"))
                .header("Origin", server.baseUrl())
                .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Jsons.parse(posted.body()).get("body").asText()).isEqualTo("a=1&b=2");
        assertThat(Jsons.parse(posted.body()).get("method").asText()).isEqualTo("POST");
    }

    @Test
    @DisplayName("a long answer streams through: its first part arrives at once, and it may last well past 10 s")
    void longAnswersStream() throws Exception {
        startEchoApp();
        long started = System.nanoTime();
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/proxy/" + id + "/slow/13"))
                .timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var body = response.body()) {
            byte[] first = new byte[7];
            assertThat(body.readNBytes(first, 0, first.length)).isEqualTo(first.length);
            assertThat(new String(first, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("tick-0;");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            String rest = new String(body.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(rest).endsWith("tick-12;");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(12));
    }

    @Test
    @DisplayName("/vscode/ strips our cookie and credentials too, over HTTP and WebSocket, and tells the app our host (echo app on code-server's port)")
    void vscodeRoutesStripCredentials() throws Exception {
        String session = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        EchoApp.start(server, session, dev.remolt.vscode.CodeServer.PORT);
        String[] credentials = {"Cookie", "remolt_session=secret; app_cookie=keep", "Authorization", "Bearer user-secret"};
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var echoed = get("/vscode/" + session + "/page?x=1", credentials);
        while (echoed.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);  // the echo app is still starting
            echoed = get("/vscode/" + session + "/page?x=1", credentials);
        }
        assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
        JsonNode headers = Jsons.parse(echoed.body()).get("headers");
        assertThat(headers.get("Cookie").asText()).isEqualTo("app_cookie=keep");
        assertThat(headers.has("Authorization")).isFalse();
        assertThat(headers.get("X-Forwarded-Host").asText()).isEqualTo(URI.create(server.baseUrl()).getAuthority());
        try (TerminalClient socket = TerminalClient.connect(server.ws("/vscode/" + session + "/socket"),
                Map.of("Cookie", "remolt_session=secret; app_cookie=keep", "Authorization", "Bearer user-secret",
                        "Origin", server.baseUrl()))) {
            socket.awaitOutput(out -> !socket.events().isEmpty(), "the app's first message", Duration.ofSeconds(10));
            JsonNode seen = Jsons.parse(socket.events().getFirst());
            assertThat(seen.get("cookie").asText()).isEqualTo("app_cookie=keep");
            assertThat(seen.get("authorization").isNull()).isTrue();
        }
    }

    @Test
    @DisplayName("a WebSocket to the dashboard is relayed both ways, without our cookie, with the dashboard's token")
    void webSocketsAreRelayed() throws Exception {
        startEchoApp();
        try (TerminalClient socket = TerminalClient.connect(server.ws("/proxy/" + id + "/socket?room=1"),
                Map.of("Cookie", "remolt_session=secret; app_cookie=keep", "Origin", server.baseUrl()))) {
            socket.awaitOutput(out -> !socket.events().isEmpty(), "the app's first message", Duration.ofSeconds(10));
            JsonNode seen = Jsons.parse(socket.events().getFirst());
            assertThat(seen.get("cookie").asText()).isEqualTo("app_cookie=keep");
            assertThat(seen.get("authorization").asText()).isEqualTo("Bearer tok-123");
            assertThat(seen.get("path").asText()).isEqualTo("/socket?room=1");
            socket.sendText("ping-1");
            socket.awaitOutput(out -> socket.events().contains("echo:ping-1"), "the echo", Duration.ofSeconds(10));
        }
    }

    @Test
    @DisplayName("proxied traffic counts as activity: a session used only through its dashboard is not ended as idle")
    void proxiedTrafficKeepsASessionAlive() throws Exception {
        Path agents = EchoApp.agents(Map.of("echo-dash", "{\"id\":\"echo-dash\",\"name\":\"Echo\",\"ports\":[{\"port\":" + PORT + "}]}"));
        try (TestServer idle = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString(),
                "REMOLT_MAX_IDLE_SECONDS", "3", "REMOLT_CLEANUP_INTERVAL", "1"))) {
            String session = Jsons.field(idle.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                // A closed port still reaches the sandbox (502): the request itself is the activity.
                HTTP.send(HttpRequest.newBuilder(URI.create(idle.baseUrl() + "/proxy/" + session + "/poll"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                Thread.sleep(500);
            }
            assertThat(idle.get("/api/sessions/" + session).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("paths that could climb out of the app, and unknown or malformed sessions, are refused")
    void traversalIsRefused() throws Exception {
        for (String prefix : List.of("/proxy/" + id, "/vscode/" + id)) {
            for (String rest : List.of("/%2e%2e/%2e%2e/api/sessions", "/..%2f..%2fapi", "//evil.com/x", "/a%00b", "/a%5c..%5cb",
                    "/.%2e/.%2e/api/sessions", "/%2e./x", "/%2E%2E/x", "/a/.%2E", "/%252e%252e/x", "/%25252e%25252e/x", "/..;/x", "/%2e;x/y")) {
                var response = get(prefix + rest);
                assertThat(response.statusCode()).as(prefix + rest).isIn(400, 404);
                assertThat(response.body()).doesNotContain("\"method\"");
            }
        }
        assertThat(get("/proxy/0123456789abcdef/").statusCode()).isEqualTo(404);
        assertThat(get("/vscode/0123456789abcdef/").statusCode()).isEqualTo(404);
        for (String hostile : List.of("/proxy/%3Cscript%3Ealert(1)%3C%2Fscript%3E/", "/vscode/%3Csvg%20onload%3Dalert(1)%3E/")) {
            var response = get(hostile, "Accept", "text/html");
            assertThat(response.body()).as(hostile).doesNotContain("<script").doesNotContain("<svg");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).doesNotContain("html"));
        }
        assertThat(get("/proxy/" + id).statusCode()).isEqualTo(302);
    }
}

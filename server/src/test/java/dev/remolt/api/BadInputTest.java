package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and sloppy requests get a clear JSON error, and the server stays healthy after them. */
@Timeout(60)
class BadInputTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "10"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Jsons.field(response.body(), "error")).isEqualTo(code);
        assertThat(Jsons.field(response.body(), "message")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
    }

    @ParameterizedTest(name = "create with body {0} is a 400")
    @ValueSource(strings = {"{\"agent_type\":", "null", "[]", "42", "{\"agent_type\":7}", "{\"agent_env\":[1]}",
            "{\"agent_type\":\"shell\"} trailing", "{\"a\":1,\"a\":2}", "{\"agent_type\":NaN}", "\"\\ud800\""})
    void malformedCreateBodiesAreRejected(String body) throws Exception {
        HttpResponse<String> response = server.post("/api/sessions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("java.");
    }

    @Test
    @DisplayName("deeply nested JSON is refused without a stack trace")
    void deeplyNestedJsonIsRefused() throws Exception {
        String body = "{\"agent_env\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertError(server.post("/api/sessions", body), 400, "invalid_json");
    }

    @Test
    @DisplayName("an oversized body is refused with 413")
    void anOversizedBodyIsRefused() throws Exception {
        String body = "{\"git_user_name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        // Written by hand and read while writing: the server answers 413 from the headers and closes,
        // which an HTTP client still sending the body may see as a reset instead of the answer.
        String request = "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + server.server().port()
                + "\r\nOrigin: " + server.baseUrl() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
        assertThat(RawHttp.statusOf(RawHttp.exchange(server.server().port(), request, 10_000))).isEqualTo(413);
    }

    @Test
    @DisplayName("an unknown agent is a 400 that lists the known ones")
    void anUnknownAgentIsRejected() throws Exception {
        HttpResponse<String> response = server.post("/api/sessions", "{\"agent_type\":\"nope\"}");
        assertError(response, 400, "unknown_agent");
        assertThat(Jsons.field(response.body(), "message")).contains("nope").contains("shell");
    }

    @Test
    @DisplayName("an unknown session is 404 on every route, whatever the shape of its id")
    void unknownAndMalformedSessionIds() throws Exception {
        for (String path : List.of("/api/sessions/0123456789abcdef")) {
            assertError(server.get(path), 404, "session_not_found");
            assertError(server.delete(path), 404, "session_not_found");
        }
        for (String id : List.of("..", "%2e%2e", "x".repeat(10_000), "abc%00", "0123456789ABCDEF", "'%20OR%201=1")) {
            HttpResponse<String> response = server.get("/api/sessions/" + id);
            // Jetty refuses a NUL in the path itself, before any route: that 400 is the HTTP layer's.
            assertThat(response.statusCode()).as(id).isEqualTo(id.contains("%00") ? 400 : 404);
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertError(server.get("/api/sessions/zzzz"), 404, "session_not_found");
    }

    @Test
    @DisplayName("a terminal socket to an unknown session is refused before the upgrade")
    void terminalSocketToUnknownSessionIsRefused() {
        assertThatThrownBy(() -> TerminalClient.connect(server.ws("/ws/terminal/0123456789abcdef")))
                .hasStackTraceContaining("404");
        assertThatThrownBy(() -> TerminalClient.connect(server.ws("/ws/terminal/bad")))
                .hasStackTraceContaining("400");
    }

    @Test
    @DisplayName("unknown API routes answer JSON 404, page routes fall back to the app")
    void unknownRoutes() throws Exception {
        assertError(server.get("/api/nothing-here"), 404, "not_found");
        assertThat(server.get("/health").body()).contains("\"status\":\"ok\"").contains("\"runtime\":\"local\"");
    }

    @Test
    @DisplayName("garbage frames and hostile resizes are ignored, and the terminal keeps working")
    void garbageFramesAreIgnored() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", Duration.ofSeconds(10));
            for (String frame : List.of("not json", "{}", "[1,2]", "{\"type\":\"resize\"}",
                    "{\"type\":\"resize\",\"cols\":0,\"rows\":-1}", "{\"type\":\"resize\",\"cols\":65536,\"rows\":2147483648}",
                    "{\"type\":\"resize\",\"cols\":1e309,\"rows\":\"80\"}", "{\"type\":\"ack\",\"bytes\":-5}",
                    "{\"type\":\"ack\",\"bytes\":99999999999999999999}", "{\"type\":\"boom\"}", "\"\"")) {
                terminal.sendText(frame);
            }
            for (int i = 0; i < 500; i++) terminal.resize(1 + i % 300, 1 + i % 100);
            terminal.resize(100, 30);
            terminal.type("echo still-al''ive\r");
            terminal.awaitOutput("still-alive", Duration.ofSeconds(10));
            assertThat(terminal.isOpen()).isTrue();
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("an oversized terminal message closes that socket with 1009 and nothing else")
    void anOversizedMessageClosesThatSocket() throws Exception {
        String id = server.createShell();
        try (TerminalClient big = TerminalClient.connect(server.ws("/ws/terminal/" + id));
             TerminalClient other = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            try {
                big.type("x".repeat(1024 * 1024));
            } catch (Exception e) {
                // The server may close the socket while the frame is still being written.
            }
            assertThat(big.awaitClose(Duration.ofSeconds(10))).isEqualTo(1009);
            other.awaitOutput("$ ", Duration.ofSeconds(10));
            other.type("echo oth''er-ok\r");
            other.awaitOutput("other-ok", Duration.ofSeconds(10));
        }
    }
}

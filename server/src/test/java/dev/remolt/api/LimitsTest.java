package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** T01 (hostile JSON on every JSON endpoint) and T02 (oversized and odd bodies and headers). */
@Timeout(120)
class LimitsTest {
    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "10"));
        port = server.server().port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "PUT /api/keys with {0} is a JSON 400")
    @ValueSource(strings = {"{\"keys\":", "null", "[]", "42", "{\"keys\":7}", "{\"keys\":{\"A\":[1]}}", "{\"keys\":{}} trailing",
            "{\"keys\":{\"A\":\"1\",\"A\":\"2\"}}", "{\"keys\":NaN}", "\"\\ud800\"", "{\"keys\":{\"A\":\"\\u0000\"}}"})
    void hostileKeyBodiesAreRejected(String body) throws Exception {
        assertJson400(server.put("/api/keys", body));
    }

    @Test
    @DisplayName("10k-deep nesting, 50k-element arrays and invalid UTF-8 are JSON 400s on every JSON endpoint, and the server stays healthy")
    void structuralAttacksOnEveryJsonEndpoint() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String wide = "[" + "1,".repeat(50_000) + "1]";
        for (String path : new String[] {"/api/sessions", "/api/keys"}) {
            String field = path.equals("/api/keys") ? "keys" : "agent_env";
            for (String body : new String[] {"{\"" + field + "\":" + deep + "}", "{\"" + field + "\":" + wide + "}"}) {
                HttpResponse<String> response = path.equals("/api/keys") ? server.put(path, body) : server.post(path, body);
                assertJson400(response);
            }
            String invalidUtf8 = "{\"" + field + "\":\"\u00ff\u00fe\"}"; // the raw bytes FF FE on the wire
            String answer = RawHttp.exchange(port, (path.equals("/api/keys") ? "PUT " : "POST ") + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\nOrigin: " + server.baseUrl() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + invalidUtf8.length() + "\r\n\r\n" + invalidUtf8, 10_000);
            assertThat(RawHttp.statusOf(answer)).as(path + " invalid UTF-8").isEqualTo(400);
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a 10 MB JSON body is 413")
    void aHugeBodyIs413() throws Exception {
        // Declared 10 MB, first kilobyte sent: the answer must come from the declared size, before the body.
        for (String target : List.of("POST /api/sessions", "PUT /api/keys")) {
            String request = target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: " + server.baseUrl()
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + (10 * 1024 * 1024) + "\r\n\r\n{\"git_user_name\":\"" + "x".repeat(1024);
            assertThat(RawHttp.statusOf(RawHttp.exchange(port, request, 10_000))).as(target).isEqualTo(413);
        }
    }

    @Test
    @DisplayName("a 1 MB header and 10k headers are 431")
    void hugeHeadersAre431() throws Exception {
        String big = "GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Big: " + "a".repeat(1024 * 1024) + "\r\n\r\n";
        assertThat(RawHttp.statusOf(RawHttp.exchange(port, big, 10_000))).isEqualTo(431);
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (int i = 0; i < 10_000; i++) many.append("X-H").append(i).append(": v\r\n");
        assertThat(RawHttp.statusOf(RawHttp.exchange(port, many.append("\r\n").toString(), 10_000))).isEqualTo(431);
    }

    @Test
    @DisplayName("a body shorter than its Content-Length and a chunked body without its last chunk end in an error, not a hang")
    void stalledBodiesEnd() throws Exception {
        String stalled = "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: " + server.baseUrl()
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"agent_type\":";
        long start = System.nanoTime();
        String answer = RawHttp.exchange(port, stalled, 60_000);
        assertThat(answer).as("answered, or closed, within the idle timeout").satisfiesAnyOf(
                a -> assertThat(a).isEmpty(), a -> assertThat(RawHttp.statusOf(a)).isBetween(400, 499));
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(59);
        String chunked = "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: " + server.baseUrl()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"age\r\n";
        answer = RawHttp.exchange(port, chunked, 60_000);
        assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(RawHttp.statusOf(a)).isBetween(400, 499));
        assertThat(server.server().runtime().list()).isEmpty();
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    private static void assertJson400(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Jsons.field(response.body(), "error")).isNotBlank();
        assertThat(Jsons.field(response.body(), "message")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

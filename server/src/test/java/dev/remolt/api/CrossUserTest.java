package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.ApiClient;
import dev.remolt.testing.CapturedLogs;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** T11 (B against A's session) and T03 (bad session ids): someone else's session answers exactly like a missing one. */
@Timeout(60)
class CrossUserTest {
    private static final String MISSING = "0123456789abcdef";
    private static FakeGitHub github;
    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient bob;
    private static String sessionOfA;
    private static String sessionOfB;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice", "a@example.com", List.of()));
        github.add(new Account("bob", "Bob", "b@example.com", List.of()));
        server = TestServer.withSignIn(github, Map.of());
        github.willSignIn("alice");
        alice = server.client(server.browser().signedIn());
        github.willSignIn("bob");
        bob = server.client(server.browser().signedIn());
        sessionOfA = alice.createShell();
        sessionOfB = bob.createShell();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        github.close();
    }

    @Test
    @DisplayName("B gets for every route of A's session exactly what a missing session gets, it is audit-logged, and A's session is untouched")
    void anotherUsersSessionLooksMissing() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            for (String method : List.of("GET", "DELETE")) {
                HttpResponse<String> theirs = send(bob, method, "/api/sessions/" + sessionOfA);
                HttpResponse<String> missing = send(bob, method, "/api/sessions/" + MISSING);
                assertThat(theirs.statusCode()).as(method).isEqualTo(404);
                assertThat(theirs.body()).as(method).isEqualTo(missing.body());
                assertThat(theirs.headers().firstValue("Content-Type")).isEqualTo(missing.headers().firstValue("Content-Type"));
            }
            String cookie = bob.cookie().orElseThrow();
            int port = server.server().port();
            Map<String, String> headers = Map.of("Origin", server.baseUrl(), "Cookie", cookie);
            assertThat(RawHttp.upgradeStatus(port, "/ws/terminal/" + sessionOfA, headers)).isEqualTo(404);
            assertThat(RawHttp.upgradeStatus(port, "/ws/terminal/" + sessionOfA + "?window=1", headers)).isEqualTo(404);
            assertThat(RawHttp.upgradeStatus(port, "/ws/terminal/" + MISSING, headers)).isEqualTo(404);
            assertThat(logs.all()).contains("audit: user bob asked for session " + sessionOfA);
        }
        assertThat(Jsons.parse(bob.get("/api/sessions").body()).findValuesAsText("session_id")).containsExactly(sessionOfB);
        assertThat(Jsons.parse(alice.get("/api/sessions").body()).findValuesAsText("session_id")).containsExactly(sessionOfA);
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + sessionOfA),
                Map.of("Origin", server.baseUrl(), "Cookie", alice.cookie().orElseThrow()))) {
            terminal.type("echo still-m''ine\r");
            terminal.awaitOutput("still-mine", Duration.ofSeconds(10));
        }
    }

    @Test
    @DisplayName("malformed and unknown session ids get the same 404 on every session route (400 only from the HTTP layer), never a 500")
    void badSessionIds() throws Exception {
        String notFound = bob.get("/api/sessions/" + MISSING).body();
        for (String id : List.of("..", "%2e%2e", "x".repeat(10_000), "abc%00", "%00", "0123456789abcde%C6%92", "%D0%B0bcdef0123456789",
                "'%20OR%201=1", "%22%7D%7B", "0123456789ABCDEF", "00000000-0000-0000-0000-000000000000")) {
            for (String method : List.of("GET", "DELETE")) {
                HttpResponse<String> response = sendAlone(method, "/api/sessions/" + id);
                assertThat(response.statusCode()).as(method + " " + id.substring(0, Math.min(id.length(), 40))).isIn(400, 404);
                if (response.statusCode() == 404) assertThat(response.body()).isIn(notFound, "{\"error\":\"not_found\",\"message\":\"No such route.\",\"detail\":\"No such route.\"}");
                assertThat(response.body()).doesNotContain("Exception");
            }
            if (id.length() < 100) {
                int status = RawHttp.upgradeStatus(server.server().port(), "/ws/terminal/" + id,
                        Map.of("Origin", server.baseUrl(), "Cookie", bob.cookie().orElseThrow()));
                assertThat(status).as("WS " + id).isIn(400, 404);
            }
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    /**
     * On a connection of its own: Jetty answers some malformed targets (a NUL) itself and closes the
     * connection, which a pooled client may already have picked for its next request.
     */
    private static HttpResponse<String> sendAlone(String method, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(bob.request(path).header("Origin", server.baseUrl()).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> send(ApiClient client, String method, String path) throws Exception {
        return method.equals("GET") ? client.get(path) : client.delete(path);
    }
}

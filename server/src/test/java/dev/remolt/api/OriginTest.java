package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.ApiClient;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** T12 (Origin matrix), T13 (Host allowlist, DNS rebinding) and T14 (cross-site request forgery). */
@Timeout(90)
class OriginTest {
    private static FakeGitHub github;
    private static TestServer server;
    private static ApiClient alice;
    private static String session;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice", "a@example.com", List.of()));
        server = TestServer.withSignIn(github, Map.of("REMOLT_MAX_SESSIONS_PER_USER", "5"));
        github.willSignIn("alice");
        alice = server.client(server.browser().signedIn());
        session = alice.createShell();
        port = server.server().port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        github.close();
    }

    private static List<String> foreignOrigins() {
        return List.of("https://evil.com", "null", "http://127.0.0.1:" + port + ".evil.com", "https://127.0.0.1:" + port,
                "http://127.0.0.1:" + (port + 1), "http://127.0.0.1", "http://127.0.0.1:80", "http://localhost:" + port,
                "test.org", "localhost:" + port, "http://127.0.0.1:" + port + "/", "http://127.0.0.1:" + port + "/x",
                "http://user@127.0.0.1:" + port, "http://127.0.0.1:" + port + ", https://evil.com", "");
    }

    @Test
    @DisplayName("a terminal socket opens (101) only for the exact page origin; foreign, null, malformed and missing origins get 403 before the upgrade")
    void socketOriginMatrix() throws Exception {
        String path = "/ws/terminal/" + session;
        String cookie = alice.cookie().orElseThrow();
        assertThat(RawHttp.upgradeStatus(port, path, Map.of("Origin", server.baseUrl(), "Cookie", cookie))).isEqualTo(101);
        assertThat(RawHttp.upgradeStatus(port, path, Map.of("Origin", "HTTP://127.0.0.1:" + port, "Cookie", cookie)))
                .as("scheme and host compare case-insensitively").isEqualTo(101);
        for (String origin : foreignOrigins()) {
            assertThat(RawHttp.upgradeStatus(port, path, Map.of("Origin", origin, "Cookie", cookie))).as(origin).isEqualTo(403);
        }
        assertThat(RawHttp.upgradeStatus(port, path, Map.of("Cookie", cookie))).as("missing Origin with a cookie").isEqualTo(403);
        assertThat(RawHttp.upgradeStatus(port, path, Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-origin")))
                .as("Sec-Fetch-Site does not stand in for Origin on sockets").isEqualTo(403);
    }

    @Test
    @DisplayName("state-changing requests with a foreign, null, malformed or missing Origin are 403 and change nothing")
    void stateChangingOriginMatrix() throws Exception {
        int sessionsBefore = server.server().runtime().list().size();
        for (String origin : foreignOrigins()) {
            for (HttpRequest.Builder request : changes(origin)) {
                HttpResponse<String> response = alice.send(request);
                assertThat(response.statusCode()).as(origin + " " + response.body()).isEqualTo(403);
            }
        }
        for (HttpRequest.Builder request : changes(null)) {
            assertThat(alice.send(request).statusCode()).as("no Origin").isEqualTo(403);
        }
        assertThat(server.server().runtime().list()).hasSize(sessionsBefore);
        assertThat(alice.get("/api/sessions/" + session).statusCode()).isEqualTo(200);
        assertThat(alice.get("/api/keys").body()).isEqualTo("{\"keys\":[]}");
    }

    @Test
    @DisplayName("a request without Origin passes only when Sec-Fetch-Site says same-origin")
    void secFetchSiteStandsInForAMissingOrigin() throws Exception {
        HttpResponse<String> sameOrigin = alice.send(alice.request("/api/keys").header("Sec-Fetch-Site", "same-origin")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"keys\":{\"SAME_ORIGIN\":\"v\"}}")));
        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);
        for (String site : List.of("cross-site", "same-site", "none")) {
            HttpResponse<String> response = alice.send(alice.request("/api/keys/SAME_ORIGIN").header("Sec-Fetch-Site", site).DELETE());
            assertThat(response.statusCode()).as(site).isEqualTo(403);
        }
        assertThat(alice.delete("/api/keys/SAME_ORIGIN").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("cross-site forms (text/plain, multipart, urlencoded method override) and no-cors fetches create, delete and store nothing")
    void crossSiteFormsChangeNothing() throws Exception {
        int sessionsBefore = server.server().runtime().list().size();
        Map<String, String> crossSite = Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate");
        List<HttpRequest.Builder> attacks = new ArrayList<>();
        attacks.add(withHeaders(alice.request("/api/sessions"), crossSite).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_type\":\"shell\",\"x\":\"=\"}")));
        attacks.add(withHeaders(alice.request("/api/sessions"), crossSite).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.tar.gz\"\r\n\r\nx\r\n--b--\r\n")));
        attacks.add(withHeaders(alice.request("/api/sessions/" + session), crossSite).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_method=DELETE")));
        attacks.add(withHeaders(alice.request("/api/keys"), Map.of("Origin", "https://evil.example", "Sec-Fetch-Mode", "no-cors"))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("{\"keys\":{\"EVIL\":\"x\"}}")));
        attacks.add(withHeaders(alice.request("/api/sessions/" + session), crossSite).DELETE());
        for (HttpRequest.Builder attack : attacks) {
            assertThat(alice.send(attack).statusCode()).isIn(403);
        }
        assertThat(server.server().runtime().list()).hasSize(sessionsBefore);
        assertThat(alice.get("/api/sessions/" + session).statusCode()).isEqualTo(200);
        assertThat(alice.get("/api/keys").body()).doesNotContain("EVIL");
    }

    @Test
    @DisplayName("a DNS-rebound Host is refused even with a matching Origin, on pages, API calls and sockets")
    void reboundHostsAreRefused() throws Exception {
        String cookie = alice.cookie().orElseThrow();
        String host = "rebind.attacker.test:" + port;
        String origin = "http://" + host;
        assertThat(RawHttp.statusOf(RawHttp.exchange(port, "GET /api/sessions HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie
                + "\r\n\r\n", 10_000))).isEqualTo(403);
        assertThat(RawHttp.statusOf(RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 10_000))).isEqualTo(403);
        assertThat(RawHttp.statusOf(RawHttp.exchange(port, "POST /api/sessions HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                + "\r\nCookie: " + cookie + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 10_000))).isEqualTo(403);
        assertThat(RawHttp.upgradeStatus(port, "/ws/terminal/" + session, Map.of("Host", host, "Origin", origin, "Cookie", cookie)))
                .isEqualTo(403);
    }

    @Test
    @DisplayName("request targets naming another host and malformed Host lines are refused, and never reach a handler")
    void oddTargetsAndHostLinesAreRefused() throws Exception {
        String cookie = alice.cookie().orElseThrow();
        Map<String, String> requests = new HashMap<>();
        requests.put("absolute-form", "GET http://attacker.test/api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("absolute-form to metadata", "GET http://169.254.169.254/api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("double-slash target", "GET //attacker.test/api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("host with @", "GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "@attacker.test\r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("host with a space", "GET /api/sessions HTTP/1.1\r\nHost: attacker .test\r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("empty host", "GET /api/sessions HTTP/1.1\r\nHost: \r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("no host", "GET /api/sessions HTTP/1.1\r\nCookie: " + cookie + "\r\n\r\n");
        requests.put("two hosts", "GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: attacker.test\r\nCookie: " + cookie + "\r\n\r\n");
        for (var request : requests.entrySet()) {
            String head = RawHttp.exchange(port, request.getValue(), 10_000);
            assertThat(RawHttp.statusOf(head)).as(request.getKey() + ": " + head).isIn(400, 403, 404);
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("with REMOLT_PUBLIC_URL the origin is exactly that URL's (default port normalised), and only its host name is answered")
    void aPublicUrlFixesOriginAndHost() throws Exception {
        try (TestServer behindProxy = TestServer.start(Map.of("REMOLT_PUBLIC_URL", "https://remolt.example.test"))) {
            int p = behindProxy.server().port();
            String create = "POST /api/keys HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
            // The route answers 404 to POST: reaching it at all means Host and Origin passed.
            assertThat(RawHttp.statusOf(RawHttp.exchange(p, create.formatted("remolt.example.test", "https://remolt.example.test"), 10_000))).isEqualTo(404);
            assertThat(RawHttp.statusOf(RawHttp.exchange(p, create.formatted("remolt.example.test", "https://remolt.example.test:443"), 10_000))).isEqualTo(404);
            assertThat(RawHttp.statusOf(RawHttp.exchange(p, create.formatted("remolt.example.test", "http://remolt.example.test"), 10_000))).isEqualTo(403);
            assertThat(RawHttp.statusOf(RawHttp.exchange(p, create.formatted("127.0.0.1:" + p, "http://127.0.0.1:" + p), 10_000))).isEqualTo(403);
            assertThat(RawHttp.statusOf(RawHttp.exchange(p, create.formatted("other.example.test", "https://remolt.example.test"), 10_000))).isEqualTo(403);
            assertThat(RawHttp.upgradeStatus(p, "/ws/terminal/0123456789abcdef",
                    Map.of("Host", "remolt.example.test", "Origin", "https://remolt.example.test"))).as("passes to the session check").isEqualTo(404);
            assertThat(RawHttp.upgradeStatus(p, "/ws/terminal/0123456789abcdef",
                    Map.of("Host", "remolt.example.test", "Origin", "https://remolt.example.test:8443"))).isEqualTo(403);
        }
    }

    private List<HttpRequest.Builder> changes(String origin) {
        List<HttpRequest.Builder> requests = new ArrayList<>();
        requests.add(alice.request("/api/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_type\":\"shell\"}")));
        requests.add(alice.request("/api/sessions/" + session).DELETE());
        requests.add(alice.request("/api/keys").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"keys\":{\"EVIL\":\"x\"}}")));
        if (origin != null) requests.forEach(r -> r.header("Origin", origin));
        return requests;
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        return request;
    }
}

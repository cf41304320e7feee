package dev.remolt.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.EchoApp;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * REMOLT_APPS_DOMAIN: each app on its own origin {session}--{port}.{domain}, reached by a one-minute
 * link from the workspace that becomes the app origin's own cookie. Requests carry the app's Host
 * header (browsers resolve *.localhost to loopback; here the test sets it by hand).
 */
@Timeout(90)
class AppsDomainTest {
    private static final int PORT = EchoApp.PORT;
    private static TestServer server;
    private static String id;
    private static String appHost;

    @BeforeAll
    static void start() throws Exception {
        Path agents = EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT));
        server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString(), "REMOLT_APPS_DOMAIN", "apps.localhost"));
        id = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        appHost = id + "--" + PORT + ".apps.localhost:" + server.server().port();
        EchoApp.start(server, id, PORT);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String request(String method, String host, String path, String... headers) throws Exception {
        return RawHttp.request(server.server().port(), method, host, path, headers);
    }

    private static String header(String response, String name) {
        return RawHttp.header(response, name);
    }

    private static String enter() throws Exception {
        assertThat(server.get("/api/sessions/" + id).body()).contains("\"app_origin\":true");
        var link = server.get("/api/sessions/" + id + "/apps/" + PORT);
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        URI url = URI.create(Jsons.field(link.body(), "url"));
        assertThat(url.getHost()).isEqualTo(id + "--" + PORT + ".apps.localhost");
        String entered = request("GET", appHost, url.getRawPath() + "?" + url.getRawQuery());
        assertThat(RawHttp.statusOf(entered)).as(entered).isEqualTo(302);
        String cookie = header(entered, "Set-Cookie");
        assertThat(cookie).startsWith("remolt_app=").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Domain");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String awaitApp(String cookie) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            String answer = request("GET", appHost, "/api/sessions?x=1", "Cookie: " + cookie + "; app_cookie=keep");
            if (RawHttp.statusOf(answer) == 200 || System.nanoTime() > deadline) return answer;
            Thread.sleep(200);
        }
    }

    @Test
    @DisplayName("a workspace link opens the app on its own origin, where the whole path space is the app's")
    void theAppLivesOnItsOwnOrigin() throws Exception {
        String cookie = enter();
        String answer = awaitApp(cookie);
        assertThat(RawHttp.statusOf(answer)).as(answer).isEqualTo(200);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        var seen = Jsons.parse(body);
        // Even /api/... on the app origin is the app's, never the server's API.
        assertThat(seen.get("path").asText()).isEqualTo("/api/sessions?x=1");
        assertThat(seen.get("headers").get("Cookie").asText()).isEqualTo("app_cookie=keep");
        assertThat(seen.get("headers").get("Authorization").asText()).isEqualTo("Bearer tok-123");
        assertThat(header(answer, "Content-Security-Policy")).isNull();
        assertThat(RawHttp.upgradeStatus(server.server().port(), "/socket", Map.of("Host", appHost, "Cookie", cookie,
                "Origin", "http://" + appHost))).isEqualTo(101);
    }

    @Test
    @DisplayName("without the app's cookie, with a forged or foreign one, or from the API's origin, nothing reaches the app")
    void everythingElseIsRefused() throws Exception {
        assertThat(RawHttp.statusOf(request("GET", appHost, "/"))).isEqualTo(401);
        assertThat(RawHttp.statusOf(request("GET", appHost, "/", "Cookie: remolt_app=forged.value"))).isEqualTo(401);
        assertThat(RawHttp.statusOf(request("GET", appHost, "/.remolt/enter?token=forged.token"))).isEqualTo(403);
        String cookie = enter();
        String otherPort = id + "--9999.apps.localhost:" + server.server().port();
        assertThat(RawHttp.statusOf(request("GET", otherPort, "/", "Cookie: " + cookie))).isEqualTo(401);
        String otherSession = "0123456789abcdef--" + PORT + ".apps.localhost:" + server.server().port();
        assertThat(RawHttp.statusOf(request("GET", otherSession, "/", "Cookie: " + cookie))).isEqualTo(401);
        // The app routes answer only on app origins.
        assertThat(server.get("/apps/" + id + "/" + PORT + "/").statusCode()).isEqualTo(404);
        assertThat(RawHttp.upgradeStatus(server.server().port(), "/socket", Map.of("Host", appHost,
                "Origin", "http://" + appHost))).isEqualTo(401);
    }

    @Test
    @DisplayName("with REMOLT_PUBLIC_URL set, POST and WebSocket on an app origin work from that app's own origin, and the API's Origin rule is unchanged")
    void appOriginsCompareOriginWithThemselves() throws Exception {
        Path agents = EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT));
        try (TestServer pub = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString(), "REMOLT_APPS_DOMAIN", "apps.localhost",
                "REMOLT_PUBLIC_URL", "http://localhost:1"))) {
            int port = pub.server().port();
            String app = Jsons.field(pub.client().send(pub.client().request("/api/sessions").header("Origin", "http://localhost:1")
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"agent_type\":\"echo-dash\"}"))).body(), "session_id");
            EchoApp.start(pub, app, PORT);
            String host = app + "--" + PORT + ".apps.localhost:" + port;
            URI link = URI.create(Jsons.field(pub.get("/api/sessions/" + app + "/apps/" + PORT).body(), "url"));
            String entered = RawHttp.request(port, "GET", host, link.getRawPath() + "?" + link.getRawQuery());
            String cookie = header(entered, "Set-Cookie").substring(0, header(entered, "Set-Cookie").indexOf(';'));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String posted;
            do {
                posted = RawHttp.request(port, "POST", host, "/form", "Cookie: " + cookie, "Origin: http://" + host, "Content-Length: 0");
                if (RawHttp.statusOf(posted) == 200 || System.nanoTime() > deadline) break;
                Thread.sleep(200);
            } while (true);
            assertThat(RawHttp.statusOf(posted)).as(posted).isEqualTo(200);
            assertThat(RawHttp.upgradeStatus(port, "/socket", Map.of("Host", host, "Cookie", cookie, "Origin", "http://" + host))).isEqualTo(101);
            // Any other origin, the API's included, is refused on the app origin.
            assertThat(RawHttp.statusOf(RawHttp.request(port, "POST", host, "/form", "Cookie: " + cookie, "Origin: http://localhost:1",
                    "Content-Length: 0"))).isEqualTo(403);
            assertThat(RawHttp.upgradeStatus(port, "/socket", Map.of("Host", host, "Cookie", cookie, "Origin", "http://localhost:1"))).isEqualTo(403);
            String otherApp = "http://0123456789abcdef--" + PORT + ".apps.localhost:" + port;
            assertThat(RawHttp.upgradeStatus(port, "/socket", Map.of("Host", host, "Cookie", cookie, "Origin", otherApp))).isEqualTo(403);
            // The API still wants exactly the public URL's origin, never an app's.
            assertThat(RawHttp.statusOf(RawHttp.request(port, "POST", "127.0.0.1:" + port, "/api/sessions", "Origin: http://" + host,
                    "Content-Type: application/json", "Content-Length: 2"))).isEqualTo(403);
        }
    }

    @Test
    @DisplayName("the path form /proxy/{id}/ sends the browser to the app's own origin")
    void thePathFormRedirects() throws Exception {
        var redirect = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/proxy/" + id + "/page?q=1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).startsWith("http://" + appHost + "/.remolt/enter?token=").contains("next=%2Fpage%3Fq%3D1"));
    }
}

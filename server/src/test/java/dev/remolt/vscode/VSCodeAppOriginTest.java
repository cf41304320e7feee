package dev.remolt.vscode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With REMOLT_APPS_DOMAIN, VS Code lives on its own origin {session}--13337.{domain}, like a
 * dashboard: the path form redirects there through a signed link, the app origin's cookie opens
 * code-server's page, and its WebSocket passes code-server's own Origin check. Requests carry the
 * app's Host header by hand (browsers resolve *.localhost to loopback).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class VSCodeAppOriginTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static TestServer server;
    private static String id;
    private static String appHost;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_TOOLS_DIR", VSCodeTest.toolsCache().toString(), "REMOLT_APPS_DOMAIN", "apps.localhost"));
        id = server.createShell();
        appHost = id + "--" + CodeServer.PORT + ".apps.localhost:" + server.server().port();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        String state;
        do {
            state = Jsons.field(server.get("/api/sessions/" + id + "/vscode").body(), "state");
            if (state.matches("ready|failed")) break;
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(state).isEqualTo("ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static String get(String path, String cookie) throws Exception {
        return RawHttp.request(server.server().port(), "GET", appHost, path, "Cookie: " + cookie);
    }

    /** Follows the path form's redirect to the app origin's link and trades it for the app's cookie. */
    private static String enterFrom(String path) throws Exception {
        var redirect = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        URI link = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(link.getHost()).isEqualTo(id + "--" + CodeServer.PORT + ".apps.localhost");
        assertThat(link.getPath()).isEqualTo("/.remolt/enter");
        String entered = RawHttp.request(server.server().port(), "GET", appHost, link.getRawPath() + "?" + link.getRawQuery());
        assertThat(RawHttp.statusOf(entered)).as(entered).isEqualTo(302);
        assertThat(RawHttp.header(entered, "Location")).isEqualTo("/?folder=/home/dev/workspace");
        String cookie = RawHttp.header(entered, "Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    @DisplayName("/vscode/{id}/ redirects to VS Code's own origin, whose cookie opens the workbench without a sandboxing CSP")
    void workbenchOnItsOwnOrigin() throws Exception {
        String cookie = enterFrom("/vscode/" + id + "/?folder=/home/dev/workspace");
        String page = get("/?folder=/home/dev/workspace", cookie);
        assertThat(RawHttp.statusOf(page)).as(page).isEqualTo(200);
        assertThat(page).contains("workbench");
        assertThat(RawHttp.header(page, "Content-Security-Policy")).doesNotStartWith("sandbox");
        // The API's session cookie means nothing here, and the app's cookie nothing elsewhere.
        assertThat(RawHttp.statusOf(get("/", "remolt_session=x"))).isEqualTo(401);
    }

    @Test
    @DisplayName("code-server's WebSocket on its own origin passes its Origin check and speaks")
    void webSocketOnItsOwnOrigin() throws Exception {
        String cookie = enterFrom("/vscode/" + id + "/?folder=/home/dev/workspace");
        Matcher quality = Pattern.compile("\"(stable-[0-9a-f]+)/static/").matcher(get("/?folder=/home/dev/workspace", cookie));
        assertThat(quality.find()).isTrue();
        String path = "/" + quality.group(1) + "?reconnectionToken=test-" + System.nanoTime() + "&reconnection=false&skipWebSocketFrames=false";
        int opcode = RawHttp.firstFrameAfterUpgrade(server.server().port(), path,
                Map.of("Host", appHost, "Cookie", cookie, "Origin", "http://" + appHost), 15_000);
        assertThat(opcode).as("first frame from code-server (2 = binary; 8 = closed)").isEqualTo(2);
    }
}

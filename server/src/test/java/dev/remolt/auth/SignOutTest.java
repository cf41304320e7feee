package dev.remolt.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.terminal.CloseCodes;
import dev.remolt.testing.ApiClient;
import dev.remolt.testing.Browser;
import dev.remolt.testing.EchoApp;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SECURITY T60: what a user was given before signing out stops working at sign-out; app links work once. */
@Timeout(90)
class SignOutTest {
    private static final int PORT = EchoApp.PORT;
    private static FakeGitHub github;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice", "a@example.com", List.of()));
        server = TestServer.withSignIn(github, Map.of("REMOLT_AGENTS_DIR", EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT)).toString(),
                "REMOLT_APPS_DOMAIN", "apps.localhost"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        github.close();
    }

    private static String appHost(String id) {
        return id + "--" + PORT + ".apps.localhost:" + server.server().port();
    }

    /** A fresh one-minute link for the echo app, as the workspace asks for it: its path and query on the app origin. */
    private static String link(ApiClient api, String id) throws Exception {
        var answer = api.get("/api/sessions/" + id + "/apps/" + PORT);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        URI url = URI.create(Jsons.field(answer.body(), "url"));
        return url.getRawPath() + "?" + url.getRawQuery();
    }

    private static String appCookie(String entered) {
        String cookie = RawHttp.header(entered, "Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static int appStatus(String id, String cookie) throws Exception {
        return RawHttp.statusOf(RawHttp.request(server.server().port(), "GET", appHost(id), "/x", "Cookie: " + cookie));
    }

    @Test
    @DisplayName("signing out closes the user's terminal, log and dashboard sockets with 4401 and ends their app cookies")
    void signingOutEndsEverythingIssuedBefore() throws Exception {
        github.willSignIn("alice");
        Browser browser = server.browser();
        String cookie = browser.signedIn();
        ApiClient api = server.client(cookie);
        String id = Jsons.field(api.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        EchoApp.start(server, id, PORT);
        String app = appCookie(RawHttp.request(server.server().port(), "GET", appHost(id), link(api, id)));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (appStatus(id, app) != 200) {
            if (System.nanoTime() > deadline) throw new AssertionError("the echo app did not answer on its origin");
            Thread.sleep(200);
        }
        Map<String, String> headers = Map.of("Cookie", cookie, "Origin", server.baseUrl());
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id), headers);
             TerminalClient logs = TerminalClient.connect(server.ws("/ws/logs/" + id), headers);
             TerminalClient dashboard = TerminalClient.connect(server.ws("/proxy/" + id + "/socket"), headers)) {
            dashboard.awaitOutput(out -> !dashboard.events().isEmpty(), "the echo app's first message", Duration.ofSeconds(10));
            assertThat(browser.post("/auth/logout").statusCode()).isEqualTo(200);
            for (TerminalClient socket : List.of(terminal, logs, dashboard)) {
                assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCodes.SIGNED_OUT);
                assertThat(socket.closeReason()).isEqualTo("signed out");
            }
        }
        assertThat(appStatus(id, app)).as("the app cookie ended with the sign-in").isEqualTo(401);
        assertThat(api.get("/api/sessions").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("a one-minute app link opens its app once; the second use is refused")
    void appLinksAreSingleUse() throws Exception {
        github.willSignIn("alice");
        ApiClient api = server.client(server.browser().signedIn());
        String id = Jsons.field(api.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        String link = link(api, id);
        String first = RawHttp.request(server.server().port(), "GET", appHost(id), link);
        assertThat(RawHttp.statusOf(first)).as(first).isEqualTo(302);
        assertThat(RawHttp.header(first, "Set-Cookie")).startsWith("remolt_app=");
        String second = RawHttp.request(server.server().port(), "GET", appHost(id), link);
        assertThat(RawHttp.statusOf(second)).isEqualTo(403);
        assertThat(second).contains("already used").doesNotContain("Set-Cookie");
    }
}

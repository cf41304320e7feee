package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.auth.Access;
import dev.remolt.auth.LocalIdentity;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TestServer;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** T09: every route the router holds, called with no cookie, refuses unless it is one of the declared public ones. */
@Timeout(60)
class DenyByDefaultTest {
    /** The only routes anyone may call; adding one here is a deliberate, reviewed decision. */
    /** Reviewed: /metrics is public to the router because scrapers carry no cookie; it checks a token or the user itself. */
    private static final Set<String> PUBLIC = Set.of("GET /health", "GET /health/ready", "GET /auth/login", "GET /auth/callback",
            "GET /auth/me", "GET /auth/logout", "POST /auth/logout", "GET /metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private static FakeGitHub github;
    private static TestServer server;
    private static String sessionOfA;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice", "a@example.com", List.of()));
        server = TestServer.withSignIn(github, Map.of());
        github.willSignIn("alice");
        sessionOfA = server.client(server.browser().signedIn()).createShell();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        github.close();
    }

    @Test
    @DisplayName("every route declares exactly one access rule, and the public ones are exactly the reviewed list")
    void everyRouteDeclaresItsAccess() {
        List<WebServer.Route> routes = server.server().web().routes();
        assertThat(routes).hasSizeGreaterThan(8);
        assertThat(routes).allSatisfy(r -> assertThat(r.roles()).as(r.method() + " " + r.path())
                .hasSize(1).allMatch(role -> role instanceof Access));
        Set<String> declaredPublic = routes.stream().filter(r -> r.roles().contains(Access.PUBLIC))
                .map(r -> r.method() + " " + r.path()).collect(Collectors.toSet());
        assertThat(declaredPublic).isEqualTo(PUBLIC);
    }

    @Test
    @DisplayName("called with no cookie, every non-public HTTP route answers 401 and every socket is refused before the 101, without touching a sandbox")
    void anonymousCallsAreRefused() throws Exception {
        int sandboxesBefore = server.server().runtime().list().size();
        for (WebServer.Route route : server.server().web().routes()) {
            String path = route.path().replace("{id}", sessionOfA).replace("{name}", "SOME_KEY").replaceAll("\\{[^}]+}", "x")
                    .replace("<path>", "x");
            String name = route.method() + " " + route.path();
            if (route.method().equals("WS")) {
                String answer = RawHttp.upgrade(server.server().port(), path, Map.of("Origin", server.baseUrl()));
                assertThat(RawHttp.statusOf(answer)).as(name).isEqualTo(401);
                assertThat(RawHttp.header(answer, "Set-Cookie")).as(name + " opens no servlet session").isNull();
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                    .header("Origin", server.baseUrl())
                    .method(route.method(), HttpRequest.BodyPublishers.ofString("{\"agent_type\":\"shell\",\"keys\":{\"A\":\"b\"}}"));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (PUBLIC.contains(name)) {
                assertThat(response.statusCode()).as(name).isNotEqualTo(500);
            } else {
                assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(401);
                // A HEAD answer has no body by definition; the status is the refusal.
                if (!route.method().equals("HEAD")) assertThat(Jsons.field(response.body(), "error")).isEqualTo("unauthorized");
            }
        }
        assertThat(server.server().runtime().list()).hasSize(sandboxesBefore);
        assertThat(server.server().runtime().isAlive(sessionOfA)).isTrue();
    }

    @Test
    @DisplayName("refused socket upgrades leave nothing behind: no JSESSIONID cookie and no servlet session in memory (SECURITY T58)")
    void refusedUpgradesKeepNoSessions() throws Exception {
        for (int i = 0; i < 500; i++) {
            String path = i % 2 == 0 ? "/ws/terminal/" + sessionOfA : "/ws/logs/" + sessionOfA;
            String answer = RawHttp.upgrade(server.server().port(), path, Map.of("Origin", i % 3 == 0 ? "https://evil.example" : server.baseUrl()));
            assertThat(RawHttp.statusOf(answer)).as(answer).isIn(401, 403);
            assertThat(RawHttp.header(answer, "Set-Cookie")).as(answer).isNull();
        }
        assertThat(server.server().web().servletSessionsHeld()).isZero();
    }

    @Test
    @DisplayName("HEAD requests and unknown server paths are refused to anonymous callers too; the page itself is public")
    void headAndUnknownPathsAreRefused() throws Exception {
        for (String path : List.of("/api/sessions", "/api/keys", "/api/sessions/" + sessionOfA, "/api/unknown", "/ws/terminal/" + sessionOfA)) {
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(401);
            assertThat(server.get(path).statusCode()).as("GET " + path).isEqualTo(401);
        }
        assertThat(server.get("/").statusCode()).isIn(200, 404);
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a route added without an access rule is refused to everyone, even the signed-in local user")
    void anUndeclaredRouteIsRefused() throws Exception {
        Javalin app = Javalin.create(c -> {
            ErrorMapping.register(c.routes);
            new WebSecurity(new LocalIdentity(), new OriginPolicy(Optional.empty(), Optional.empty())).register(c.routes);
            c.routes.get("/api/forgotten", ctx -> ctx.result("should never be seen"));
            c.routes.ws("/ws/forgotten", ws -> {});
        }).start("127.0.0.1", 0);
        try {
            String base = "http://127.0.0.1:" + app.port();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/forgotten")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).doesNotContain("should never be seen").contains("no_access_decision");
            assertThat(RawHttp.upgradeStatus(app.port(), "/ws/forgotten", Map.of("Origin", base))).isEqualTo(403);
        } finally {
            app.stop();
        }
    }
}

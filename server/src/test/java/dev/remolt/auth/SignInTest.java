package dev.remolt.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Browser;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GitHub sign-in against a stand-in: cookies (T15), OAuth state (T16) and identity binding (T17). */
@Timeout(60)
class SignInTest {
    private static FakeGitHub github;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice A", "alice@corp.com", List.of("corp")));
        github.add(new Account("bob", "Bob B", "bob@example.com", List.of()));
        github.add(new Account("mallory", "Mallory", "m@evilcorp.com", List.of("evilcorp", "corp-evil")));
        github.add(new Account("Carol", "Carol C", "carol@example.com", List.of()));
        server = TestServer.withSignIn(github, Map.of("REMOLT_ALLOWED_USERS", "bob, carol", "REMOLT_ALLOWED_ORGS", "Corp",
                "REMOLT_MAX_SESSIONS_PER_USER", "5"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        github.close();
    }

    @Test
    @DisplayName("signing in sets an HttpOnly, SameSite=Lax, Path=/ cookie with a bounded Max-Age and no Domain, and /auth/me names the GitHub user")
    void signingInSetsAWellFormedCookie() throws Exception {
        Browser browser = server.browser();
        github.willSignIn("alice");
        HttpResponse<String> login = browser.get("/auth/login?next=/workspace");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(browser.location(login)).startsWith(github.url() + "/login/oauth/authorize?client_id=fake-client")
                .contains("state=");
        HttpResponse<String> done = browser.get(browser.location(browser.get(browser.location(login))));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(browser.location(done)).isEqualTo("/workspace");
        String setCookie = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("remolt_auth=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContainIgnoringCase("domain=")
                .containsPattern("Max-Age=([1-9][0-9]{0,6})(;|$)");
        assertThat(setCookie).doesNotContain(github.tokensOf("alice").iterator().next());

        HttpResponse<String> me = server.client(browser.authCookie().orElseThrow()).get("/auth/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(me.body()).get("login").asText()).isEqualTo("alice");
        assertThat(Jsons.parse(me.body()).get("name").asText()).isEqualTo("Alice A");
        assertThat(Jsons.parse(me.body()).get("auth_required").asBoolean()).isTrue();
        assertThat(Jsons.parse(me.body()).get("stored_keys").isArray()).isTrue();
    }

    @Test
    @DisplayName("under an https public URL both cookies take the __Host- prefix and Secure, and only the prefixed name signs in")
    void httpsCookiesAreHostPrefixedAndSecure() throws Exception {
        try (TestServer https = TestServer.withSignIn(github, Map.of("REMOLT_PUBLIC_URL", "https://remolt.example.test"))) {
            github.willSignIn("alice");
            Browser browser = https.browser();
            HttpResponse<String> login = browser.get("/auth/login");
            HttpResponse<String> done = browser.get(browser.location(browser.get(browser.location(login))));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
            assertThat(login.headers().allValues("Set-Cookie")).singleElement().satisfies(c -> assertThat(c)
                    .startsWith("__Host-remolt_oauth_").contains("; Secure").contains("Path=/").contains("HttpOnly")
                    .contains("Max-Age=600").doesNotContainIgnoringCase("domain="));
            String auth = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-remolt_auth=")).findFirst().orElseThrow();
            assertThat(auth).contains("; Secure").contains("Path=/").contains("HttpOnly").contains("SameSite=Lax")
                    .doesNotContainIgnoringCase("domain=");
            String value = auth.substring(auth.indexOf('=') + 1, auth.indexOf(';'));
            assertThat(https.client("__Host-remolt_auth=" + value).get("/auth/me").statusCode()).isEqualTo(200);
            assertThat(https.client("remolt_auth=" + value).get("/auth/me").statusCode()).isEqualTo(401);
        } finally {
            github.callbackTo(server.baseUrl() + "/auth/callback");
        }
    }

    @Test
    @DisplayName("without a cookie /auth/me is a JSON 401")
    void anonymousMeIsUnauthorized() throws Exception {
        HttpResponse<String> me = server.get("/auth/me");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(Jsons.field(me.body(), "error")).isEqualTo("unauthorized");
    }

    @Test
    @DisplayName("signing out makes the very same cookie value useless on the server, even when replayed")
    void signingOutInvalidatesTheCookieServerSide() throws Exception {
        github.willSignIn("bob");
        Browser browser = server.browser();
        String cookie = browser.signedIn();
        assertThat(server.client(cookie).get("/api/sessions").statusCode()).isEqualTo(200);
        HttpResponse<String> viaGet = browser.get("/auth/logout");
        assertThat(viaGet.statusCode()).as("a link or an image on another site cannot sign anyone out").isEqualTo(405);
        assertThat(Jsons.field(viaGet.body(), "error")).isEqualTo("method_not_allowed");
        assertThat(server.client(cookie).get("/api/sessions").statusCode()).isEqualTo(200);
        HttpResponse<String> crossSite = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/auth/logout"))
                .header("Cookie", cookie).header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(server.client(cookie).get("/api/sessions").statusCode()).isEqualTo(200);
        HttpResponse<String> out = browser.post("/auth/logout");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("remolt_auth=;").contains("Max-Age=0"));
        assertThat(server.client(cookie).get("/api/sessions").statusCode()).isEqualTo(401);
        assertThat(server.client(cookie).get("/auth/me").statusCode()).isEqualTo(401);
        // A new sign-in works again.
        assertThat(server.client(server.browser().signedIn()).get("/api/sessions").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a callback without state, without the state cookie, from another browser, replayed, or with a forged state is a 400 and signs nobody in")
    void badStatesAreRefused() throws Exception {
        github.willSignIn("alice");
        Browser one = server.browser();
        String callback = one.location(one.get(one.location(one.get("/auth/login"))));
        String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
        String state = callback.replaceAll(".*[?&]state=([^&]+).*", "$1");

        assertRefused(one, "/auth/callback?code=" + code);                                // (a) no state
        assertRefused(server.browser(), "/auth/callback?code=" + code + "&state=" + state); // (b) no state cookie
        Browser two = server.browser();
        two.get("/auth/login");                                                            // (c) browser 2 has its own binding
        assertRefused(two, "/auth/callback?code=" + code + "&state=" + state);
        assertRefused(one, "/auth/callback?code=" + code + "&state=" + state + "x");       // (T17) a tampered state
        assertRefused(one, "/auth/callback?code=" + code + "&state=alice");

        HttpResponse<String> first = one.get(callback);
        assertThat(first.statusCode()).isEqualTo(302);
        assertRefused(one, callback);                                                      // (d) replayed code+state
    }

    private static void assertRefused(Browser browser, String callback) throws Exception {
        HttpResponse<String> response = browser.get(callback);
        assertThat(response.statusCode()).as(callback).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("/auth/login").doesNotContain("<script");
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("remolt_auth=") && !c.contains("Max-Age=0"));
    }

    @Test
    @DisplayName("a state cookie older than ten minutes, for another state, or with a forged signature is refused")
    void anExpiredStateIsRefused() {
        SignInStates states = new SignInStates(new HmacKey("k".repeat(32).getBytes()));
        Instant now = Instant.now();
        SignInStates.Started old = states.begin("/", now.minus(Duration.ofMinutes(11)));
        assertThat(states.finish(old.state(), old.cookieValue(), now)).isEmpty();
        SignInStates.Started fresh = states.begin("/there", now);
        SignInStates.Started other = states.begin("/", now);
        assertThat(states.finish(other.state(), fresh.cookieValue(), now)).isEmpty();
        assertThat(new SignInStates(new HmacKey("x".repeat(32).getBytes())).finish(fresh.state(), fresh.cookieValue(), now)).isEmpty();
        String value = fresh.cookieValue();
        String flipped = value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A");
        assertThat(states.finish(fresh.state(), flipped, now)).isEmpty();
        assertThat(states.finish(fresh.state(), value, now)).hasValueSatisfying(p -> assertThat(p.next()).isEqualTo("/there"));
        assertThat(fresh.cookieName()).isEqualTo("remolt_oauth_" + fresh.state());
    }

    @Test
    @DisplayName("10,000 anonymous sign-in starts cost the server nothing: a real sign-in right after still works, with PKCE (SECURITY T16, T58)")
    void anonymousSignInStartsCannotLockAnyoneOut() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Integer>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                starts.add(threads.submit(() -> http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/auth/login"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (var start : starts) assertThat(start.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(302);
        }
        github.willSignIn("alice");
        Browser browser = server.browser();
        String authorize = browser.location(browser.get("/auth/login?next=/after"));
        assertThat(authorize).contains("code_challenge_method=S256").containsPattern("code_challenge=[A-Za-z0-9_-]{43}(&|$)");
        HttpResponse<String> done = browser.get(browser.location(browser.get(authorize)));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(browser.location(done)).isEqualTo("/after");
        assertThat(server.client(browser.authCookie().orElseThrow()).get("/auth/me").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("two tabs of one browser signing in at once both succeed")
    void twoTabsBothSucceed() throws Exception {
        github.willSignIn("alice");
        Browser browser = server.browser();
        String authorize1 = browser.location(browser.get("/auth/login?next=/one"));
        String authorize2 = browser.location(browser.get("/auth/login?next=/two"));
        String callback1 = browser.location(browser.get(authorize1));
        String callback2 = browser.location(browser.get(authorize2));
        HttpResponse<String> done2 = browser.get(callback2);
        HttpResponse<String> done1 = browser.get(callback1);
        assertThat(done2.statusCode()).isEqualTo(302);
        assertThat(browser.location(done2)).isEqualTo("/two");
        assertThat(done1.statusCode()).isEqualTo(302);
        assertThat(browser.location(done1)).isEqualTo("/one");
    }

    @ParameterizedTest(name = "next={0} redirects to /")
    @ValueSource(strings = {"//evil.com", "https://evil.com", "/\\evil.com", "javascript:alert(1)", "/%5Cevil.com",
            "%2F%2Fevil.com", "/%2F%2Fevil.com", "\t//evil.com", "http:evil.com", "///evil.com"})
    void offSiteNextTargetsBecomeTheRoot(String next) throws Exception {
        assertThat(SafeRedirect.target(next)).isEqualTo("/");
        github.willSignIn("alice");
        Browser browser = server.browser();
        HttpResponse<String> done = browser.signIn(java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(browser.location(done)).isEqualTo("/");
    }

    @Test
    @DisplayName("same-origin relative next targets are kept")
    void relativeNextTargetsAreKept() {
        assertThat(SafeRedirect.target("/")).isEqualTo("/");
        assertThat(SafeRedirect.target("/session/abc?x=1#t")).isEqualTo("/session/abc?x=1#t");
    }

    @Test
    @DisplayName("the allowlist matches whole logins and org names, case-insensitively: corp admits Alice but not evilcorp's Mallory")
    void theAllowlistIsExact() throws Exception {
        github.willSignIn("mallory");
        HttpResponse<String> refused = server.browser().signIn(null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("remolt_auth=") && !c.contains("Max-Age=0"));
        github.willSignIn("Carol");
        assertThat(server.browser().signIn(null).statusCode()).as("listed user, other case").isEqualTo(302);
        github.willSignIn("alice");
        assertThat(server.browser().signIn(null).statusCode()).as("member of Corp").isEqualTo(302);
    }

    @Test
    @DisplayName("the token exchange also works when GitHub answers form-encoded")
    void formEncodedTokenAnswersWork() throws Exception {
        github.answerFormEncoded(true);
        try {
            github.willSignIn("bob");
            assertThat(server.client(server.browser().signedIn()).get("/auth/me").statusCode()).isEqualTo(200);
        } finally {
            github.answerFormEncoded(false);
        }
    }

    @Test
    @DisplayName("after the GitHub grant is revoked, the next sandbox gets no token and the old cookie stops working")
    void aRevokedGrantBlocksInjectionAndSignsOut() throws Exception {
        github.add(new Account("dave", "Dave", "dave@corp.com", List.of("corp")));
        github.willSignIn("dave");
        String cookie = server.browser().signedIn();
        github.revoke("dave");
        HttpResponse<String> create = server.client(cookie).post("/api/sessions", "{\"agent_type\":\"shell\"}");
        assertThat(create.statusCode()).as(create.body()).isEqualTo(401);
        assertThat(server.server().runtime().list()).noneMatch(s -> s.owner().equals("dave"));
        assertThat(server.client(cookie).get("/auth/me").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("GitHub tokens never travel in a URL")
    void tokensNeverTravelInAUrl() {
        github.tokensOf("alice").forEach(token -> assertThat(github.requests()).noneMatch(r -> r.contains(token)));
    }
}

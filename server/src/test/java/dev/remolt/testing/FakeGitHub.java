package dev.remolt.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A GitHub OAuth stand-in on loopback: {@code /login/oauth/authorize} signs in whoever the test
 * chose and redirects back with a code; {@code /login/oauth/access_token} trades a code (once, and
 * only with the PKCE verifier of the S256 challenge the authorize request carried) for a token, as
 * JSON or, when asked to, form-encoded; {@code /user} and {@code /user/orgs} answer for a token
 * until it is revoked.
 */
public final class FakeGitHub implements AutoCloseable {
    /** A GitHub account: login, display name, e-mail, organisations. */
    public record Account(String login, String name, String email, List<String> orgs) {}

    private final HttpServer server;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final Map<String, String> challenges = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String nextLogin;
    private volatile boolean formEncoded;

    public FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::accessToken);
        server.createContext("/user", this::user);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void add(Account account) {
        accounts.put(account.login(), account);
    }

    /** Who the next authorize request signs in as. */
    public void willSignIn(String login) {
        nextLogin = login;
    }

    /** Answer the token exchange form-encoded, as GitHub does without {@code Accept: application/json}. */
    public void answerFormEncoded(boolean value) {
        formEncoded = value;
    }

    /** Revokes every token of {@code login}, as revoking the OAuth grant on GitHub does. */
    public void revoke(String login) {
        tokens.values().removeIf(login::equals);
    }

    public Set<String> tokensOf(String login) {
        Set<String> found = ConcurrentHashMap.newKeySet();
        tokens.forEach((token, owner) -> { if (owner.equals(login)) found.add(token); });
        return found;
    }

    /** Method, path and query of every request received, for checks that no secret travels in a URL. */
    public List<String> requests() {
        return requests;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        record(exchange);
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        String code = "code-" + UUID.randomUUID();
        codes.put(code, nextLogin);
        if ("S256".equals(query.get("code_challenge_method")) && query.get("code_challenge") != null) {
            challenges.put(code, query.get("code_challenge"));
        }
        // The callback URL is registered with the OAuth app, so the stand-in is told it by the test.
        String location = callback + "?code=" + code + "&state=" + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private volatile String callback = "http://127.0.0.1/auth/callback";

    public void callbackTo(String url) {
        callback = url;
    }

    private void accessToken(HttpExchange exchange) throws IOException {
        record(exchange);
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String challenge = form.get("code") == null ? null : challenges.remove(form.get("code"));
        String login = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (challenge == null || !challenge.equals(s256(form.get("code_verifier")))) login = null;
        boolean json = !formEncoded && "application/json".equals(exchange.getRequestHeaders().getFirst("Accept"));
        String body;
        if (login == null || !"fake-client-secret".equals(form.get("client_secret"))) {
            body = json ? "{\"error\":\"bad_verification_code\"}" : "error=bad_verification_code";
        } else {
            String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, login);
            body = json ? "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"repo\"}"
                    : "access_token=" + token + "&scope=repo&token_type=bearer";
        }
        reply(exchange, 200, json ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded", body);
    }

    private void user(HttpExchange exchange) throws IOException {
        record(exchange);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String login = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        Account account = login == null ? null : accounts.get(login);
        if (account == null) {
            reply(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/user/orgs")) {
            StringBuilder orgs = new StringBuilder("[");
            for (String org : account.orgs()) orgs.append(orgs.length() > 1 ? "," : "").append("{\"login\":\"").append(org).append("\"}");
            reply(exchange, 200, "application/json", orgs.append("]").toString());
        } else if (path.equals("/user")) {
            reply(exchange, 200, "application/json", "{\"login\":\"" + account.login() + "\",\"id\":1,\"name\":\""
                    + account.name() + "\",\"email\":\"" + account.email() + "\"}");
        } else {
            reply(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private void record(HttpExchange exchange) {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String s256(String verifier) {
        if (verifier == null) return null;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query == null || query.isEmpty()) return values;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

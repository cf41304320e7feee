package dev.remolt.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three GitHub calls sign-in needs: exchange the OAuth code for a token, read the user the
 * token belongs to, and list their organisations. Tokens appear only in request bodies and
 * {@code Authorization} headers, never in a URL, an exception message or a log line.
 */
public final class GitHubClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who a token belongs to, as GitHub says. */
    public record GitHubUser(String login, String name, String email) {}

    /** GitHub refused (a bad code, a revoked token) or could not be reached; {@code status} is 0 for the latter. */
    public static final class GitHubException extends Exception {
        private final int status;

        GitHubException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean refused() {
            return status == 401 || status == 403;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;
    private final String apiUrl;
    private final String clientId;
    private final String clientSecret;

    public GitHubClient(String baseUrl, String apiUrl, String clientId, String clientSecret) {
        this.baseUrl = baseUrl;
        this.apiUrl = apiUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Where the browser goes to sign in; {@code codeChallenge} is the PKCE S256 challenge of the verifier kept for the exchange. */
    public URI authorizeUrl(String state, String codeChallenge, String scope) {
        return URI.create(baseUrl + "/login/oauth/authorize?client_id=" + encode(clientId) + "&scope=" + encode(scope)
                + "&state=" + encode(state) + "&code_challenge=" + encode(codeChallenge) + "&code_challenge_method=S256");
    }

    /**
     * Exchanges a sign-in code, with the PKCE verifier of its challenge, for an access token; GitHub
     * answers JSON, or a form when it ignores our Accept.
     */
    public String exchange(String code, String codeVerifier) throws GitHubException {
        String form = "client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret) + "&code=" + encode(code)
                + "&code_verifier=" + encode(codeVerifier);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/login/oauth/access_token"))
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), "the code exchange");
        if (response.statusCode() != 200) throw new GitHubException(response.statusCode(), "GitHub refused the sign-in code");
        String token;
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/json")) {
            token = textOf(parse(response.body()), "access_token");
        } else {
            token = formField(response.body(), "access_token");
        }
        // GitHub reports a bad or used code as 200 with an "error" field and no token.
        if (token == null || token.isBlank()) throw new GitHubException(400, "GitHub refused the sign-in code");
        return token;
    }

    public GitHubUser user(String token) throws GitHubException {
        JsonNode user = parse(get("/user", token).body());
        String login = textOf(user, "login");
        if (login == null) throw new GitHubException(502, "GitHub's user answer has no login");
        return new GitHubUser(login, textOf(user, "name"), textOf(user, "email"));
    }

    /** The logins of the user's organisations (those visible with the token's scopes). */
    public List<String> orgs(String token) throws GitHubException {
        JsonNode orgs = parse(get("/user/orgs?per_page=100", token).body());
        List<String> logins = new ArrayList<>();
        if (orgs.isArray()) orgs.forEach(org -> {
            String login = textOf(org, "login");
            if (login != null) logins.add(login);
        });
        return logins;
    }

    private HttpResponse<String> get(String path, String token) throws GitHubException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(apiUrl + path))
                .header("Accept", "application/vnd.github+json").header("Authorization", "Bearer " + token).GET(),
                "GET " + path);
        if (response.statusCode() != 200) {
            throw new GitHubException(response.statusCode(), "GitHub answered " + response.statusCode() + " to GET " + path);
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) throws GitHubException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitHubException(0, "GitHub is unreachable for " + what + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(0, "interrupted during " + what);
        }
    }

    private static JsonNode parse(String body) throws GitHubException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new GitHubException(502, "GitHub answered something that is not JSON");
        }
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

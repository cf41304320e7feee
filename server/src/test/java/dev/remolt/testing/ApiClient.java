package dev.remolt.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Calls the server as a browser on its page would: same-origin {@code Origin} on state-changing
 * requests, and the user's sign-in cookie when there is one. Never follows redirects.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;
    private final Optional<String> cookie;

    public ApiClient(String baseUrl, Optional<String> cookie) {
        this.baseUrl = baseUrl;
        this.cookie = cookie;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The {@code Cookie} header value this client sends, if any. */
    public Optional<String> cookie() {
        return cookie;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Origin", baseUrl).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Origin", baseUrl).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).header("Origin", baseUrl).DELETE());
    }

    /** A request to {@code path} with this client's cookie, to finish and send with {@link #send}. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        cookie.ifPresent(c -> builder.header("Cookie", c));
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a shell session and returns its id. */
    public String createShell() throws Exception {
        HttpResponse<String> response = post("/api/sessions", "{\"agent_type\":\"shell\"}");
        if (response.statusCode() != 200) throw new AssertionError("create failed: " + response.statusCode() + " " + response.body());
        return Jsons.field(response.body(), "session_id");
    }
}

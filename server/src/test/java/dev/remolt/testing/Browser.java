package dev.remolt.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A browser's view of sign-in: a cookie jar for the Remolt server (cookies of the GitHub stand-in
 * are not kept), redirects followed one hop at a time so each can be inspected.
 */
public final class Browser {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String serverBase;
    private final Map<String, String> jar = new LinkedHashMap<>();

    public Browser(String serverBase) {
        this.serverBase = serverBase;
    }

    /** One request, with the jar's cookies when it goes to the server; {@code Set-Cookie} answers update the jar. */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        String absolute = url.startsWith("/") ? serverBase + url : url;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(absolute)).timeout(Duration.ofSeconds(30)).GET();
        boolean ours = absolute.startsWith(serverBase + "/");
        if (ours && !jar.isEmpty()) request.header("Cookie", cookieHeader());
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (ours) response.headers().allValues("Set-Cookie").forEach(this::store);
        return response;
    }

    /** A POST from the page itself (its Origin), with the jar's cookies; {@code Set-Cookie} answers update the jar. */
    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverBase + path)).timeout(Duration.ofSeconds(30))
                .header("Origin", serverBase).POST(HttpRequest.BodyPublishers.noBody());
        if (!jar.isEmpty()) request.header("Cookie", cookieHeader());
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().allValues("Set-Cookie").forEach(this::store);
        return response;
    }

    public String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
    }

    /** Starts sign-in at {@code /auth/login?next=...} and answers the callback's response (signed in: a redirect). */
    public HttpResponse<String> signIn(String next) throws IOException, InterruptedException {
        String authorize = location(get("/auth/login" + (next == null ? "" : "?next=" + next)));
        String callback = location(get(authorize));
        return get(callback);
    }

    /** Signs in through the whole flow and answers the {@code Cookie} header that carries the sign-in. */
    public String signedIn() throws IOException, InterruptedException {
        HttpResponse<String> done = signIn(null);
        if (done.statusCode() != 302) throw new AssertionError("sign-in failed: " + done.statusCode() + " " + done.body());
        return authCookie().orElseThrow(() -> new AssertionError("no sign-in cookie after sign-in"));
    }

    /** {@code remolt_auth=...} as the jar holds it. */
    public Optional<String> authCookie() {
        return Optional.ofNullable(jar.get("remolt_auth")).map(v -> "remolt_auth=" + v);
    }

    public Map<String, String> jar() {
        return jar;
    }

    private void store(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (setCookie.contains("Max-Age=0") || value.isEmpty()) jar.remove(name);
        else jar.put(name, value);
    }

    private String cookieHeader() {
        StringBuilder header = new StringBuilder();
        jar.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }
}

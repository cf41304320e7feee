package dev.remolt.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code /api/sessions} as a browser uses it: create a shell session, end it. */
public final class SessionsApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A created session: its id and the path of its terminal socket. */
    public record Created(String sessionId, String wsUrl) {}

    public SessionsApi(URI base) {
        this.base = base;
    }

    public Created createShell() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                .timeout(TIMEOUT).header("Origin", origin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_type\":\"shell\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /api/sessions answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        return new Created(body.path("session_id").asText(), body.path("ws_url").asText());
    }

    /** Opens a new terminal tab (tmux window) in the session and returns its window index. */
    public int openTerminal(String sessionId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/sessions/" + sessionId + "/terminals"))
                .timeout(TIMEOUT).header("Origin", origin()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /api/sessions/" + sessionId + "/terminals answered " + response.statusCode()
                    + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("window").asInt();
    }

    /** The server's own origin, which it requires on state-changing requests (as a browser on its page sends). */
    private String origin() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    public URI base() {
        return base;
    }

    public void delete(String sessionId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/sessions/" + sessionId))
                .timeout(TIMEOUT).header("Origin", origin()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("DELETE /api/sessions/" + sessionId + " answered " + response.statusCode()
                    + ": " + response.body());
        }
    }
}

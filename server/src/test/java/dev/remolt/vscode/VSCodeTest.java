package dev.remolt.vscode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.RawHttp;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * VS Code end to end on the local runtime: the server installs code-server (once per machine, into a
 * stable tools cache, so later runs skip the install), starts it in a real sandbox, and proxies its
 * page, its static files and its WebSocket.
 */
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
public class VSCodeTest {
    /** A cold install builds native modules: minutes on two cores. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static TestServer server;
    private static String id;
    private static final List<String> statesSeen = new ArrayList<>();

    /** REMOLT_TOOLS_CACHE, else /var/cache/remolt/tools (root, as on CI), else ~/.cache/remolt/tools. */
    public static Path toolsCache() throws Exception {
        String configured = System.getenv("REMOLT_TOOLS_CACHE");
        if (configured != null && !configured.isBlank()) return Files.createDirectories(Path.of(configured));
        Path machineWide = Path.of("/var/cache/remolt/tools");
        try {
            return Files.createDirectories(machineWide);
        } catch (java.io.IOException e) {
            return Files.createDirectories(Path.of(System.getProperty("user.home"), ".cache/remolt/tools"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_TOOLS_DIR", toolsCache().toString()));
        id = server.createShell();
        long started = System.nanoTime();
        long deadline = started + READY_WITHIN.toNanos();
        JsonNode status;
        String last = "";
        do {
            var response = server.get("/api/sessions/" + id + "/vscode");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            status = Jsons.parse(response.body());
            String line = status.get("state").asText() + ": " + status.get("message").asText();
            if (!line.replaceAll("\\(\\d+ s\\)", "").equals(last.replaceAll("\\(\\d+ s\\)", ""))) {
                System.out.println("vscode " + line);
                statesSeen.add(status.get("state").asText());
            }
            last = line;
            if (status.get("state").asText().matches("ready|failed")) break;
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        System.out.println("vscode ready after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        assertThat(status.get("state").asText()).as(last).isEqualTo("ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The workbench page: code-server sends the browser to its folder with a relative redirect. */
    private static String workbenchPage() throws Exception {
        var root = get("/vscode/" + id + "/");
        assertThat(root.statusCode()).as(root.body()).isEqualTo(302);
        String location = root.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("./?folder=/home/dev/workspace");
        var page = get("/vscode/" + id + "/" + location.substring(2));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        return page.body();
    }

    @Test
    @DisplayName("the status moves to ready, and every state on the way has a message")
    void statusReportsProgress() throws Exception {
        assertThat(statesSeen).isNotEmpty().last().isEqualTo("ready");
        assertThat(statesSeen).allMatch(s -> s.matches("installing|starting|ready"));
        var again = Jsons.parse(server.get("/api/sessions/" + id + "/vscode").body());
        assertThat(again.get("state").asText()).isEqualTo("ready");
        assertThat(again.properties()).extracting(Map.Entry::getKey).containsExactly("state", "message");
        assertThat(server.get("/api/sessions/0123456789abcdef/vscode").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("the workbench page and its static files load through the proxy, with code-server's own CSP")
    void pageAndAssetsLoad() throws Exception {
        String html = workbenchPage();
        Matcher script = Pattern.compile("src=\"([^\"]*workbench\\.js)\"").matcher(html);
        assertThat(script.find()).as(html).isTrue();
        assertThat(script.group(1)).doesNotStartWith("/");

        var asset = get("/vscode/" + id + "/" + script.group(1));
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(asset.body().length()).isGreaterThan(10_000);

        var page = get("/vscode/" + id + "/?folder=/home/dev/workspace");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'").doesNotStartWith("sandbox"));
    }

    @Test
    @DisplayName("code-server's WebSocket upgrades through the proxy and the VS Code server speaks on it")
    void webSocketUpgrades() throws Exception {
        assertWebSocketSpeaks(server, id, workbenchPage());
    }

    /** Opens code-server's own WebSocket through {@code /vscode/{id}/}, as the workbench in {@code html} would. */
    public static void assertWebSocketSpeaks(TestServer server, String id, String html) throws Exception {
        Matcher quality = Pattern.compile("\"(stable-[0-9a-f]+)/static/").matcher(html);
        assertThat(quality.find()).as(html).isTrue();
        URI uri = server.ws("/vscode/" + id + "/" + quality.group(1)
                + "?reconnectionToken=test-" + System.nanoTime() + "&reconnection=false&skipWebSocketFrames=false");
        try (TerminalClient socket = TerminalClient.connect(uri)) {
            // The VS Code server's protocol sends keep-alives on its own; a refused upgrade would close at once (1011).
            socket.awaitOutput(out -> socket.bytesReceived() > 0 || !socket.isOpen(), "a message from code-server",
                    Duration.ofSeconds(15));
            assertThat(socket.closeReason()).isNull();
            assertThat(socket.bytesReceived()).isPositive();
        }
    }

    @Test
    @DisplayName("a WebSocket from a foreign or opaque (null) origin is refused before it reaches code-server")
    void foreignOriginRefused() throws Exception {
        String path = "/vscode/" + id + "/stable-0?reconnectionToken=x&reconnection=false&skipWebSocketFrames=false";
        for (String origin : List.of("http://evil.example", "null")) {
            assertThat(RawHttp.upgradeStatus(server.server().port(), path, Map.of("Origin", origin))).as(origin).isEqualTo(403);
        }
    }
}

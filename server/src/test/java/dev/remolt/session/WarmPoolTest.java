package dev.remolt.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pre-started sandboxes: a launch claims one, the pool refills, and a restart keeps both. */
@Timeout(90)
class WarmPoolTest {
    private static void awaitPooled(TestServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.server().pool().readyCount("shell") < 1) {
            if (System.nanoTime() > deadline) throw new AssertionError("no pooled sandbox became ready");
            Thread.sleep(50);
        }
    }

    private static List<SandboxInfo> awaitSandboxes(TestServer server, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<SandboxInfo> found = server.server().runtime().list().stream().filter(SandboxInfo::alive).toList();
            if (found.size() == count) return found;
            if (System.nanoTime() > deadline) throw new AssertionError("expected " + count + " sandboxes, found " + found);
            Thread.sleep(50);
        }
    }

    @Test
    @DisplayName("a launch takes the pooled sandbox, the pool refills, and a restart adopts the claim and keeps the pool")
    void claimRefillAndRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-pool-");
        Map<String, String> settings = Map.of("REMOLT_WARM_POOL", "1");
        String claimed;
        try (TestServer server = TestServer.start(dataDir, settings)) {
            awaitPooled(server);
            String pooled = awaitSandboxes(server, 1).getFirst().sessionId();
            var created = server.post("/api/sessions", "{\"agent_type\":\"shell\",\"git_user_name\":\"Ada Pool\"}");
            claimed = Jsons.field(created.body(), "session_id");
            assertThat(claimed).isEqualTo(pooled);
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + claimed))) {
                terminal.awaitOutput("$ ", Duration.ofSeconds(10));
                terminal.type("echo name=$(git config --global user.name)\r");
                terminal.awaitOutput("name=Ada Pool", Duration.ofSeconds(10));
                // The first viewer took over the client attached ahead: one tmux client, not two.
                String clients = server.server().runtime().tmux(claimed, List.of("list-clients", "-F", "#{client_pid}"));
                assertThat(clients.lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
            }
            assertThat(awaitSandboxes(server, 2)).extracting(SandboxInfo::sessionId).contains(claimed);
            // A sandbox counts as alive while it still starts (the network takes a moment): close once the refill is ready.
            awaitPooled(server);
            server.server().close();
            try (TestServer restarted = TestServer.start(dataDir, settings)) {
                assertThat(restarted.get("/api/sessions/" + claimed).statusCode()).isEqualTo(200);
                assertThat(awaitSandboxes(restarted, 2)).extracting(SandboxInfo::sessionId).contains(claimed);
                // The refilled sandbox is pooled again, not a session of anyone's.
                assertThat(Jsons.parse(restarted.get("/api/sessions").body())).hasSize(1);
            }
        }
    }

    @Test
    @DisplayName("a launch with a repository or agent settings starts a fresh sandbox instead")
    void userDataNeedsAFreshSandbox() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_WARM_POOL", "1"))) {
            awaitPooled(server);
            String pooled = awaitSandboxes(server, 1).getFirst().sessionId();
            var created = server.post("/api/sessions", "{\"agent_type\":\"shell\",\"repo_url\":\"https://example.invalid/r.git\"}");
            assertThat(Jsons.field(created.body(), "session_id")).isNotEqualTo(pooled);
        }
    }
}

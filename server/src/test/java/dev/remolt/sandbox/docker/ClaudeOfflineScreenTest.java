package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Claude Code CLI in the claude-code image. Its service cannot be reached from our build
 * machines, so whatever it shows offline must not raise a sign-in banner.
 */
@ExtendWith(RequiresDocker.class)
@Timeout(240)
class ClaudeOfflineScreenTest {
    @Test
    @DisplayName("the real claude CLI's offline screen raises no false sign-in banner")
    void offlineScreenRaisesNoBanner() throws Exception {
        DockerTestSupport.ensureImage("claude-code");
        try (TestServer server = TestServer.start(DockerTestSupport.serverSettings())) {
            var created = server.post("/api/sessions", "{\"agent_type\":\"claude-code\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = Jsons.field(created.body(), "session_id");
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", Duration.ofSeconds(60));
                terminal.type("claude\r");
                // Whatever it draws offline (a welcome, a theme picker, a connection error) takes a few seconds.
                terminal.awaitOutput(out -> out.contains("Claude") || out.contains("claude"), "the claude screen",
                        Duration.ofSeconds(60));
                Thread.sleep(8000);
                assertThat(terminal.events()).noneMatch(e -> e.contains("auth_url"));
            } finally {
                server.delete("/api/sessions/" + id);
            }
        }
    }
}

package dev.remolt.logs;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The Logs tab's socket: the agent's setup output, then lines as they are written. */
@Timeout(60)
class LogSocketTest {
    @Test
    @DisplayName("the logs socket shows the setup's output and follows new lines")
    void followsTheAgentsLogs() throws Exception {
        Path agents = Files.createTempDirectory("remolt-agents-");
        Files.createDirectories(agents.resolve("chatty"));
        Files.writeString(agents.resolve("chatty/agent.json"),
                "{\"id\":\"chatty\",\"name\":\"Chatty\",\"setup\":\"echo setup-says-hello; echo second line\"}");
        try (TestServer server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString()))) {
            String id = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"chatty\"}").body(), "session_id");
            try (TerminalClient logs = TerminalClient.connect(server.ws("/ws/logs/" + id))) {
                logs.awaitOutput(out -> logs.events().contains("setup-says-hello"), "the setup output", Duration.ofSeconds(10));
                server.server().runtime().exec(id, List.of("sh", "-c", "echo later-line >> ~/.remolt/logs/agent.log; "
                        + "echo appended >> ~/.remolt/logs/setup.log"));
                logs.awaitOutput(out -> logs.events().contains("appended"), "a followed line", Duration.ofSeconds(10));
            }
        }
    }
}

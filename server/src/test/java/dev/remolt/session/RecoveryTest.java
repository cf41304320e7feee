package dev.remolt.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start-up with bad or mismatched state: the server starts, adopts what lives, and ends what is gone. */
@Timeout(60)
class RecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "a {0} sessions.json is set aside and the session is rebuilt from its sandbox")
    @ValueSource(strings = {"corrupt", "truncated", "empty", "unknown-version"})
    void aBadStateFileIsSetAsideAndRebuiltFromLabels(String damage) throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-recovery-");
        String id;
        try (TestServer first = TestServer.start(dataDir, Map.of())) {
            id = first.createShell();
            first.server().close();
            Path file = dataDir.resolve("sessions.json");
            String saved = Files.readString(file);
            Files.writeString(file, switch (damage) {
                case "corrupt" -> "{\"version\":1,\"sessions\":[{\"session_id\": \u0000}";
                case "truncated" -> saved.substring(0, saved.length() / 2);
                case "empty" -> "";
                default -> "{\"version\":99,\"sessions\":[]}";
            });
            Files.writeString(dataDir.resolve("sessions.json.tmp"), "torn");
            try (TestServer second = TestServer.start(dataDir, Map.of())) {
                assertThat(second.get("/api/sessions/" + id).statusCode()).isEqualTo(200);
                try (Stream<Path> files = Files.list(dataDir)) {
                    assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("sessions.json.corrupt-"));
                }
                assertThat(Files.readString(dataDir.resolve("sessions.json"))).contains(id);
                try (TerminalClient terminal = TerminalClient.connect(second.ws("/ws/terminal/" + id))) {
                    terminal.awaitOutput("$ ", WAIT);
                }
            }
            // Closing the first server (without destroying) leaves the sandbox to the second, which cleans up.
        }
    }

    @Test
    @DisplayName("a saved session whose sandbox is gone ends with a reason, and a sandbox missing from the file is adopted")
    void goneSandboxesEndAndUnknownOnesAreAdopted() throws Exception {
        Path dataDir = Files.createTempDirectory("remolt-recovery-");
        Path events = dataDir.resolve("events.jsonl");
        String kept;
        String gone;
        try (TestServer first = TestServer.start(dataDir, Map.of())) {
            kept = first.createShell();
            gone = first.createShell();
            first.server().close();
            first.server().runtime().destroy(gone);
            // The file forgets the kept one: only its sandbox's labels remember it.
            String saved = Files.readString(dataDir.resolve("sessions.json"));
            Files.writeString(dataDir.resolve("sessions.json"), saved.replace(kept, "ffffffffffffffff"));
            try (TestServer second = TestServer.start(dataDir, Map.of("REMOLT_EVENTS_LOG", events.toString()))) {
                assertThat(second.get("/api/sessions/" + kept).statusCode()).isEqualTo(200);
                assertThat(second.get("/api/sessions/" + gone).statusCode()).isEqualTo(404);
                assertThat(second.get("/api/sessions/ffffffffffffffff").statusCode()).isEqualTo(404);
                String log = Files.readString(events);
                assertThat(log).contains("\"event\":\"session.recovered\",\"session_id\":\"" + kept + "\"");
                assertThat(log).contains("\"session_id\":\"" + gone + "\",\"reason\":\"sandbox_gone\"");
                assertThat(second.server().runtime().list()).hasSize(1);
            }
        }
    }
}

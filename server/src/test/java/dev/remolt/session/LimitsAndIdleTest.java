package dev.remolt.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.terminal.CloseCodes;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session limits answer 429 naming the limit; an idle session is warned, then ended. */
@Timeout(60)
class LimitsAndIdleTest {
    @Test
    @DisplayName("the per-user and the global limit answer 429 with Retry-After and say which limit")
    void limits() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS", "3"))) {
            server.createShell();
            server.createShell();
            var perUser = server.post("/api/sessions", "{}");
            assertThat(perUser.statusCode()).isEqualTo(429);
            assertThat(perUser.headers().firstValue("Retry-After")).isPresent();
            assertThat(Jsons.field(perUser.body(), "error")).isEqualTo("user_session_limit");
            assertThat(Jsons.field(perUser.body(), "message")).contains("2 sessions");
        }
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS", "1"))) {
            server.createShell();
            var global = server.post("/api/sessions", "{}");
            assertThat(global.statusCode()).isEqualTo(429);
            assertThat(Jsons.field(global.body(), "error")).isEqualTo("server_session_limit");
            assertThat(Jsons.field(global.body(), "message")).contains("REMOLT_MAX_SESSIONS");
        }
    }

    @Test
    @DisplayName("a quiet session gets an idle warning, then ends with reason idle")
    void idleSessionsAreWarnedThenEnded() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_IDLE_SECONDS", "4", "REMOLT_CLEANUP_INTERVAL", "1"))) {
            String id = server.createShell();
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", Duration.ofSeconds(10));
                assertThat(terminal.awaitClose(Duration.ofSeconds(15))).isEqualTo(CloseCodes.SESSION_GONE);
                assertThat(terminal.events()).anyMatch(e -> e.contains("\"type\":\"idle_warning\""));
                assertThat(terminal.events()).anyMatch(e -> e.contains("\"reason\":\"idle\""));
            }
            assertThat(server.get("/api/sessions/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("output keeps a session alive past the idle timeout")
    void outputIsActivity() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_IDLE_SECONDS", "3", "REMOLT_CLEANUP_INTERVAL", "1"))) {
            String id = server.createShell();
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", Duration.ofSeconds(10));
                terminal.type("while true; do date +%N; sleep 0.5; done\r");
                Thread.sleep(6000);
                assertThat(terminal.isOpen()).isTrue();
                assertThat(server.get("/api/sessions/" + id).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    @DisplayName("when the state file cannot be written, changes answer 503 and the previous file stays intact")
    void aFullDiskRefusesChanges() throws Exception {
        var dataDir = Files.createTempDirectory("remolt-full-");
        var stateDir = Files.createDirectories(dataDir.resolve("state"));
        var mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", stateDir.toString())
                .inheritIO().start();
        assertThat(mount.waitFor()).as("mounting a small tmpfs (needs root)").isZero();
        try (TestServer server = TestServer.start(dataDir, Map.of("REMOLT_SESSIONS_FILE", stateDir.resolve("sessions.json").toString(),
                "REMOLT_MAX_SESSIONS_PER_USER", "5"))) {
            String first = server.createShell();
            String before = Files.readString(stateDir.resolve("sessions.json"));
            var filler = stateDir.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) out.write(block);
            } catch (java.io.IOException full) {
                // The tmpfs is full now.
            }
            var refused = server.post("/api/sessions", "{}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(Jsons.field(refused.body(), "error")).isEqualTo("state_not_saved");
            assertThat(server.delete("/api/sessions/" + first).statusCode()).isEqualTo(503);
            assertThat(Files.readString(stateDir.resolve("sessions.json"))).isEqualTo(before);
            assertThat(server.server().runtime().list()).hasSize(1);

            Files.delete(filler);
            assertThat(server.post("/api/sessions", "{}").statusCode()).isEqualTo(200);
            assertThat(server.delete("/api/sessions/" + first).statusCode()).isEqualTo(200);
        } finally {
            new ProcessBuilder("umount", stateDir.toString()).inheritIO().start().waitFor();
        }
    }
}

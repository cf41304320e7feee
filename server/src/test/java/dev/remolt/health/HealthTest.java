package dev.remolt.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.BuildInfo;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} (liveness) and {@code /health/ready} (readiness) on a real server with the local runtime. */
@Timeout(60)
class HealthTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("/health answers the seed's fields plus the build's version and commit")
    void healthCarriesTheBuild() throws Exception {
        try (TestServer server = TestServer.start()) {
            var health = server.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Jsons.field(health.body(), "status")).isEqualTo("ok");
            assertThat(Jsons.field(health.body(), "runtime")).isEqualTo("local");
            assertThat(Jsons.field(health.body(), "version")).isEqualTo(BuildInfo.current().version()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(Jsons.field(health.body(), "commit")).isEqualTo(BuildInfo.current().commit());
        }
    }

    @Test
    @DisplayName("/health/ready is 503 with the reason while the state folder is gone, and 200 again once it is back")
    void readinessFailsAndRecovers() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        try (TestServer server = TestServer.start(Map.of("REMOLT_SESSIONS_FILE", state.resolve("sessions.json").toString()))) {
            var ready = server.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(Jsons.field(ready.body(), "status")).isEqualTo("ready");

            Path away = Files.move(state, dir.resolve("state-away"));
            var notReady = server.get("/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(Jsons.field(notReady.body(), "error")).isEqualTo("not_ready");
            assertThat(Jsons.field(notReady.body(), "message")).isEqualTo("Not ready: the state folder " + state + " does not exist.");
            // Liveness is unaffected: a restart would not bring the folder back.
            assertThat(server.get("/health").statusCode()).isEqualTo(200);

            Files.move(away, state);
            assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }
}

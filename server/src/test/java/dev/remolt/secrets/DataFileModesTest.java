package dev.remolt.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Everything the server writes about users (sessions, keys, secrets, events) is readable by its own user only. */
@Timeout(60)
class DataFileModesTest {
    private static final Set<PosixFilePermission> OTHERS_READ = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    @Test
    @DisplayName("sessions.json, the vault, the keys and the events log are 0600 in folders 0700 (the data folder at most traversable)")
    void dataFilesAreOwnerOnly() throws Exception {
        Path data = Files.createTempDirectory("remolt-modes-");
        Path events = data.resolve("events").resolve("events.log");
        try (TestServer server = TestServer.start(data, Map.of("REMOLT_EVENTS_LOG", events.toString()))) {
            server.createShell();
            assertThat(server.put("/api/keys", "{\"keys\":{\"ANTHROPIC_API_KEY\":\"sk-CANARY-1\"}}").statusCode()).isEqualTo(200);
            for (Path file : List.of(data.resolve("sessions.json"), data.resolve("secrets.key"), data.resolve("apps.key"), events)) {
                assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
            }
            try (var vault = Files.list(data.resolve("vault"))) {
                assertThat(vault.toList()).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------"));
            }
            assertThat(mode(data.resolve("vault"))).isEqualTo("rwx------");
            assertThat(mode(events.getParent())).isEqualTo("rwx------");
            assertThat(Files.getPosixFilePermissions(data)).as("the data folder").doesNotContainAnyElementsOf(OTHERS_READ);
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

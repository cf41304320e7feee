package dev.remolt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web app's end-to-end suite (app/e2e, Playwright driving Debian's Chromium at desktop and
 * phone sizes) against a real server: launch, type, tabs, search, paste, upload and download,
 * reload, end. Run from here so that it is part of the test command.
 */
@Timeout(300)
class AppEndToEndTest {
    private static final Path APP = TestServer.AGENTS.resolveSibling("app").normalize();

    @Test
    @DisplayName("the web app's end-to-end suite passes against a real server, with nothing skipped")
    void appSuitePasses() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", APP.resolve("e2e/agents").toString(),
                "REMOLT_MAX_SESSIONS_PER_USER", "10"))) {
            Path output = Files.createDirectories(Path.of("target", "e2e")).resolve("app-e2e.log");
            ProcessBuilder npm = new ProcessBuilder("npm", "run", "e2e").directory(APP.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            npm.environment().put("REMOLT_URL", server.baseUrl());
            Process process = npm.start();
            boolean finished = process.waitFor(240, TimeUnit.SECONDS);
            if (!finished) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("the suite finished within 240 s: " + log).isTrue();
            assertThat(process.exitValue()).as(log).isZero();
            assertThat(log).contains("# fail 0").containsPattern("# skip(ped)? 0");
        }
    }
}

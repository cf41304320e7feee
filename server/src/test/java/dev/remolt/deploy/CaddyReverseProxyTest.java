package dev.remolt.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The docs' Caddyfile (deploy/caddy/Caddyfile, its HTTPS site swapped for a loopback port) run by Debian's Caddy. */
@Timeout(120)
class CaddyReverseProxyTest {
    private static final Path CADDY = Path.of("/usr/bin/caddy");

    @TempDir
    Path dir;

    static String caddyfile(int listen, int upstream) throws IOException {
        String example = Files.readString(QuickStartScript.REPO.resolve("deploy/caddy/Caddyfile"));
        String site = example.replace("remolt.example.com {", "http://127.0.0.1:" + listen + " {")
                .replace("reverse_proxy 127.0.0.1:8080", "reverse_proxy 127.0.0.1:" + upstream);
        assertThat(site.lines().filter(l -> !l.startsWith("#"))).noneMatch(l -> l.contains("example.com") || l.contains(":8080"));
        // No admin endpoint (a fixed port) and no certificate automation on a test machine.
        return "{\n\tadmin off\n\tauto_https off\n}\n" + site;
    }

    @Test
    @DisplayName("through Caddy a session starts, its terminal runs a command, an upload lands, and the app's WebSocket echoes")
    void terminalUploadAndAppSocketThroughCaddy() throws Exception {
        assertThat(CADDY).as("caddy (apt-get install caddy; .ci/run installs it)").isExecutable();
        int port = ThroughAProxy.freePort();
        try (ThroughAProxy through = ThroughAProxy.start(port, dir, upstream -> {
            try {
                Files.writeString(dir.resolve("Caddyfile"), caddyfile(port, upstream));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of(CADDY.toString(), "run", "--adapter", "caddyfile", "--config", dir.resolve("Caddyfile").toString());
        }, Map.of("HOME", dir.toString(), "XDG_DATA_HOME", dir.resolve("data").toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString()))) {
            through.runsATerminalAnUploadAndAnAppSocket();
        }
    }
}

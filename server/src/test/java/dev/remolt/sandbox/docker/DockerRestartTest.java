package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Docker daemon stops and starts again under a running session. With live-restore on, the
 * sandbox keeps running, the session is not ended while the engine is away, and the terminal
 * reattaches to the same tmux with its work still going.
 */
@ExtendWith(RequiresDocker.class)
@Timeout(240)
class DockerRestartTest {
    private static final Path PID_FILE = Path.of("/var/run/docker.pid");

    @Test
    @DisplayName("with live-restore, a session survives a Docker daemon restart and reattaches")
    void sessionSurvivesADaemonRestart() throws Exception {
        Process info = new ProcessBuilder("docker", "info", "--format", "{{.LiveRestoreEnabled}}").redirectErrorStream(true).start();
        boolean liveRestore = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().equals("true");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(liveRestore, "dockerd runs without live-restore; .ci/run configures it");
        }
        assertThat(liveRestore).as("live-restore in /etc/docker/daemon.json (.ci/run sets it)").isTrue();
        DockerTestSupport.ensureImage("shell");
        try (TestServer server = TestServer.start(DockerTestSupport.serverSettings())) {
            var created = server.post("/api/sessions", "{\"agent_type\":\"shell\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = Jsons.field(created.body(), "session_id");
            try {
                try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                    terminal.awaitOutput("$ ", Duration.ofSeconds(60));
                    terminal.type("for i in $(seq 1 100000); do echo beat-$i; sleep 0.5; done\r");
                    terminal.awaitOutput("beat-2", Duration.ofSeconds(10));
                }
                restartDaemon(server);
                assertThat(server.get("/api/sessions/" + id).statusCode()).as("not ended while the engine was away").isEqualTo(200);
                try (TerminalClient again = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                    Pattern beat = Pattern.compile("beat-(\\d+)");
                    again.awaitOutput(out -> {
                        Matcher m = beat.matcher(out);
                        int max = 0;
                        while (m.find()) max = Math.max(max, Integer.parseInt(m.group(1)));
                        return max > 12;
                    }, "the loop still beating after the restart", Duration.ofSeconds(30));
                }
            } finally {
                server.delete("/api/sessions/" + id);
            }
        }
    }

    /** Stops dockerd with SIGTERM, checks the API answers quickly meanwhile, and starts it again as it was. */
    private static void restartDaemon(TestServer server) throws Exception {
        long pid = Long.parseLong(Files.readString(PID_FILE).strip());
        List<String> argv = new ArrayList<>(Arrays.asList(
                Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8).split("\0")));
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            daemon.destroy();
            daemon.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            long asked = System.nanoTime();
            var refused = server.post("/api/sessions", "{\"agent_type\":\"shell\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
            Thread.sleep(3000); // longer than a liveness sweep: the session must survive it
        } finally {
            List<String> command = new ArrayList<>(List.of("setsid"));
            command.addAll(argv);
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("/tmp/remolt-test-dockerd.log")))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (DockerConnection.unavailableReason().isPresent()) {
                if (System.nanoTime() > deadline) throw new AssertionError("dockerd did not come back within 60 s");
                Thread.sleep(250);
            }
        }
    }
}

package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SECURITY T59 on the docker runtime: streamed execs (the logs' {@code tail -F}, the proxy's port
 * streams) end with every process they started once their socket closes, so opening and closing
 * 200 of each leaves the sandbox's processes and the server's threads where they were.
 */
@ExtendWith(RequiresDocker.class)
@Timeout(300)
class DockerStreamsTest {
    /** A dashboard that accepts WebSockets and then just holds them open: node is in every sandbox image. */
    private static final String HOLDING_APP = """
            const http = require('http'), crypto = require('crypto');
            const server = http.createServer((req, res) => res.end('ok'));
            server.on('upgrade', (req, socket) => {
              const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
              socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: ' + accept + '\\r\\n\\r\\n');
              socket.on('error', () => {});
            });
            server.listen(8766, '127.0.0.1');
            """;
    private static TestServer server;
    private static String id;

    @BeforeAll
    @Timeout(1200)
    static void start() throws Exception {
        Path agents = Files.createTempDirectory("remolt-agents-");
        Files.createDirectories(agents.resolve("holder"));
        Files.writeString(agents.resolve("holder/agent.json"), """
                {"id":"holder","name":"Holder","install":"","ports":[{"port":8766,"label":"Holder"}]}
                """);
        // Built here, not by the create request, whose timeout an image build would outlast.
        try (var docker = DockerConnection.open(null)) {
            new ImageBuilder(docker, DockerTestSupport.settings(false)).ensure(AgentCatalog.load(agents).find("holder").orElseThrow());
        }
        Map<String, String> settings = new HashMap<>(DockerTestSupport.serverSettings());
        settings.put("REMOLT_AGENTS_DIR", agents.toString());
        server = TestServer.start(settings);
        var created = server.post("/api/sessions", "{\"agent_type\":\"holder\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        id = Jsons.field(created.body(), "session_id");
        server.server().runtime().exec(id, List.of("sh", "-c", "cat > ~/holder.js <<'JS'\n" + HOLDING_APP + "JS\n"
                + "nohup node ~/holder.js >/dev/null 2>&1 &"));
        awaitAtMost(Duration.ofSeconds(20), DockerStreamsTest::appDown, 0, "the app to answer");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    @DisplayName("opening and closing 200 log sockets and 200 dashboard sockets leaves the sandbox's processes and the server's threads at baseline")
    void closedStreamsLeaveNothingBehind() throws Exception {
        int processes = sandboxProcesses();
        int threads = serverThreads();
        for (int i = 0; i < 200; i++) {
            TerminalClient logs = TerminalClient.connect(server.ws("/ws/logs/" + id));
            if (i % 50 == 0) logs.awaitOutput(out -> !logs.events().isEmpty(), "a log line", Duration.ofSeconds(10));
            logs.closeCleanly(Duration.ofSeconds(10));
            TerminalClient dashboard = TerminalClient.connect(server.ws("/proxy/" + id + "/socket"));
            assertThat(dashboard.isOpen()).isTrue();
            // Every tenth one vanishes without a close handshake, as a killed tab does.
            if (i % 10 == 0) dashboard.close();
            else dashboard.closeCleanly(Duration.ofSeconds(10));
        }
        awaitAtMost(Duration.ofSeconds(60), DockerStreamsTest::sandboxProcesses, processes, "sandbox processes");
        awaitAtMost(Duration.ofSeconds(60), DockerStreamsTest::serverThreads, threads + 10, "server threads");
    }

    /** Processes in the sandbox, not counting the {@code sh} and {@code ps} that count them. */
    private static int sandboxProcesses() {
        try {
            String out = server.server().runtime().exec(id, List.of("sh", "-c", "ps -e -o pid= | wc -l")).output().strip();
            return Integer.parseInt(out) - 3;
        } catch (Exception e) {
            throw new AssertionError("cannot count the sandbox's processes", e);
        }
    }

    private static int appDown() {
        try {
            return server.get("/proxy/" + id + "/").statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            throw new AssertionError("cannot ask the app", e);
        }
    }

    private static int serverThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static void awaitAtMost(Duration limit, IntSupplier count, int atMost, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int now;
        while ((now = count.getAsInt()) > atMost) {
            if (System.nanoTime() > deadline) {
                String ps = server == null || id == null ? "" : server.server().runtime().exec(id, List.of("ps", "-eo", "pid,pgid,args")).output();
                throw new AssertionError(what + ": " + now + ", expected at most " + atMost + "\n" + ps);
            }
            Thread.sleep(250);
        }
    }
}

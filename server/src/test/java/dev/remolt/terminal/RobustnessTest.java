package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SECURITY.md rows T23, T24, T25 and T28 against a real server: bounded, fair, and still working after. */
@Timeout(180)
class RobustnessTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    @DisplayName("T23: one user's open terminal sockets are capped; closing them frees the places")
    void connectionsPerUserAreCapped() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_CONNECTIONS_PER_USER", "4"))) {
            String id = server.createShell();
            List<TerminalClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) open.add(TerminalClient.connect(server.ws("/ws/terminal/" + id)));
                for (TerminalClient c : open) c.awaitOutput("$ ", WAIT);
                var refused = org.assertj.core.api.Assertions.catchThrowable(() -> TerminalClient.connect(server.ws("/ws/terminal/" + id)));
                assertThat(refused).hasStackTraceContaining("429");
            } finally {
                for (TerminalClient c : open) c.close();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try (TerminalClient again = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                    again.awaitOutput("$ ", WAIT);
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(100); // closes are processed asynchronously
                }
            }
        }
    }

    @Test
    @DisplayName("T24: with 20 viewers and one of them stalled, the other 19 still see typed output quickly")
    void twentyViewersOneStalled() throws Exception {
        try (TestServer server = TestServer.start()) {
            String id = server.createShell();
            List<TerminalClient> viewers = new ArrayList<>();
            try (Socket stalled = stalledViewer(server, id)) {
                for (int i = 0; i < 19; i++) viewers.add(TerminalClient.connect(server.ws("/ws/terminal/" + id)));
                for (TerminalClient v : viewers) v.awaitOutput("$ ", WAIT);
                viewers.getFirst().type("seq 1 20000 | tail -c 100000 | head -c 30000; echo\r");
                Thread.sleep(1000);
                long sent = System.nanoTime();
                viewers.getFirst().type("echo ma''rk-$((3*7))\r");
                for (TerminalClient v : viewers) v.awaitOutput("mark-21", WAIT);
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("all 19 saw the echo").isLessThan(Duration.ofSeconds(3));
                assertThat(stalled.isClosed()).isFalse();
            } finally {
                for (TerminalClient v : viewers) v.close();
            }
        }
    }

    @Test
    @DisplayName("T25: concurrent creates stop exactly at the cap with 429, and no sandbox is shared or duplicated")
    void concurrentCreatesStopAtTheCap() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS", "6", "REMOLT_MAX_SESSIONS_PER_USER", "50"))) {
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    Callable<HttpResponse<String>> create = () -> server.post("/api/sessions", "{\"agent_type\":\"shell\"}");
                    answers.add(pool.submit(create));
                }
                Set<String> ids = new HashSet<>();
                int refused = 0;
                for (Future<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                    if (response.statusCode() == 200) {
                        ids.add(Jsons.field(response.body(), "session_id"));
                    } else {
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                        assertThat(response.headers().firstValue("Retry-After")).isPresent();
                        refused++;
                    }
                }
                assertThat(ids).hasSize(6);
                assertThat(refused).isEqualTo(6);
                assertThat(server.server().runtime().list()).hasSize(6)
                        .extracting(info -> info.sessionId()).containsExactlyInAnyOrderElementsOf(ids);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("T28: a 10 MB paste is written in bounded chunks, the shell survives it, and Ctrl-C still works")
    void aHugePasteIsBounded() throws Exception {
        try (TestServer server = TestServer.start()) {
            String id = server.createShell();
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", WAIT);
                terminal.type("cat > /dev/null\r");
                Thread.sleep(300);
                String chunk = "p".repeat(63 * 1024) + "\n";
                for (int i = 0; i < 160; i++) terminal.type(chunk); // 10 MB, each frame under the 64 KiB limit
                terminal.clearOutput();
                terminal.type("\u0003");
                // Ctrl-C also flushes what the tty still holds: type only once the prompt is back.
                terminal.awaitOutput("$ ", Duration.ofSeconds(30));
                terminal.type("echo after-pa''ste\r");
                terminal.awaitOutput("after-paste", Duration.ofSeconds(30));
                assertThat(terminal.isOpen()).isTrue();
            }
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
        }
    }

    /** Upgrades a raw socket to a WebSocket, then never reads again. */
    private static Socket stalledViewer(TestServer server, String id) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.server().port()), 5000);
        socket.getOutputStream().write(("GET /ws/terminal/" + id + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.server().port()
                + "\r\nOrigin: " + server.baseUrl() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }
}

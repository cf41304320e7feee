package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TestServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** T22: hundreds of clients trickling their headers do not starve anyone else. */
@Timeout(120)
class SlowClientsTest {
    private static final int SLOW_CLIENTS = 300;

    @Test
    @DisplayName("300 sockets sending headers a byte at a time leave /health answering fast")
    void slowlorisDoesNotStarveOthers() throws Exception {
        try (TestServer server = TestServer.start()) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.server().port()), 5_000);
                    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                }
                long[] latencies = new long[40];
                for (int round = 0; round < latencies.length; round++) {
                    for (Socket socket : slow) trickle(socket);
                    long started = System.nanoTime();
                    assertThat(server.get("/health").statusCode()).isEqualTo(200);
                    latencies[round] = System.nanoTime() - started;
                    Thread.sleep(100);
                }
                Arrays.sort(latencies);
                Duration p95 = Duration.ofNanos(latencies[(int) (latencies.length * 0.95) - 1]);
                assertThat(p95).as("p95 of /health during the attack").isLessThan(Duration.ofSeconds(1));
            } finally {
                for (Socket socket : slow) socket.close();
            }
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
        }
    }

    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write('X');
            out.flush();
        } catch (Exception e) {
            // The server may close a slow socket: that is allowed.
        }
    }
}

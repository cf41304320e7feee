package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Output floods with slow, stalled and non-acking viewers: memory stays bounded and Ctrl-C gets through. */
@Timeout(120)
class FloodTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "10"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @DisplayName("a viewer that never acks receives no more than the high watermark plus one frame")
    void aViewerThatNeverAcksIsPaused() throws Exception {
        String id = server.createShell();
        try (TerminalClient flooder = TerminalClient.connect(server.ws("/ws/terminal/" + id));
             TerminalClient silent = TerminalClient.connect(server.ws("/ws/terminal/" + id + "?flow=ack"))) {
            flooder.awaitOutput("$ ", WAIT);
            flooder.type("cat /dev/urandom | base64\r");
            // tmux sends screen updates, not every byte: wait (bounded) until the flood clearly passed the window.
            flooder.awaitOutput(out -> flooder.bytesReceived() > FlowControl.HIGH_WATERMARK * 2,
                    "a flood of twice the high watermark", Duration.ofSeconds(30));
            assertThat(silent.bytesReceived()).isLessThanOrEqualTo(FlowControl.HIGH_WATERMARK + 16 * 1024);
            assertThat(silent.bytesReceived()).isGreaterThanOrEqualTo(FlowControl.HIGH_WATERMARK);

            // Acknowledging lets output flow again.
            long before = silent.bytesReceived();
            silent.sendText("{\"type\":\"ack\",\"bytes\":" + before + "}");
            silent.awaitOutput(out -> silent.bytesReceived() > before, "more output after the ack", WAIT);

            flooder.type("\u0003");
            flooder.clearOutput();
            flooder.type("echo calm''-again\r");
            flooder.awaitOutput("calm-again", WAIT);
        }
    }

    @Test
    @DisplayName("a stalled viewer neither grows memory nor slows the others, and Ctrl-C stops a flood")
    void aStalledViewerDoesNotHurtTheOthers() throws Exception {
        String id = server.createShell();
        try (TerminalClient active = TerminalClient.connect(server.ws("/ws/terminal/" + id));
             Socket stalled = stalledViewer(id)) {
            active.awaitOutput("$ ", WAIT);
            long heapBefore = usedHeap();
            active.type("yes flood-line-of-text\r");
            Thread.sleep(1000);
            long received = active.bytesReceived();
            Thread.sleep(3000);
            assertThat(active.bytesReceived()).as("the active viewer keeps receiving").isGreaterThan(received + 100_000);
            assertThat(usedHeap() - heapBefore).as("heap growth during the flood").isLessThan(64L * 1024 * 1024);

            long sent = System.nanoTime();
            active.type("\u0003");
            active.clearOutput();
            active.awaitOutput(out -> out.contains("$ "), "a prompt after Ctrl-C", Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            active.type("echo still-resp''onsive\r");
            active.awaitOutput("still-responsive", WAIT);
            assertThat(stalled.isClosed()).isFalse();
        }
    }

    /** Upgrades a raw socket to a WebSocket, then never reads again. */
    private static Socket stalledViewer(String id) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.server().port()), 5000);
        socket.getOutputStream().write(("GET /ws/terminal/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static long usedHeap() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

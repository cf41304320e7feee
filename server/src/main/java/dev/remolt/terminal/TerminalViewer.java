package dev.remolt.terminal;

import dev.remolt.metrics.ServerMetrics;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import dev.remolt.session.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser (or script) attached to a session: its own tmux client, and one thread that pumps
 * that client's output to the socket. The pump waits for each frame to be written before reading
 * more, so a stalled viewer holds at most one frame of memory and slows nobody else.
 */
final class TerminalViewer {
    private static final Logger log = LoggerFactory.getLogger(TerminalViewer.class);
    private static final int FRAME_BYTES = 16 * 1024;
    private static final long SEND_TIMEOUT_SECONDS = 120;
    // Pty reads block in native code, which would pin a virtual thread's carrier: use small platform threads.
    private static final long PUMP_STACK_BYTES = 256 * 1024;

    private final Session session;
    private final org.eclipse.jetty.websocket.api.Session socket;
    private final TerminalChannel channel;
    private final FlowControl flow;
    private final OutputListener onOutput;
    private final Runnable onOutputEnd;
    private volatile boolean closed;
    private volatile boolean loggedIgnoredFrame;

    TerminalViewer(Session session, org.eclipse.jetty.websocket.api.Session socket, TerminalChannel channel,
                   boolean acks, OutputListener onOutput, Runnable onOutputEnd) {
        this.session = session;
        this.socket = socket;
        this.channel = channel;
        this.flow = new FlowControl(acks);
        this.onOutput = onOutput;
        this.onOutputEnd = onOutputEnd;
    }

    /** Sees every chunk of output after it was sent, on the pump thread. */
    @FunctionalInterface
    interface OutputListener {
        void output(byte[] buffer, int count);
    }

    void start() {
        new Thread(null, this::pump, "tty-" + session.id(), PUMP_STACK_BYTES).start();
    }

    private void pump() {
        byte[] buffer = new byte[FRAME_BYTES];
        try {
            while (!closed) {
                flow.awaitCredit();
                int count = channel.read(buffer);
                if (count < 0) break;
                if (count == 0) continue;
                Callback.Completable written = new Callback.Completable();
                socket.sendBinary(ByteBuffer.wrap(buffer, 0, count), written);
                written.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                flow.sent(count);
                ServerMetrics.TERMINAL_BYTES.add(count, "out");
                session.touch();
                onOutput.output(buffer, count);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            if (!closed) log.debug("terminal output of session {} stopped: {}", session.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!closed) onOutputEnd.run();
        }
    }

    void input(ByteBuffer data) {
        if (closed || !data.hasRemaining()) return;
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        try {
            channel.write(bytes, 0, bytes.length);
            ServerMetrics.TERMINAL_BYTES.add(bytes.length, "in");
            session.touch();
        } catch (IOException e) {
            log.debug("terminal input to session {} failed: {}", session.id(), e.toString());
        }
    }

    void control(String text) {
        switch (ControlFrame.parse(text)) {
            case ControlFrame.Resize resize -> resize(resize.size());
            case ControlFrame.Ack ack -> flow.acked(ack.bytes());
            case ControlFrame.Ignored ignored -> {
                // Once per viewer: a misbehaving client must not flood the log.
                if (!loggedIgnoredFrame) log.info("ignored a control frame on session {}: {}", session.id(), ignored.why());
                loggedIgnoredFrame = true;
            }
        }
    }

    private void resize(TerminalSize size) {
        try {
            channel.resize(size);
        } catch (IOException e) {
            log.warn("resize of session {} failed, but will continue: {}", session.id(), e.getMessage());
        }
    }

    void sendEvent(String json) {
        if (socket.isOpen()) socket.sendText(json, Callback.NOOP);
    }

    void close(int code, String reason) {
        if (closed) return;
        closed = true;
        flow.close();
        channel.close();
        if (socket.isOpen()) socket.close(code, reason, Callback.NOOP);
    }

    Session session() {
        return session;
    }
}

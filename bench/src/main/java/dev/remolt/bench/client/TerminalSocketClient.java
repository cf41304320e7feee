package dev.remolt.bench.client;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A browser's terminal socket, {@code /ws/terminal/{id}}: keystrokes out, tmux's output in. */
public final class TerminalSocketClient implements Terminal {
    private final Session session;

    private TerminalSocketClient(Session session) {
        this.session = session;
    }

    /** Connects and returns once the upgrade is answered; output goes to {@code sink} from then on. */
    public static TerminalSocketClient connect(WebSocketClient client, URI uri, OutputSink sink)
            throws IOException, InterruptedException {
        return connect(client, uri, sink, () -> {});
    }

    /** As {@link #connect(WebSocketClient, URI, OutputSink)}; {@code onClose} runs when the socket closes, whoever closed it. */
    public static TerminalSocketClient connect(WebSocketClient client, URI uri, OutputSink sink, Runnable onClose)
            throws IOException, InterruptedException {
        try {
            // The server takes upgrades only from its own page's origin, as a browser sends it.
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.setHeader("Origin", "http://" + uri.getRawAuthority());
            Session session = client.connect(new Listener(sink, onClose), uri, request).get(10, TimeUnit.SECONDS);
            return new TerminalSocketClient(session);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot open the terminal socket " + uri + ": " + e, e);
        }
    }

    // Public: Jetty binds the listener's methods through method handles from outside this package.
    public static final class Listener extends Session.Listener.AbstractAutoDemanding {
        private final OutputSink sink;
        private final Runnable onClose;

        Listener(OutputSink sink, Runnable onClose) {
            this.sink = sink;
            this.onClose = onClose;
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            onClose.run();
            callback.succeed();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            long now = System.nanoTime();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            sink.received(bytes, 0, bytes.length, now);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // Expected: ending a session closes its socket from the server side while we close ours.
        }
    }

    @Override
    public void type(byte[] keys) {
        session.sendBinary(ByteBuffer.wrap(keys), Callback.NOOP);
    }

    public void resize(int cols, int rows) {
        session.sendText("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}", Callback.NOOP);
    }

    /** Sends one JSON control frame, such as an ack. */
    public void sendText(String json) {
        session.sendText(json, Callback.NOOP);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Drops the connection without a close handshake, as a lost network or a killed tab does. */
    public void drop() {
        session.disconnect();
    }

    @Override
    public void close() {
        if (session.isOpen()) session.close();
    }
}

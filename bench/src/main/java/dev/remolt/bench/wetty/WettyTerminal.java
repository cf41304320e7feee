package dev.remolt.bench.wetty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.remolt.bench.client.OutputSink;
import dev.remolt.bench.client.Terminal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A wetty client: socket.io v4 (Engine.IO 4) over a plain WebSocket, as wetty's page speaks it.
 * {@code 0{..}} open, {@code 40} connect, {@code 2}/{@code 3} ping/pong, events as
 * {@code 42["name",arg]}: {@code input} and {@code resize} out, {@code data} in, and
 * {@code commit} acks for wetty's own flow control (it pauses the pty past 2 MB uncommitted).
 */
public final class WettyTerminal implements Terminal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Session session;

    private WettyTerminal(Session session) {
        this.session = session;
    }

    public static WettyTerminal connect(WebSocketClient client, URI uri, OutputSink sink) throws IOException, InterruptedException {
        Listener listener = new Listener(sink);
        try {
            Session session = client.connect(listener, uri, new ClientUpgradeRequest()).get(10, TimeUnit.SECONDS);
            if (!listener.loggedIn.await(10, TimeUnit.SECONDS)) throw new IOException("wetty never spawned the terminal");
            return new WettyTerminal(session);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot open wetty's socket " + uri + ": " + e, e);
        }
    }

    public static final class Listener extends Session.Listener.AbstractAutoDemanding {
        private final OutputSink sink;
        private final CountDownLatch loggedIn = new CountDownLatch(1);

        Listener(OutputSink sink) {
            this.sink = sink;
        }

        @Override
        public void onWebSocketText(String message) {
            long now = System.nanoTime();
            Session session = getSession();
            if (message.startsWith("0")) {
                session.sendText("40", Callback.NOOP);
            } else if (message.equals("2")) {
                session.sendText("3", Callback.NOOP);
            } else if (message.startsWith("42")) {
                try {
                    JsonNode event = JSON.readTree(message.substring(2));
                    String name = event.path(0).asText();
                    if ("data".equals(name)) {
                        String text = event.path(1).asText();
                        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                        sink.received(bytes, 0, bytes.length, now);
                        session.sendText("42[\"commit\"," + text.length() + "]", Callback.NOOP);
                    } else if ("login".equals(name)) {
                        loggedIn.countDown();
                    }
                } catch (IOException e) {
                    // not an event we read
                }
            } else if (message.startsWith("40")) {
                // connected to the namespace; wetty then emits login once its pty runs
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // closing from our side
        }
    }

    @Override
    public void type(byte[] keys) {
        String text = new String(keys, StandardCharsets.ISO_8859_1);
        String json = JsonNodeFactory.instance.arrayNode().add("input").add(text).toString();
        session.sendText("42" + json, Callback.NOOP);
    }

    public void resize(int cols, int rows) {
        session.sendText("42[\"resize\",{\"cols\":" + cols + ",\"rows\":" + rows + "}]", Callback.NOOP);
    }

    @Override
    public void close() {
        if (session.isOpen()) session.close();
    }
}

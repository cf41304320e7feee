package dev.remolt.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A scripted terminal viewer: types bytes, collects output, and waits (with a timeout) for text. */
public final class TerminalClient implements AutoCloseable {
    private final WebSocketClient client = new WebSocketClient();
    private final StringBuffer output = new StringBuffer();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private volatile long bytesReceived;
    private Session session;

    private TerminalClient() {}

    /** Connects as the page would: with its own origin ({@code http://host:port} of the socket). */
    public static TerminalClient connect(URI uri) throws Exception {
        return connect(uri, Map.of("Origin", originOf(uri)));
    }

    /** Connects with exactly these headers (an {@code Origin}, a {@code Cookie}, or neither). */
    public static TerminalClient connect(URI uri, Map<String, String> headers) throws Exception {
        TerminalClient terminal = new TerminalClient();
        terminal.client.setMaxBinaryMessageSize(1 << 20);
        terminal.client.start();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        headers.forEach(request::setHeader);
        try {
            terminal.session = terminal.client.connect(terminal.new Listener(), uri, request).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            terminal.client.stop();
            throw e;
        }
        return terminal;
    }

    /** The page origin a browser would send for a socket at {@code uri}. */
    public static String originOf(URI uri) {
        return (uri.getScheme().equals("wss") ? "https" : "http") + "://" + uri.getRawAuthority();
    }

    public final class Listener extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            bytesReceived += payload.remaining();
            output.append(StandardCharsets.UTF_8.decode(payload));
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String message) {
            events.add(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeReason.complete(reason);
            closeCode.complete(statusCode);
        }
    }

    public void type(String keys) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendBinary(ByteBuffer.wrap(keys.getBytes(StandardCharsets.UTF_8)), sent);
        sent.get(5, TimeUnit.SECONDS);
    }

    public void sendText(String text) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        sent.get(5, TimeUnit.SECONDS);
    }

    public void resize(int cols, int rows) throws Exception {
        sendText("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}");
    }

    /** Waits until the output seen so far contains {@code text}; fails with the output after the timeout. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        awaitOutput(out -> out.contains(text), "\"" + text + "\"", timeout);
    }

    public void awaitOutput(Predicate<String> condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(output.toString())) return;
            Thread.sleep(20);
        }
        String seen = output.toString();
        throw new AssertionError("no " + what + " within " + timeout + "; last output: "
                + seen.substring(Math.max(0, seen.length() - 600)).replaceAll("\\p{Cntrl}", "."));
    }

    public String output() {
        return output.toString();
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public List<String> events() {
        return events;
    }

    public void clearOutput() {
        output.setLength(0);
    }

    public int awaitClose(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String closeReason() {
        return closeReason.getNow(null);
    }

    public boolean isOpen() {
        return session != null && session.isOpen();
    }

    /** Closes as a browser does, with the close handshake, and waits for the server's answer. */
    public void closeCleanly(Duration timeout) throws Exception {
        try {
            if (session != null && session.isOpen()) session.close(1000, "bye", org.eclipse.jetty.websocket.api.Callback.NOOP);
            awaitClose(timeout);
        } finally {
            client.stop();
        }
    }

    @Override
    public void close() throws Exception {
        if (session != null && session.isOpen()) session.close();
        client.stop();
    }
}

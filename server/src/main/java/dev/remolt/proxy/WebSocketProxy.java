package dev.remolt.proxy;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.StreamingExec;
import dev.remolt.terminal.UserSockets;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges a browser's WebSocket to an app's WebSocket inside the sandbox: the server does the
 * app-side handshake itself over a byte stream opened in the sandbox, then relays messages. Each
 * bridge holds a thread and a stream, so it counts toward its user's socket cap.
 */
public final class WebSocketProxy {
    private static final Logger log = LoggerFactory.getLogger(WebSocketProxy.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The largest message relayed either way unless {@link #open} is given another. */
    public static final int MAX_MESSAGE = WebSocketFrames.MAX_MESSAGE;

    private final SandboxRuntime runtime;
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    private final Consumer<String> activity;
    private final UserSockets userSockets;

    private record Link(String sessionId, StreamingExec upstream, OutputStream out) {}

    /** {@code activity} hears the session id of every relayed message: proxied traffic counts against idleness. */
    public WebSocketProxy(SandboxRuntime runtime, Consumer<String> activity, UserSockets userSockets) {
        this.runtime = runtime;
        this.activity = activity;
        this.userSockets = userSockets;
    }

    /** Before the upgrade: a user at the socket cap gets a 429. */
    public void refuseWhenFull(String user) {
        userSockets.refuseWhenFull(user);
    }

    public void open(WsContext ctx, String user, String sessionId, int port, String pathAndQuery, Map<String, String> addedHeaders) {
        open(ctx, user, sessionId, port, pathAndQuery, addedHeaders, MAX_MESSAGE);
    }

    /** @param maxMessage the largest message relayed either way, in bytes (the browser's socket is set to it too) */
    public void open(WsContext ctx, String user, String sessionId, int port, String pathAndQuery, Map<String, String> addedHeaders,
                     int maxMessage) {
        if (!userSockets.open(user, ctx)) return;
        if (maxMessage != MAX_MESSAGE) {
            ctx.session.setMaxBinaryMessageSize(maxMessage);
            ctx.session.setMaxTextMessageSize(maxMessage);
        }
        StreamingExec upstream;
        try {
            upstream = runtime.openPort(sessionId, port);
        } catch (SandboxException e) {
            ctx.closeSession(1011, "cannot reach the app");
            return;
        }
        try {
            byte[] key = new byte[16];
            RANDOM.nextBytes(key);
            Map<String, String> upgrade = new LinkedHashMap<>(addedHeaders);
            upgrade.put("Upgrade", "websocket");
            upgrade.put("Connection", "Upgrade");
            upgrade.put("Sec-WebSocket-Version", "13");
            upgrade.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
            Map<String, List<String>> headers = ctx.headerMap().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
            OutputStream out = upstream.stdin();
            out.write(ProxiedRequest.head("GET", pathAndQuery, port, headers, upgrade));
            out.flush();
            UpstreamResponse response = UpstreamResponse.read(upstream.stdout());
            if (response == null || response.status() != 101) {
                upstream.close();
                ctx.closeSession(1011, response == null ? "nothing listens on port " + port : "the app refused the WebSocket");
                return;
            }
            links.put(ctx.sessionId(), new Link(sessionId, upstream, out));
            // Closed while the app was being reached: onClose found nothing to close then.
            if (!ctx.session.isOpen()) {
                close(ctx.sessionId());
                return;
            }
            activity.accept(sessionId);
            Thread.ofPlatform().daemon().name("ws-proxy-" + sessionId).start(() -> relayFromApp(ctx, upstream, maxMessage));
        } catch (IOException e) {
            upstream.close();
            ctx.closeSession(1011, "cannot reach the app");
        }
    }

    private void relayFromApp(WsContext ctx, StreamingExec upstream, int maxMessage) {
        try {
            for (WebSocketFrames.Message m; (m = WebSocketFrames.read(upstream.stdout(), maxMessage)) != null; ) {
                Callback.Completable sent = new Callback.Completable();
                switch (m.opcode()) {
                    case WebSocketFrames.TEXT -> ctx.session.sendText(new String(m.payload(), StandardCharsets.UTF_8), sent);
                    case WebSocketFrames.BINARY -> ctx.session.sendBinary(ByteBuffer.wrap(m.payload()), sent);
                    case WebSocketFrames.PING -> {
                        WebSocketFrames.write(upstream.stdin(), WebSocketFrames.PONG, m.payload());
                        sent.succeed();
                    }
                    case WebSocketFrames.CLOSE -> {
                        ctx.closeSession(1000, "the app closed the connection");
                        return;
                    }
                    default -> sent.succeed();
                }
                sent.get(); // one message in flight: a slow browser slows reading from the app, not memory
            }
            ctx.closeSession(1000, "the app closed the connection");
        } catch (Exception e) {
            log.debug("app WebSocket relay ended: {}", e.toString());
            if (ctx.session.isOpen()) ctx.closeSession(1011, "the app connection failed");
        } finally {
            close(ctx.sessionId());
        }
    }

    public void textFromBrowser(String connectionId, String text) {
        fromBrowser(connectionId, WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void binaryFromBrowser(String connectionId, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        fromBrowser(connectionId, WebSocketFrames.BINARY, bytes);
    }

    private void fromBrowser(String connectionId, int opcode, byte[] payload) {
        Link link = links.get(connectionId);
        if (link == null) return;
        activity.accept(link.sessionId());
        try {
            WebSocketFrames.write(link.out(), opcode, payload);
        } catch (IOException e) {
            close(connectionId);
        }
    }

    public void close(String connectionId) {
        userSockets.closed(connectionId);
        Link link = links.remove(connectionId);
        if (link != null) link.upstream().close();
    }
}

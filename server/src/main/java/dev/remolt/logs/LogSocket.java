package dev.remolt.logs;

import dev.remolt.auth.Access;
import dev.remolt.api.ApiException;
import dev.remolt.auth.Identity;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.Session;
import dev.remolt.session.SessionIds;
import dev.remolt.session.SessionManager;
import dev.remolt.terminal.UserSockets;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WS /ws/logs/{id}}: the agent's logs as the runtime follows them
 * ({@link SandboxRuntime#followLogs}: the files in {@code ~/.remolt/logs}, or the pod log), the last
 * lines, then new lines as they come. One text frame per line, each cut at 4 KiB; one frame in
 * flight, so a slow reader slows the source, not server memory. Each socket holds a thread and a
 * stream into the sandbox, so it counts toward its user's socket cap.
 */
public final class LogSocket {
    private static final Logger log = LoggerFactory.getLogger(LogSocket.class);
    public static final String PATH = "/ws/logs/{id}";
    private static final int MAX_LINE = 4096;

    private final SessionManager sessions;
    private final SandboxRuntime runtime;
    private final Identity identity;
    private final UserSockets userSockets;
    private final Map<String, InputStream> tails = new ConcurrentHashMap<>();

    public LogSocket(SessionManager sessions, SandboxRuntime runtime, Identity identity, UserSockets userSockets) {
        this.userSockets = userSockets;
        this.sessions = sessions;
        this.runtime = runtime;
        this.identity = identity;
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, this::checkBeforeUpgrade);
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onClose(ctx -> stop(ctx.sessionId()));
            ws.onError(ctx -> stop(ctx.sessionId()));
        }, Access.USER);
    }

    private void checkBeforeUpgrade(Context ctx) {
        String id = ctx.pathParam("id");
        if (!SessionIds.isWellFormed(id)) throw ApiException.badRequest("invalid_session_id", "Malformed session id.");
        String user = identity.userOf(ctx);
        sessions.find(user, id).orElseThrow(ApiException::sessionNotFound);
        userSockets.refuseWhenFull(user);
    }

    private void connect(WsContext ctx) {
        String user = identity.userOf(ctx);
        Session session = sessions.find(user, ctx.pathParam("id")).orElse(null);
        if (session == null) {
            ctx.closeSession(4404, "session ended");
            return;
        }
        if (!userSockets.open(user, ctx)) return;
        InputStream tail;
        try {
            tail = runtime.followLogs(session.id());
        } catch (SandboxException e) {
            ctx.closeSession(1011, "cannot read the logs");
            return;
        }
        tails.put(ctx.sessionId(), tail);
        // Closed while the stream was being opened: onClose found nothing to stop then.
        if (!ctx.session.isOpen()) {
            stop(ctx.sessionId());
            return;
        }
        Thread.ofPlatform().daemon().name("logs-" + session.id()).start(() -> pump(ctx, tail));
    }

    private void pump(WsContext ctx, InputStream tail) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(tail, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null && ctx.session.isOpen(); ) {
                Callback.Completable sent = new Callback.Completable();
                ctx.session.sendText(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line, sent);
                sent.get();
            }
        } catch (Exception e) {
            log.debug("log stream ended: {}", e.toString());
        } finally {
            stop(ctx.sessionId());
            if (ctx.session.isOpen()) ctx.closeSession(1000, "log stream ended");
        }
    }

    private void stop(String connectionId) {
        userSockets.closed(connectionId);
        InputStream tail = tails.remove(connectionId);
        if (tail == null) return;
        try {
            tail.close();
        } catch (IOException e) {
            log.debug("closing a log stream: {}", e.toString());
        }
    }
}

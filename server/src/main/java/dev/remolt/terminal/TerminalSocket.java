package dev.remolt.terminal;

import dev.remolt.api.ApiException;
import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.auth.NotSignedInException;
import dev.remolt.events.EventLog;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxGoneException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import dev.remolt.session.Session;
import dev.remolt.session.SessionIds;
import dev.remolt.session.SessionManager;
import dev.remolt.session.SessionState;
import dev.remolt.session.AttachAhead;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WS /ws/terminal/{id}?window=N&flow=ack}: binary frames carry TTY bytes both ways, text
 * frames carry JSON control (resize, ack) in and events out. The session is checked before the
 * upgrade, so a bad or unknown id never gets a 101.
 */
public final class TerminalSocket {
    private static final Logger log = LoggerFactory.getLogger(TerminalSocket.class);
    public static final String PATH = "/ws/terminal/{id}";
    static final int MAX_WINDOW = 63;

    private final SessionManager sessions;
    private final SandboxRuntime runtime;
    private final EventLog events;
    private final Identity identity;
    private final TerminalTabs tabs;
    private final TerminalHub hub;
    private final Map<String, TerminalViewer> byConnection = new ConcurrentHashMap<>();
    /** The per-user cap and rate: a reconnect storm stays bounded. */
    private final UserSockets userSockets;

    private final AttachAhead attachAhead;

    public TerminalSocket(SessionManager sessions, SandboxRuntime runtime, EventLog events, Identity identity,
                          TerminalTabs tabs, UserSockets userSockets, AttachAhead attachAhead) {
        this.attachAhead = attachAhead;
        this.userSockets = userSockets;
        this.sessions = sessions;
        this.tabs = tabs;
        this.runtime = runtime;
        this.events = events;
        this.identity = identity;
        this.hub = new TerminalHub(runtime);
        sessions.addListener(hub);
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, this::checkBeforeUpgrade);
        routes.ws(PATH, this::configure, Access.USER);
    }

    /** Number of attached viewers across all sessions. */
    public int viewerCount() {
        return hub.count();
    }

    private void checkBeforeUpgrade(Context ctx) {
        String user = identity.userOf(ctx);
        Session session = sessionOf(user, ctx.pathParam("id"));
        userSockets.refuseWhenFull(user);
        int window = windowOf(ctx.queryParam("window"));
        if (!tabs.exists(session.id(), window)) {
            throw new ApiException(404, "terminal_not_found", "No terminal " + window + " in this session.", null);
        }
    }

    private Session sessionOf(String user, String id) {
        if (!SessionIds.isWellFormed(id)) throw ApiException.badRequest("invalid_session_id", "Malformed session id.");
        return sessions.find(user, id).filter(s -> s.state() == SessionState.RUNNING)
                .orElseThrow(ApiException::sessionNotFound);
    }

    private static int windowOf(String value) {
        if (value == null) return 0;
        try {
            int window = Integer.parseInt(value);
            if (window >= 0 && window <= MAX_WINDOW) return window;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw ApiException.badRequest("invalid_window", "window must be a number from 0 to " + MAX_WINDOW + ".");
    }

    private void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onBinaryMessage(ctx -> {
            TerminalViewer viewer = byConnection.get(ctx.sessionId());
            if (viewer != null) viewer.input(ctx.data());
        });
        ws.onMessage(ctx -> {
            TerminalViewer viewer = byConnection.get(ctx.sessionId());
            if (viewer != null) viewer.control(ctx.message());
        });
        ws.onClose(ctx -> disconnect(ctx, "closed by client"));
        ws.onError(ctx -> log.debug("terminal socket error: {}", String.valueOf(ctx.error())));
    }

    private void connect(WsContext ctx) {
        Session session;
        int window;
        String user;
        try {
            user = identity.userOf(ctx);
            session = sessionOf(user, ctx.pathParam("id"));
            window = windowOf(ctx.queryParam("window"));
        } catch (ApiException | NotSignedInException e) {
            ctx.closeSession(CloseCodes.SESSION_GONE, e.getMessage());
            return;
        }
        if (!userSockets.open(user, ctx)) return;
        ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(10));
        ctx.enableAutomaticPings(20, java.util.concurrent.TimeUnit.SECONDS);
        TerminalChannel channel;
        try {
            var ahead = window == 0 ? attachAhead.take(session.id()) : java.util.Optional.<TerminalChannel>empty();
            channel = ahead.isPresent() ? ahead.get() : runtime.attach(session.id(), window, TerminalSize.DEFAULT);
        } catch (SandboxGoneException e) {
            releaseLimit(ctx);
            ctx.closeSession(CloseCodes.SESSION_GONE, "session ended: sandbox gone");
            return;
        } catch (SandboxException e) {
            releaseLimit(ctx);
            log.error("attaching to session {} failed: {}", session.id(), e.getMessage());
            ctx.closeSession(CloseCodes.SERVER_ERROR, "cannot attach to the terminal");
            return;
        }
        boolean acks = "ack".equals(ctx.queryParam("flow"));
        SignInUrlWatcher watcher = hub.watcher(session.id());
        TerminalViewer viewer = new TerminalViewer(session, ctx.session, channel, acks,
                (buffer, count) -> watcher.output(window, buffer, count), () -> outputEnded(ctx, session));
        byConnection.put(ctx.sessionId(), viewer);
        hub.add(viewer);
        viewer.start();
        events.emit("terminal.connected", "session_id", session.id());
    }

    /** The tmux client stopped: the sandbox died, or the user exited its last shell. */
    private void outputEnded(WsContext ctx, Session session) {
        boolean gone = sandboxGone(session);
        TerminalViewer viewer = byConnection.get(ctx.sessionId());
        if (viewer != null) {
            viewer.close(gone ? CloseCodes.SESSION_GONE : CloseCodes.NORMAL,
                    gone ? "session ended: sandbox gone" : "terminal exited; reconnect for a new shell");
        }
    }

    /** A dying sandbox takes a moment to vanish after its tmux does: watch it for up to a second. */
    private boolean sandboxGone(Session session) {
        for (int check = 0; check < 10; check++) {
            if (session.state() == SessionState.ENDED || !runtime.isAlive(session.id())) return true;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void releaseLimit(WsContext ctx) {
        userSockets.closed(ctx.sessionId());
    }

    private void disconnect(WsContext ctx, String why) {
        releaseLimit(ctx);
        TerminalViewer viewer = byConnection.remove(ctx.sessionId());
        if (viewer == null) return;
        hub.remove(viewer);
        viewer.close(CloseCodes.NORMAL, why);
        events.emit("terminal.disconnected", "session_id", viewer.session().id());
    }
}

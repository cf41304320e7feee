package dev.remolt.terminal;

import dev.remolt.api.ApiException;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open WebSocket of each user, whatever it carries (terminal, logs, dashboard, VS Code,
 * apps): one per-user cap and connect rate for them all, since each holds a thread and a stream
 * into a sandbox, and a way to close them all when the user signs out.
 */
public final class UserSockets {
    private record Open(String user, WsContext socket) {}

    private final int maxPerUser;
    private final ConnectionLimits limits;
    private final Map<String, Open> byConnection = new ConcurrentHashMap<>();

    /** {@code maxPerUser} open at once; new ones in bursts of 100, then 50 a second, per user. */
    public UserSockets(int maxPerUser) {
        this.maxPerUser = maxPerUser;
        this.limits = new ConnectionLimits(maxPerUser, 100, 50);
    }

    /** Before the upgrade: a user at the cap gets a 429 instead of a 101. */
    public void refuseWhenFull(String user) {
        if (limits.open(user) >= maxPerUser) {
            throw new ApiException(429, "too_many_connections",
                    "You already have " + maxPerUser + " connections open; close a tab first.", 5);
        }
    }

    /**
     * Counts a socket that just connected; false (and the socket closed with {@link CloseCodes#POLICY})
     * when the user is over the cap or the rate. Every counted socket must be given to {@link #closed}.
     */
    public boolean open(String user, WsContext socket) {
        String refused = limits.acquire(user);
        if (refused != null) {
            socket.closeSession(CloseCodes.POLICY, refused);
            return false;
        }
        byConnection.put(socket.sessionId(), new Open(user, socket));
        // A client that vanished while connecting may have been closed before it was counted.
        if (!socket.session.isOpen()) {
            closed(socket.sessionId());
            return false;
        }
        return true;
    }

    /** The socket of {@code connectionId} closed: its place is free again. Safe to call twice, or for sockets never counted. */
    public void closed(String connectionId) {
        Open open = byConnection.remove(connectionId);
        if (open != null) limits.release(open.user());
    }

    /** The user signed out: every socket of theirs closes now, with a code the page reads as "sign in again". */
    public void signedOut(String user) {
        byConnection.values().stream().filter(open -> open.user().equals(user))
                .forEach(open -> open.socket().closeSession(CloseCodes.SIGNED_OUT, "signed out"));
    }

    /** How many sockets {@code user} holds open. */
    public int openBy(String user) {
        return limits.open(user);
    }
}

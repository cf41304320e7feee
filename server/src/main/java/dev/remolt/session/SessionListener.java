package dev.remolt.session;

/** Told when a session ends, so whatever serves it (terminal sockets, proxies) can let go. */
@FunctionalInterface
public interface SessionListener {
    void ended(Session session, String reason);
}

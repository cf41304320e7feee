package dev.remolt.session;

/** Told when a session ends, so whatever serves it (terminal sockets, proxies) can let go. */
public interface SessionListener {
    /** The session's sandbox runs (new or claimed from the pool); its terminal can attach. */
    default void created(Session session) {}

    void ended(Session session, String reason);

    /** The session will end for idleness in {@code secondsLeft} unless something happens in it. */
    default void idleSoon(Session session, long secondsLeft) {}
}

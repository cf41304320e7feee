package dev.remolt.terminal;

/** WebSocket close codes the server uses, and what each tells the client to do. */
public final class CloseCodes {
    /** The tmux client ended (the user exited the last shell); reconnecting starts a fresh one. */
    public static final int NORMAL = 1000;
    /** A frame or request broke the rules; do not retry as is. */
    public static final int POLICY = 1008;
    public static final int SERVER_ERROR = 1011;
    /** The user signed out (here or on another device): do not reconnect; sign in again. */
    public static final int SIGNED_OUT = 4401;
    /** The session ended or its sandbox is gone: do not reconnect, offer a relaunch. */
    public static final int SESSION_GONE = 4404;

    private CloseCodes() {}
}

package dev.remolt.sandbox;

/** A sandbox operation failed; the message says what failed, for which session, and why. */
public class SandboxException extends Exception {
    private final String sessionId;

    public SandboxException(String sessionId, String message) {
        super(message);
        this.sessionId = sessionId;
    }

    public SandboxException(String sessionId, String message, Throwable cause) {
        super(message, cause);
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}

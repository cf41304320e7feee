package dev.remolt.session;

/** A create or lookup refused for a reason the user can act on; {@code code} is the API's error code. */
public final class SessionRejectedException extends RuntimeException {
    /** Why: each maps to one HTTP status in the API layer. */
    public enum Reason { INVALID, NOT_FOUND, LIMIT_REACHED, UNAVAILABLE }

    private final Reason reason;
    private final String code;

    public SessionRejectedException(Reason reason, String code, String message) {
        super(message);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }
}

package dev.remolt.api;

/**
 * An error the client caused or can act on, answered as {@code {"error","message"}} with its
 * status; mapped to HTTP in one place, {@link ErrorMapping}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message, null);
    }

    /** The same answer for a missing session and someone else's: ids cannot be probed. */
    public static ApiException sessionNotFound() {
        return new ApiException(404, "session_not_found", "No such session; it may have ended.", null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package dev.remolt.api;

/** The body of every error answer; {@code detail} repeats the message for clients of the FastAPI reference. */
public record ErrorBody(String error, String message, String detail) {
    public ErrorBody(String error, String message) {
        this(error, message, message);
    }
}

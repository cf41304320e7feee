package dev.remolt.auth;

/** The request needs a signed-in user and has none (answered 401). */
public final class NotSignedInException extends RuntimeException {
    public NotSignedInException(String message) {
        super(message);
    }

    public NotSignedInException() {
        this("Sign in first: open /auth/login.");
    }
}

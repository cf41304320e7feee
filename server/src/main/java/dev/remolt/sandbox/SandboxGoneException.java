package dev.remolt.sandbox;

/** The sandbox no longer exists (ended, killed from outside, or never created). */
public final class SandboxGoneException extends SandboxException {
    public SandboxGoneException(String sessionId) {
        super(sessionId, "sandbox of session " + sessionId + " is gone");
    }
}

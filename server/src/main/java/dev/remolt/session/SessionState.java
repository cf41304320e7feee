package dev.remolt.session;

/** A session's lifecycle; it only moves forward, through {@link Session#advance}. */
public enum SessionState {
    STARTING, RUNNING, ENDED;

    /** The word the API reports in {@code status}. */
    public String apiName() {
        return switch (this) {
            case STARTING -> "starting";
            case RUNNING -> "running";
            case ENDED -> "terminated";
        };
    }
}

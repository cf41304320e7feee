package dev.remolt.vscode;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What {@code GET /api/sessions/{id}/vscode} answers: where VS Code is on its way to ready, in words for the page. */
public record VSCodeStatus(State state, String message) {

    /** The steps, in order; {@code failed} can follow any of them. */
    public enum State {
        INSTALLING, STARTING, READY, FAILED;

        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static VSCodeStatus installing(String message) {
        return new VSCodeStatus(State.INSTALLING, message);
    }

    static VSCodeStatus starting(String message) {
        return new VSCodeStatus(State.STARTING, message);
    }

    static VSCodeStatus ready() {
        return new VSCodeStatus(State.READY, "VS Code is running.");
    }

    static VSCodeStatus failed(String message) {
        return new VSCodeStatus(State.FAILED, message);
    }

    @JsonIgnore
    public boolean isReady() {
        return state == State.READY;
    }
}

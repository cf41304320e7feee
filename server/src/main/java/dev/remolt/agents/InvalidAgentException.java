package dev.remolt.agents;

/** An agent file with a bad or missing field; the message names the field. */
public final class InvalidAgentException extends RuntimeException {
    public InvalidAgentException(String field, String problem) {
        super("field " + field + " " + problem);
    }
}

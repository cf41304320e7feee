package dev.remolt.sandbox;

import java.util.Map;

/** Names of the labels on every managed sandbox (container labels, pod labels, or a file). */
public final class SandboxLabels {
    public static final String MANAGED = "remolt.managed";
    public static final String SESSION_ID = "remolt.session-id";
    public static final String OWNER = "remolt.owner";
    public static final String AGENT = "remolt.agent";
    public static final String CREATED = "remolt.created";

    private SandboxLabels() {}

    public static Map<String, String> of(String sessionId, String owner, String agentId, long createdEpochSeconds) {
        return Map.of(MANAGED, "true", SESSION_ID, sessionId, OWNER, owner, AGENT, agentId,
                CREATED, Long.toString(createdEpochSeconds));
    }
}

package dev.remolt.session;

import java.util.Map;

/** What a user asks for when launching; every field may be absent. */
public record CreateSessionRequest(
        String agentType, String gitUserName, String gitUserEmail, String repoUrl, Map<String, String> agentEnv) {

    public static final CreateSessionRequest EMPTY = new CreateSessionRequest(null, null, null, null, Map.of());

    public CreateSessionRequest {
        agentEnv = agentEnv == null ? Map.of() : Map.copyOf(agentEnv);
    }
}

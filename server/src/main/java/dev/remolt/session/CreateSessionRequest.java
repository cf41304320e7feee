package dev.remolt.session;

import java.util.Map;

/**
 * What a user asks for when launching; every field may be absent. {@code apiKey} and {@code githubToken}
 * are the reference's fields: the agent's key, and a GitHub token where no sign-in provides one.
 */
public record CreateSessionRequest(
        String agentType, String gitUserName, String gitUserEmail, String repoUrl, Map<String, String> agentEnv,
        String apiKey, String githubToken) {

    public static final CreateSessionRequest EMPTY = new CreateSessionRequest(null, null, null, null, Map.of(), null, null);

    public CreateSessionRequest(String agentType, String gitUserName, String gitUserEmail, String repoUrl,
                                Map<String, String> agentEnv) {
        this(agentType, gitUserName, gitUserEmail, repoUrl, agentEnv, null, null);
    }

    public CreateSessionRequest {
        agentEnv = agentEnv == null ? Map.of() : Map.copyOf(agentEnv);
    }
}

package dev.remolt.session;

import dev.remolt.agents.Agent;
import dev.remolt.agents.EnvironmentNames;
import dev.remolt.session.SessionRejectedException.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment a new sandbox starts with, later entries winning: the agent's defaults, the
 * user's secrets (stored keys, GitHub token, git identity of the GitHub account), the git and
 * repository settings of the launch form (a placeholder identity when none is given), and the
 * user's values for the agent's declared fields. A stored key satisfies a required field.
 */
final class SessionEnvironment {
    static final String PLACEHOLDER_NAME = "Remolt user (set with git config --global user.name)";
    static final String PLACEHOLDER_EMAIL = "remolt-user@example.invalid";
    private static final int MAX_FIELD = 512;
    private static final int MAX_VALUE = 16 * 1024;
    private static final Pattern REPO_URL = Pattern.compile("(https?|ssh|git)://[^\\s]+|git@[^\\s:]+:[^\\s]+");

    private SessionEnvironment() {}

    static Map<String, String> build(Agent agent, CreateSessionRequest request, Map<String, String> secrets) {
        Map<String, String> env = new LinkedHashMap<>(agent.envDefaults());
        // A key stored before its name was refused is left out, never passed on.
        secrets.forEach((name, value) -> {
            if (EnvironmentNames.refusal(name).isEmpty()) env.put(name, value);
        });
        referenceFields(agent, request, env);
        putOptional(env, "GIT_USER_NAME", "git_user_name", request.gitUserName());
        putOptional(env, "GIT_USER_EMAIL", "git_user_email", request.gitUserEmail());
        // Neither the form nor a GitHub sign-in gave one: a placeholder that says so, so that git commit works.
        env.putIfAbsent("GIT_USER_NAME", PLACEHOLDER_NAME);
        env.putIfAbsent("GIT_USER_EMAIL", PLACEHOLDER_EMAIL);
        if (request.repoUrl() != null && !request.repoUrl().isBlank()) {
            String url = request.repoUrl().strip();
            if (url.length() > 2048 || !REPO_URL.matcher(url).matches()) {
                throw invalid("invalid_repo_url", "repo_url must be an https://, ssh:// or git@host:path repository URL");
            }
            env.put("REPO_URL", url);
        }
        for (var entry : request.agentEnv().entrySet()) {
            if (agent.envSchema().stream().noneMatch(f -> f.key().equals(entry.getKey()))) {
                throw invalid("unknown_env_field", "agent_env." + entry.getKey() + " is not a setting of agent " + agent.id());
            }
            String value = entry.getValue() == null ? "" : entry.getValue();
            if (value.length() > MAX_VALUE || value.indexOf('\0') >= 0) {
                throw invalid("invalid_env_value", "agent_env." + entry.getKey() + " is too long or holds a NUL byte");
            }
            if (!value.isEmpty()) env.put(entry.getKey(), value);
        }
        for (Agent.EnvField field : agent.envSchema()) {
            if (field.required() && env.getOrDefault(field.key(), "").isBlank()) {
                throw invalid("missing_env_field", field.label() + " (" + field.key() + ") is required by agent " + agent.id());
            }
        }
        return env;
    }

    /**
     * The reference client's {@code api_key} fills the agent's first secret field, and its
     * {@code github_token} becomes GITHUB_TOKEN unless sign-in already put the user's there.
     * Values in {@code agent_env} still win.
     */
    private static void referenceFields(Agent agent, CreateSessionRequest request, Map<String, String> env) {
        if (request.apiKey() != null && !request.apiKey().isBlank()) {
            agent.envSchema().stream().filter(Agent.EnvField::secret).findFirst().ifPresent(field ->
                    env.put(field.key(), checkedSecret("api_key", request.apiKey())));
        }
        if (request.githubToken() != null && !request.githubToken().isBlank() && !env.containsKey("GITHUB_TOKEN")) {
            env.put("GITHUB_TOKEN", checkedSecret("github_token", request.githubToken()));
        }
    }

    private static String checkedSecret(String field, String value) {
        if (value.length() > MAX_VALUE || value.chars().anyMatch(c -> c < 0x20)) {
            throw invalid("invalid_" + field, field + " must be one line of at most " + MAX_VALUE + " characters");
        }
        return value.strip();
    }

    private static void putOptional(Map<String, String> env, String key, String field, String value) {
        if (value == null || value.isBlank()) return;
        if (value.length() > MAX_FIELD || value.chars().anyMatch(c -> c < 0x20)) {
            throw invalid("invalid_" + field, field + " must be one line of at most " + MAX_FIELD + " characters");
        }
        env.put(key, value.strip());
    }

    private static SessionRejectedException invalid(String code, String message) {
        return new SessionRejectedException(Reason.INVALID, code, message);
    }
}

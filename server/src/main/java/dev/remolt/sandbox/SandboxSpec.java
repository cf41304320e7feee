package dev.remolt.sandbox;

import dev.remolt.agents.Agent;
import java.util.Map;

/** What to create: the session's identity, its agent, and the environment for its processes. */
public record SandboxSpec(String sessionId, String owner, Agent agent, Map<String, String> env, long createdEpochSeconds) {

    /** The labels every sandbox carries; reconciliation after a restart finds sandboxes by them. */
    public Map<String, String> labels() {
        return SandboxLabels.of(sessionId, owner, agent.id(), createdEpochSeconds);
    }

    /** Names only: the values may be secrets, and a spec may end up in a log line or an exception. */
    @Override
    public String toString() {
        return "SandboxSpec[sessionId=" + sessionId + ", owner=" + owner + ", agent=" + agent.id()
                + ", env=" + new java.util.TreeSet<>(env.keySet()) + "]";
    }
}

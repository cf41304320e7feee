package dev.remolt.sandbox;

import java.util.Map;

/** A sandbox found by its labels, and whether it still runs. */
public record SandboxInfo(Map<String, String> labels, boolean alive) {
    public String sessionId() {
        return labels.get(SandboxLabels.SESSION_ID);
    }

    public String owner() {
        return labels.get(SandboxLabels.OWNER);
    }

    public String agentId() {
        return labels.get(SandboxLabels.AGENT);
    }
}

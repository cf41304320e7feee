package dev.remolt.agents;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One agent plugin, as read from {@code agents/{id}/agent.json}. */
public record Agent(
        String id,
        String name,
        String description,
        String icon,
        String install,
        String setup,
        List<Port> ports,
        Resources resources,
        Map<String, String> envDefaults,
        List<EnvField> envSchema,
        String welcome,
        boolean warmPool) {

    /** A port the agent serves inside the sandbox, such as a dashboard. */
    public record Port(int port, String label, String healthCheck, String authToken) {}

    /** A value the user supplies when launching, such as an API key. */
    public record EnvField(String key, String label, boolean secret, boolean required) {}

    /** Kubernetes-style requests and limits ({@code cpu: "2"}, {@code memory: "2Gi"}, {@code pids}). */
    public record Resources(Map<String, String> requests, Map<String, String> limits) {
        public static final Resources NONE = new Resources(Map.of(), Map.of());
    }

    /** Dashboard agents expose a web UI on their first port; terminal agents have none. */
    public Optional<Port> dashboard() {
        return ports.stream().findFirst();
    }

    public String type() {
        return ports.isEmpty() ? "terminal" : "dashboard";
    }
}

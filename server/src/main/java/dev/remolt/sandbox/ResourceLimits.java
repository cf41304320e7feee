package dev.remolt.sandbox;

import dev.remolt.agents.Agent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** An agent's {@code resources.limits}, parsed, with the defaults every runtime applies for what it leaves out. */
public record ResourceLimits(long memoryBytes, BigDecimal cpus, long pids) {
    public static final Map<String, String> DEFAULTS = Map.of("memory", "2Gi", "cpu", "2", "pids", "1024");

    public static ResourceLimits of(Agent agent) {
        Map<String, String> limits = new LinkedHashMap<>(DEFAULTS);
        limits.putAll(agent.resources().limits());
        return new ResourceLimits(
                KubernetesQuantity.parse("resources.limits.memory", limits.get("memory")).longValue(),
                KubernetesQuantity.parse("resources.limits.cpu", limits.get("cpu")),
                KubernetesQuantity.parse("resources.limits.pids", limits.get("pids")).longValue());
    }
}

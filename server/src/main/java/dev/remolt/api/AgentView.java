package dev.remolt.api;

import dev.remolt.agents.Agent;
import java.util.List;

/** An agent as {@code GET /api/agents} lists it: what the setup form needs, never a secret value. */
record AgentView(
        String id,
        String name,
        String description,
        String icon,
        String type,
        boolean hasDashboard,
        List<PortView> ports,
        List<Agent.EnvField> envSchema,
        boolean warmPool) {

    record PortView(int port, String label) {}

    static AgentView of(Agent a) {
        return new AgentView(a.id(), a.name(), a.description(), a.icon(), a.type(), a.dashboard().isPresent(),
                a.ports().stream().map(p -> new PortView(p.port(), p.label())).toList(), a.envSchema(), a.warmPool());
    }
}

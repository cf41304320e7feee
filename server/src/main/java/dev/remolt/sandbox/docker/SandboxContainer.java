package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.remolt.agents.Agent;
import dev.remolt.sandbox.KubernetesQuantity;
import dev.remolt.sandbox.ResourceLimits;
import dev.remolt.sandbox.SandboxSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container a sandbox runs in: its limits, privileges, network and environment. */
final class SandboxContainer {
    /** Used when an agent declares no limit: a sandbox is never unbounded. */

    private SandboxContainer() {}

    static String name(String sessionId) {
        return "remolt-" + sessionId;
    }

    /** Creates (not starts) the container and returns its id. */
    static String create(DockerClient docker, SandboxSpec spec, DockerSettings settings, String image) {
        return docker.createContainerCmd(image)
                .withName(name(spec.sessionId()))
                .withHostName("remolt-" + spec.sessionId().substring(0, Math.min(8, spec.sessionId().length())))
                .withUser(DockerSandboxRuntime.USER)
                .withWorkingDir(DockerSandboxRuntime.WORKSPACE)
                .withLabels(spec.labels())
                .withEnv(environment(spec))
                .withHostConfig(hostConfig(spec.agent(), settings))
                .exec().getId();
    }

    /** The secrets are in here, so they reach the sandbox only as its environment. */
    static List<String> environment(SandboxSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.put("REMOLT_SESSION_ID", spec.sessionId());
        if (!spec.agent().welcome().isBlank()) env.put("REMOLT_WELCOME", spec.agent().welcome());
        if (!spec.agent().setup().isBlank()) env.put("REMOLT_AGENT_SETUP", spec.agent().setup());
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    static HostConfig hostConfig(Agent agent, DockerSettings settings) {
        ResourceLimits limits = ResourceLimits.of(agent);
        long memory = limits.memoryBytes();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(settings.network())
                .withMemory(memory)
                // Swap equal to memory: the limit is the limit, no extra swap on top.
                .withMemorySwap(memory)
                .withNanoCPUs(limits.cpus().multiply(BigDecimal.valueOf(1_000_000_000L)).longValue())
                .withPidsLimit(limits.pids())
                .withPrivileged(false);
        String reservation = agent.resources().requests().get("memory");
        if (reservation != null) {
            host.withMemoryReservation(KubernetesQuantity.parse("resources.requests.memory", reservation).longValue());
        }
        if (settings.hardened()) {
            host.withSecurityOpts(List.of("no-new-privileges:true")).withCapDrop(Capability.ALL);
        } else {
            // sudo needs the default capabilities; raw sockets would allow ARP spoofing on the shared bridge.
            host.withCapDrop(Capability.NET_RAW);
        }
        return host;
    }
}

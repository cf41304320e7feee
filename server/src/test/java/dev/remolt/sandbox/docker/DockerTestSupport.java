package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.session.SessionIds;
import dev.remolt.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Settings, agents and specs shared by the Docker tests. */
final class DockerTestSupport {
    /** This repository's container/ folder, the build context of the sandbox images. */
    static final Path CONTAINER_DIR = TestServer.AGENTS.resolveSibling("container").normalize();
    /** No registry is reachable on our build machines: their base is a local debootstrap image. */
    static final String BASE_IMAGE = Optional.ofNullable(System.getenv("REMOLT_BASE_IMAGE")).orElse("remolt-os:bookworm");
    static final Optional<Path> EXTRA_CA = Optional.ofNullable(System.getenv("REMOLT_EXTRA_CA_CERTS")).map(Path::of);
    static final String NETWORK = "remolt-sandboxes";
    static final AgentCatalog AGENTS = AgentCatalog.load(TestServer.AGENTS);

    private DockerTestSupport() {}

    static DockerSettings settings(boolean hardened) {
        return new DockerSettings(NETWORK, hardened, BASE_IMAGE, CONTAINER_DIR, EXTRA_CA, Optional.empty());
    }

    /** The settings a TestServer needs to run the docker runtime here. */
    static Map<String, String> serverSettings() {
        var map = new java.util.HashMap<>(Map.of("REMOLT_RUNTIME", "docker", "REMOLT_BASE_IMAGE", BASE_IMAGE,
                "REMOLT_CONTAINER_DIR", CONTAINER_DIR.toString(), "REMOLT_DOCKER_NETWORK", NETWORK));
        EXTRA_CA.ifPresent(p -> map.put("REMOLT_EXTRA_CA_CERTS", p.toString()));
        return map;
    }

    static Agent agent(String id) {
        return AGENTS.find(id).orElseThrow(() -> new AssertionError("agent " + id + " did not load: " + AGENTS.problems()));
    }

    static SandboxSpec spec(String agentId, Map<String, String> env) {
        return new SandboxSpec(SessionIds.next(), "docker-test", agent(agentId), env, Instant.now().getEpochSecond());
    }

    /**
     * Builds the agent's image now if it is missing or stale, so a test that creates a session over
     * HTTP does not spend its request timeout on an image build.
     */
    static void ensureImage(String agentId) throws Exception {
        try (DockerClient docker = DockerConnection.open(null)) {
            new ImageBuilder(docker, settings(false)).ensure(agent(agentId));
        }
    }

    /** A plain engine client for inspecting what the runtime made, as {@code docker inspect} would. */
    static DockerClient inspector() {
        return DockerConnection.open(Duration.ofSeconds(30));
    }
}

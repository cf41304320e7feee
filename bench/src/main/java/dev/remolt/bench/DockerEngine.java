package dev.remolt.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.remolt.sandbox.SandboxLabels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bench's own Engine API client (the raw start-up baseline, and the checks before a docker
 * row). A Remolt server started on an engine adopts every live sandbox it finds there and its warm
 * pool removes pooled ones it does not want: the docker rows run only when the engine holds no
 * Remolt sandbox but theirs, so they never touch another engineer's containers.
 */
public final class DockerEngine {
    private DockerEngine() {}

    public static DockerClient open() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .maxConnections(100).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    /** Session ids of every Remolt-managed container on the engine, alive or not. */
    public static Set<String> managedSessionIds() {
        try (DockerClient docker = open()) {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(SandboxLabels.MANAGED, "true")).exec().stream()
                    .map(c -> c.getLabels().getOrDefault(SandboxLabels.SESSION_ID, c.getId()))
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException("cannot list containers: " + e.getMessage(), e);
        }
    }

    /** Why a docker row must not run now, or empty when it may. */
    public static Optional<String> unusable(List<String> images) {
        try (DockerClient docker = open()) {
            docker.pingCmd().exec();
            for (String image : images) {
                try {
                    docker.inspectImageCmd(image).exec();
                } catch (RuntimeException e) {
                    return Optional.of("image " + image + " is missing (the server would build it, minutes)");
                }
            }
            Set<String> others = managedSessionIds();
            if (!others.isEmpty()) {
                return Optional.of("the engine holds " + others.size() + " Remolt sandbox(es) of someone else "
                        + "(a server started here would adopt them and its pool would remove pooled ones)");
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("no usable Docker engine: " + e.getMessage());
        }
    }

    /** The settings a server needs to run the docker runtime on this machine (as DockerTestSupport). */
    public static Map<String, String> serverSettings(java.nio.file.Path projectDir) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("REMOLT_RUNTIME", "docker",
                "REMOLT_BASE_IMAGE", System.getenv().getOrDefault("REMOLT_BASE_IMAGE", "remolt-os:bookworm"),
                "REMOLT_CONTAINER_DIR", projectDir.resolve("container").toString(),
                "REMOLT_DOCKER_NETWORK", "remolt-sandboxes"));
        String ca = System.getenv().getOrDefault("REMOLT_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt");
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of(ca))) env.put("REMOLT_EXTRA_CA_CERTS", ca);
        return env;
    }
}

package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Connects to the Docker engine named by {@code DOCKER_HOST} (and the other {@code DOCKER_*}
 * variables docker-java reads), by default {@code unix:///var/run/docker.sock}.
 */
public final class DockerConnection {
    private DockerConnection() {}

    /**
     * A client whose requests fail after {@code responseTimeout} without an answer, or never when it
     * is null: terminal streams, log follows and image builds may stay silent for a long time.
     */
    static DockerClient open(Duration responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                // Each viewer holds one connection for its exec stream.
                .maxConnections(1000)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) http.responseTimeout(responseTimeout);
        return DockerClientImpl.getInstance(config, http.build());
    }

    /** Where the engine is expected, for messages. */
    public static String host() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }

    /** Why no engine can be used here, or empty when one answers a ping within a few seconds. */
    public static Optional<String> unavailableReason() {
        try (DockerClient docker = open(Duration.ofSeconds(3))) {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            return Optional.of("no Docker engine answered at " + host() + " (" + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")");
        }
    }
}

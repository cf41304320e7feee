package dev.remolt.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.config.Config.RuntimeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDetectorTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("auto picks kubernetes when a service-account token is mounted, and says so")
    void autoPicksKubernetesInACluster() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        var detection = RuntimeDetector.detect(RuntimeChoice.AUTO, token);
        assertThat(detection.runtime()).isEqualTo(RuntimeChoice.KUBERNETES);
        assertThat(detection.reason()).contains("service account").contains(token.toString());
    }

    @Test
    @DisplayName("REMOLT_RUNTIME=kubernetes is honoured without a service account (kubeconfig, or KUBERNETES_MASTER)")
    void kubernetesCanBeRequested() {
        var detection = RuntimeDetector.detect(RuntimeChoice.KUBERNETES, dir.resolve("missing"));
        assertThat(detection.runtime()).isEqualTo(RuntimeChoice.KUBERNETES);
        assertThat(detection.reason()).isEqualTo("REMOLT_RUNTIME=kubernetes");
    }

    @Test
    @DisplayName("auto without a service account picks docker when an engine answers, local otherwise, and says why")
    void autoOutsideAClusterIsDockerOrLocal() {
        var detection = RuntimeDetector.detect(RuntimeChoice.AUTO, dir.resolve("missing"));
        boolean engine = dev.remolt.sandbox.docker.DockerConnection.unavailableReason().isEmpty();
        assertThat(detection.runtime()).isEqualTo(engine ? RuntimeChoice.DOCKER : RuntimeChoice.LOCAL);
        assertThat(detection.reason()).contains(engine ? "Docker engine answers" : "bubblewrap and tmux are installed");
    }
}

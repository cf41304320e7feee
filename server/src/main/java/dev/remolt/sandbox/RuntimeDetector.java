package dev.remolt.sandbox;

import dev.remolt.config.Config.RuntimeChoice;
import dev.remolt.sandbox.docker.DockerConnection;
import dev.remolt.sandbox.kubernetes.KubernetesSandboxRuntime;
import dev.remolt.sandbox.local.LocalSandboxRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Picks the sandbox runtime at start-up and says why, for the first log line: a Kubernetes service
 * account means kubernetes, a Docker engine that answers means docker, otherwise local.
 */
public final class RuntimeDetector {
    /** The chosen runtime and the reason, in words. */
    public record Detection(RuntimeChoice runtime, String reason) {}

    private RuntimeDetector() {}

    public static Detection detect(RuntimeChoice requested) {
        return detect(requested, KubernetesSandboxRuntime.SERVICE_ACCOUNT_TOKEN, BubblewrapProbe.forThisMachine());
    }

    static Detection detect(RuntimeChoice requested, Path serviceAccountToken) {
        return detect(requested, serviceAccountToken, BubblewrapProbe.forThisMachine());
    }

    static Detection detect(RuntimeChoice requested, Path serviceAccountToken, BubblewrapProbe bubblewrap) {
        return switch (requested) {
            case KUBERNETES -> new Detection(RuntimeChoice.KUBERNETES, "REMOLT_RUNTIME=kubernetes");
            case LOCAL -> {
                localProblem(bubblewrap).ifPresent(p -> {
                    throw new IllegalStateException("REMOLT_RUNTIME=local cannot run here: " + p
                            + (p.startsWith("bubblewrap cannot") ? "" : " (apt-get install bubblewrap tmux util-linux)"));
                });
                yield new Detection(RuntimeChoice.LOCAL, "REMOLT_RUNTIME=local");
            }
            case DOCKER -> {
                DockerConnection.unavailableReason().ifPresent(p -> {
                    throw new IllegalStateException("REMOLT_RUNTIME=docker cannot run here: " + p
                            + " (start dockerd, or set DOCKER_HOST)");
                });
                yield new Detection(RuntimeChoice.DOCKER, "REMOLT_RUNTIME=docker; the engine at "
                        + DockerConnection.host() + " answers");
            }
            case AUTO -> auto(serviceAccountToken, bubblewrap);
        };
    }

    /** What keeps local sandboxes from working: a missing tool, or bubblewrap refused by the kernel. */
    private static Optional<String> localProblem(BubblewrapProbe bubblewrap) {
        return LocalSandboxRuntime.unavailableReason().or(bubblewrap::refusal);
    }

    private static Detection auto(Path serviceAccountToken, BubblewrapProbe bubblewrap) {
        if (Files.exists(serviceAccountToken)) {
            return new Detection(RuntimeChoice.KUBERNETES, "a Kubernetes service account is mounted (" + serviceAccountToken + ")");
        }
        Optional<String> dockerProblem = DockerConnection.unavailableReason();
        if (dockerProblem.isEmpty()) {
            return new Detection(RuntimeChoice.DOCKER, "a Docker engine answers at " + DockerConnection.host());
        }
        Optional<String> localProblem = localProblem(bubblewrap);
        if (localProblem.isPresent()) {
            throw new IllegalStateException("no sandbox runtime can run here: " + dockerProblem.get() + ", and "
                    + localProblem.get() + " (start dockerd, or apt-get install bubblewrap tmux util-linux)");
        }
        return new Detection(RuntimeChoice.LOCAL, dockerProblem.get()
                + "; bubblewrap and tmux are installed and bubblewrap's self-test passed (the embedded default)");
    }
}

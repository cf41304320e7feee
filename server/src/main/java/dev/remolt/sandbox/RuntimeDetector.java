package dev.remolt.sandbox;

import dev.remolt.config.Config.RuntimeChoice;
import dev.remolt.sandbox.kubernetes.KubernetesSandboxRuntime;
import dev.remolt.sandbox.local.LocalSandboxRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Picks the sandbox runtime at start-up and says why, for the first log line. */
public final class RuntimeDetector {
    /** The chosen runtime and the reason, in words. */
    public record Detection(RuntimeChoice runtime, String reason) {}

    private RuntimeDetector() {}

    public static Detection detect(RuntimeChoice requested) {
        return detect(requested, KubernetesSandboxRuntime.SERVICE_ACCOUNT_TOKEN);
    }

    static Detection detect(RuntimeChoice requested, Path serviceAccountToken) {
        if (requested == RuntimeChoice.KUBERNETES) return new Detection(RuntimeChoice.KUBERNETES, "REMOLT_RUNTIME=kubernetes");
        if (requested == RuntimeChoice.AUTO && Files.exists(serviceAccountToken)) {
            return new Detection(RuntimeChoice.KUBERNETES, "a Kubernetes service account is mounted (" + serviceAccountToken + ")");
        }
        Optional<String> localProblem = LocalSandboxRuntime.unavailableReason();
        if (requested != RuntimeChoice.AUTO) {
            if (requested != RuntimeChoice.LOCAL) {
                throw new IllegalStateException("REMOLT_RUNTIME=" + requested.name().toLowerCase()
                        + " is not available in this build; use local or kubernetes");
            }
            localProblem.ifPresent(p -> {
                throw new IllegalStateException("REMOLT_RUNTIME=local cannot run here: " + p
                        + " (apt-get install bubblewrap tmux util-linux)");
            });
            return new Detection(RuntimeChoice.LOCAL, "REMOLT_RUNTIME=local");
        }
        if (localProblem.isPresent()) {
            throw new IllegalStateException("no sandbox runtime can run here: " + localProblem.get()
                    + " (apt-get install bubblewrap tmux util-linux)");
        }
        return new Detection(RuntimeChoice.LOCAL, "bubblewrap and tmux are installed (the embedded default)");
    }
}

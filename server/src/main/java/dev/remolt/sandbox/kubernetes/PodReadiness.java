package dev.remolt.sandbox.kubernetes;

import dev.remolt.sandbox.SandboxException;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Waits for a sandbox pod to be Ready, and when it will not be, says why in words: the image that
 * cannot be pulled, the scheduler's reason, the container's exit code and last state, or the last
 * warning event. Polls rather than watches: a few requests a second for a few seconds, and no
 * watch to reconnect when the API server drops it.
 */
final class PodReadiness {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable");
    private static final Set<String> CONFIG_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError", "CrashLoopBackOff");

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;

    PodReadiness(KubernetesClient client, String namespace, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    void await(String sessionId, String podName, String image) throws SandboxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pod pod = null;
        while (System.nanoTime() < deadline) {
            pod = client.pods().inNamespace(namespace).withName(podName).get();
            if (pod == null) throw failure(sessionId, podName, "the pod was deleted while starting");
            if (isReady(pod)) return;
            Optional<String> fatal = fatalProblem(pod, image);
            if (fatal.isPresent()) throw failure(sessionId, podName, fatal.get());
            pause();
        }
        throw failure(sessionId, podName, "not ready within " + timeout.toSeconds() + " s: " + pendingReason(pod, podName));
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && conditions(pod).stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A state the pod will not leave by itself (as far as a user waiting for a terminal cares). */
    private Optional<String> fatalProblem(Pod pod, String image) {
        for (ContainerStatus status : containerStatuses(pod)) {
            ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
            if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
                return Optional.of("cannot pull image " + image + " (" + waiting.getReason() + detail(waiting.getMessage())
                        + "); build or push it, or set REMOLT_IMAGE_PREFIX to the registry that has it");
            }
            if (waiting != null && CONFIG_FAILURES.contains(waiting.getReason())) {
                return Optional.of("the container cannot start (" + waiting.getReason() + detail(waiting.getMessage()) + ")");
            }
            ContainerStateTerminated terminated = status.getState() == null ? null : status.getState().getTerminated();
            if (terminated != null) return Optional.of(describe(terminated) + lastOutput(pod.getMetadata().getName()));
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return Optional.of("the pod stopped (phase " + phase + detail(pod.getStatus().getMessage()) + ")");
        }
        return Optional.empty();
    }

    private static String describe(ContainerStateTerminated terminated) {
        String reason = terminated.getReason() == null ? "" : terminated.getReason();
        String why = "OOMKilled".equals(reason) ? "it ran out of memory (OOMKilled)" : "it exited with code "
                + terminated.getExitCode() + (reason.isEmpty() ? "" : " (" + reason + ")");
        return "the container stopped at start: " + why + detail(terminated.getMessage());
    }

    private String lastOutput(String podName) {
        try {
            String log = client.pods().inNamespace(namespace).withName(podName).inContainer(SandboxPodTemplate.CONTAINER)
                    .tailingLines(5).getLog();
            String last = log == null ? "" : log.strip().lines().reduce((a, b) -> b).orElse("");
            return last.isEmpty() ? "" : " (last output: " + last + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Why a pod is still waiting when time runs out: unschedulable, or whatever the last warning says. */
    private String pendingReason(Pod pod, String podName) {
        if (pod != null) {
            for (PodCondition condition : conditions(pod)) {
                if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                    return "the pod cannot be scheduled (" + Optional.ofNullable(condition.getReason()).orElse("Unschedulable")
                            + detail(condition.getMessage()) + ")";
                }
            }
            for (ContainerStatus status : containerStatuses(pod)) {
                ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
                if (waiting != null && waiting.getReason() != null) {
                    return "the container is waiting (" + waiting.getReason() + detail(waiting.getMessage()) + ")";
                }
            }
        }
        return lastWarning(podName).map(w -> "last event: " + w)
                .orElse("phase " + (pod == null || pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase()));
    }

    private Optional<String> lastWarning(String podName) {
        try {
            List<Event> events = client.v1().events().inNamespace(namespace)
                    .withField("involvedObject.name", podName).list().getItems();
            return events.stream()
                    .filter(e -> podName.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
                    .max(Comparator.comparing(e -> Optional.ofNullable(e.getLastTimestamp()).orElse("")))
                    .map(e -> e.getReason() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    private static SandboxException failure(String sessionId, String podName, String why) {
        return new SandboxException(sessionId, "sandbox of session " + sessionId + " (pod " + podName + ") failed to start: " + why);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sandbox pod", e);
        }
    }
}

package dev.remolt.sandbox.kubernetes;

import dev.remolt.agents.Agent;
import dev.remolt.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod and the Secret of one sandbox. The pod meets Pod Security "restricted": non-root uid
 * 1000 (the image's {@code dev}), no privilege escalation, every capability dropped, the runtime's
 * default seccomp profile, and no service-account token. The session's environment, secrets among
 * it, lives only in the Secret, which the container reads through {@code envFrom}.
 */
final class SandboxPodTemplate {
    static final String CONTAINER = "sandbox";
    static final long DEV_UID = 1000;
    /** Annotation prefix for the exact label values (see {@link LabelValues}). */
    static final String EXACT = "remolt.dev/";
    // Agents also declare "pids", which Kubernetes sets per node (kubelet podPidsLimit), not per pod.
    private static final Set<String> KUBERNETES_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

    private final String namespace;
    private final String imagePrefix;

    SandboxPodTemplate(String namespace, String imagePrefix) {
        this.namespace = namespace;
        this.imagePrefix = imagePrefix;
    }

    static String podName(String sessionId) {
        return "remolt-" + sessionId;
    }

    static String secretName(String sessionId) {
        return "remolt-" + sessionId + "-env";
    }

    String image(Agent agent) {
        return imagePrefix + "remolt-" + agent.id();
    }

    Secret secret(SandboxSpec spec) {
        return new SecretBuilder()
                .withNewMetadata().withName(secretName(spec.sessionId())).withNamespace(namespace)
                .withLabels(LabelValues.all(spec.labels())).endMetadata()
                .withType("Opaque")
                .withStringData(spec.env())
                .build();
    }

    Pod pod(SandboxSpec spec) {
        String id = spec.sessionId();
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName(id)).withNamespace(namespace)
                    .withLabels(LabelValues.all(spec.labels()))
                    .withAnnotations(exactValues(spec.labels()))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withHostname("sb-" + id)
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withTerminationGracePeriodSeconds(10L)
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true).withRunAsUser(DEV_UID).withRunAsGroup(DEV_UID).withFsGroup(DEV_UID)
                        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                    .endSecurityContext()
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(image(spec.agent()))
                        // Images are often built on the node or pushed under a fixed tag: use the local copy.
                        .withImagePullPolicy("IfNotPresent")
                        .withEnv(plainEnvironment(spec))
                        .addNewEnvFrom().withNewSecretRef().withName(secretName(id)).endSecretRef().endEnvFrom()
                        .withResources(resources(spec.agent().resources()))
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false).withRunAsNonRoot(true).withRunAsUser(DEV_UID)
                            .withCapabilities(dropAll())
                            .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                        .endSecurityContext()
                        // Ready once the entrypoint has started tmux session main, which is what attach needs.
                        .withNewReadinessProbe()
                            .withNewExec().withCommand("tmux", "has-session", "-t", "main").endExec()
                            .withPeriodSeconds(1).withFailureThreshold(1)
                        .endReadinessProbe()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** Non-secret values the image reads (see container/README.md), set by the server, not the user. */
    private static List<EnvVar> plainEnvironment(SandboxSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("REMOLT_SESSION_ID", spec.sessionId(), null));
        Agent agent = spec.agent();
        if (agent.welcome() != null && !agent.welcome().isBlank()) env.add(new EnvVar("REMOLT_WELCOME", agent.welcome(), null));
        if (agent.setup() != null && !agent.setup().isBlank()) env.add(new EnvVar("REMOLT_AGENT_SETUP", agent.setup(), null));
        return env;
    }

    private static Map<String, String> exactValues(Map<String, String> labels) {
        Map<String, String> annotations = new LinkedHashMap<>();
        labels.forEach((key, value) -> annotations.put(EXACT + key, value));
        return annotations;
    }

    private static ResourceRequirements resources(Agent.Resources resources) {
        return new ResourceRequirementsBuilder()
                .withRequests(quantities(resources.requests()))
                .withLimits(quantities(resources.limits()))
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (KUBERNETES_RESOURCES.contains(name)) quantities.put(name, new Quantity(value));
        });
        return quantities;
    }

    private static Capabilities dropAll() {
        return new CapabilitiesBuilder().withDrop("ALL").build();
    }
}

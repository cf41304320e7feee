package dev.remolt.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Function;

/**
 * Plays the kubelet and the scheduler for fabric8's mock API server, which only stores objects:
 * every pod without a status gets the one this test chose (running and ready, an image that cannot
 * be pulled, unschedulable, or none at all).
 */
final class FakeKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final Function<Pod, PodStatus> status;
    private final Thread thread;
    private volatile boolean closed;

    FakeKubelet(KubernetesClient client, String namespace, Function<Pod, PodStatus> status) {
        this.client = client;
        this.namespace = namespace;
        this.status = status;
        this.thread = Thread.ofVirtual().start(this::run);
    }

    private void run() {
        while (!closed) {
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                if (pod.getStatus() != null && pod.getStatus().getPhase() != null) continue;
                PodStatus next = status.apply(pod);
                if (next == null) continue;
                try {
                    client.pods().inNamespace(namespace).resource(new PodBuilder(pod).withStatus(next).build()).updateStatus();
                } catch (RuntimeException e) {
                    // Deleted meanwhile: nothing to do.
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A runtime on the mock API server with one running sandbox, as the exec and port-forward tests need. */
    static KubernetesSandboxRuntime runtimeWithSandbox(KubernetesClient client, String namespace, String sessionId)
            throws Exception {
        var runtime = new KubernetesSandboxRuntime(client, namespace, "", Duration.ofSeconds(10));
        try (var kubelet = new FakeKubelet(client, namespace, FakeKubelet::running)) {
            runtime.create(KubernetesSandboxRuntimeTest.spec(sessionId, "local"));
        }
        return runtime;
    }

    static PodStatus running(Pod pod) {
        return new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("sandbox").withReady(true)
                        .withNewState().withNewRunning().endRunning().endState().build())
                .build();
    }

    static PodStatus imagePullFails(Pod pod) {
        String image = pod.getSpec().getContainers().getFirst().getImage();
        return new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("sandbox").withImage(image).withReady(false)
                        .withNewState().withNewWaiting().withReason("ErrImagePull")
                        .withMessage("rpc error: pull access denied for " + image + ", repository does not exist")
                        .endWaiting().endState().build())
                .build();
    }

    static PodStatus unschedulable(Pod pod) {
        return new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition()
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(2_000);
    }
}

package dev.remolt.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remolt.agents.Agent;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxGoneException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kubernetes runtime against fabric8's mock API server (no real cluster can run on our build
 * machines): the mock stores objects, and {@link FakeKubelet} moves pods to the state each test needs.
 */
@Timeout(30)
@EnableKubernetesMockClient(crud = true)
class KubernetesSandboxRuntimeTest {
    static final String NAMESPACE = "remolt-test";
    static final String TOKEN = "ghp_secretTokenValue123";
    static KubernetesMockServer server;
    static KubernetesClient client;

    private FakeKubelet kubelet;

    @AfterEach
    void stopKubeletAndClearTheNamespace() throws InterruptedException {
        if (kubelet != null) kubelet.close();
        client.pods().inNamespace(NAMESPACE).delete();
        client.secrets().inNamespace(NAMESPACE).delete();
    }

    static Agent shell() {
        return new Agent("shell", "Shell", "", "terminal", "", "", List.of(),
                new Agent.Resources(Map.of("cpu", "250m", "memory", "256Mi"), Map.of("cpu", "1", "memory", "1Gi", "pids", "512")),
                Map.of(), List.of(), "Welcome", false);
    }

    static SandboxSpec spec(String id, String owner) {
        return new SandboxSpec(id, owner, shell(), Map.of("GITHUB_TOKEN", TOKEN, "GIT_USER_NAME", "Alice"), 1_700_000_000L);
    }

    private KubernetesSandboxRuntime runtime(Function<Pod, io.fabric8.kubernetes.api.model.PodStatus> status, Duration timeout) {
        kubelet = new FakeKubelet(client, NAMESPACE, status);
        return new KubernetesSandboxRuntime(client, NAMESPACE, "registry.example/team/", timeout);
    }

    @Test
    @DisplayName("create makes a labelled pod meeting Pod Security restricted, with the agent's resources (mock API server, no real cluster)")
    void createMakesARestrictedLabelledPod() throws Exception {
        var runtime = runtime(FakeKubelet::running, Duration.ofSeconds(10));
        runtime.create(spec("00000000000000a1", "github:Alice Smith"));

        Pod pod = client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000a1").get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("remolt.managed", "true")
                .containsEntry("remolt.session-id", "00000000000000a1").containsEntry("remolt.agent", "shell")
                .containsEntry("remolt.created", "1700000000").containsEntry("remolt.owner", "github_Alice_Smith");
        assertThat(pod.getMetadata().getLabels().values()).allMatch(LabelValues::isValid);
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("remolt.dev/remolt.owner", "github:Alice Smith");

        var spec = pod.getSpec();
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getEnableServiceLinks()).isFalse();
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container container = spec.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("registry.example/team/remolt-shell");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(spec.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(spec.getVolumes()).noneMatch(v -> v.getHostPath() != null);
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("250m")).containsEntry("memory", new Quantity("256Mi"));
        assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("1Gi"))
                .doesNotContainKey("pids");
    }

    @Test
    @DisplayName("the environment lives in a per-session Secret owned by the pod, never in the pod spec or a label (mock API server, no real cluster)")
    void secretsGoThroughASecretOwnedByThePod() throws Exception {
        var runtime = runtime(FakeKubelet::running, Duration.ofSeconds(10));
        runtime.create(spec("00000000000000a2", "local"));

        Pod pod = client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000a2").get();
        assertThat(Serialization.asJson(pod)).doesNotContain(TOKEN);
        assertThat(pod.getSpec().getContainers().getFirst().getEnvFrom())
                .anyMatch(e -> e.getSecretRef() != null && "remolt-00000000000000a2-env".equals(e.getSecretRef().getName()));

        Secret secret = client.secrets().inNamespace(NAMESPACE).withName("remolt-00000000000000a2-env").get();
        assertThat(secretValue(secret, "GITHUB_TOKEN")).isEqualTo(TOKEN);
        assertThat(secret.getMetadata().getLabels().values()).doesNotContain(TOKEN);
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pod");
            assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid());
        });
    }

    /** The mock stores what was sent: stringData as given, or data base64-encoded. */
    private static String secretValue(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) return secret.getStringData().get(key);
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("list finds managed pods by label with their exact owners, and destroy removes pod and secret (mock API server, no real cluster)")
    void listFindsManagedPodsAndDestroyRemovesBoth() throws Exception {
        var runtime = runtime(FakeKubelet::running, Duration.ofSeconds(10));
        runtime.create(spec("00000000000000b1", "github:alice"));
        runtime.create(spec("00000000000000b2", "local"));
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("not-ours")
                .addToLabels("app", "other").endMetadata().build()).create();

        assertThat(runtime.list()).extracting(SandboxInfo::sessionId).containsExactlyInAnyOrder("00000000000000b1", "00000000000000b2");
        assertThat(runtime.list()).filteredOn(i -> i.sessionId().equals("00000000000000b1"))
                .singleElement().satisfies(i -> {
                    assertThat(i.owner()).isEqualTo("github:alice");
                    assertThat(i.alive()).isTrue();
                });

        runtime.destroy("00000000000000b1");
        assertThat(client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000b1").get()).isNull();
        assertThat(client.secrets().inNamespace(NAMESPACE).withName("remolt-00000000000000b1-env").get()).isNull();
        assertThat(runtime.isAlive("00000000000000b1")).isFalse();
        assertThat(runtime.list()).extracting(SandboxInfo::sessionId).containsExactly("00000000000000b2");
        runtime.destroy("00000000000000b1");
        assertThatThrownBy(() -> runtime.attach("00000000000000b1", 0, dev.remolt.sandbox.TerminalSize.DEFAULT))
                .isInstanceOf(SandboxGoneException.class);
    }

    @Test
    @DisplayName("an image that cannot be pulled fails the create with the image named, and leaves nothing behind (mock API server, no real cluster)")
    void imagePullFailureNamesTheImage() {
        var runtime = runtime(FakeKubelet::imagePullFails, Duration.ofSeconds(10));
        assertThatThrownBy(() -> runtime.create(spec("00000000000000c1", "local")))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("session 00000000000000c1")
                .hasMessageContaining("cannot pull image registry.example/team/remolt-shell")
                .hasMessageContaining("ErrImagePull")
                .hasMessageContaining("REMOLT_IMAGE_PREFIX");
        assertThat(client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000c1").get()).isNull();
        assertThat(client.secrets().inNamespace(NAMESPACE).withName("remolt-00000000000000c1-env").get()).isNull();
    }

    @Test
    @DisplayName("a pod that cannot be scheduled fails at the start timeout with the scheduler's reason (mock API server, no real cluster)")
    void unschedulablePodTimesOutWithTheReason() {
        var runtime = runtime(FakeKubelet::unschedulable, Duration.ofSeconds(1));
        assertThatThrownBy(() -> runtime.create(spec("00000000000000c2", "local")))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("not ready within 1 s")
                .hasMessageContaining("cannot be scheduled (Unschedulable: 0/3 nodes are available: 3 Insufficient memory.)");
        assertThat(client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000c2").get()).isNull();
    }

    @Test
    @DisplayName("a pod nobody starts fails at the start timeout and is removed (mock API server, no real cluster)")
    void readinessTimesOut() {
        var runtime = runtime(pod -> null, Duration.ofSeconds(1));
        assertThatThrownBy(() -> runtime.create(spec("00000000000000c3", "local")))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("pod remolt-00000000000000c3")
                .hasMessageContaining("not ready within 1 s");
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems())
                .noneMatch(p -> p.getMetadata().getName().equals("remolt-00000000000000c3"));
    }
}

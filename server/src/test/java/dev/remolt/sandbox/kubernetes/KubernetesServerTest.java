package dev.remolt.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole server on REMOLT_RUNTIME=kubernetes against fabric8's mock API server (no real
 * cluster). The server finds the mock the way it finds a cluster, through fabric8's standard
 * configuration, here its system properties.
 */
@Timeout(60)
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesServerTest {
    static final String NAMESPACE = KubernetesSandboxRuntimeTest.NAMESPACE;
    static final Map<String, String> SETTINGS = Map.of("REMOLT_RUNTIME", "kubernetes", "REMOLT_NAMESPACE", NAMESPACE);
    static KubernetesMockServer server;
    static KubernetesClient client;

    @BeforeEach
    void pointFabric8AtTheMock() {
        System.setProperty("kubernetes.master", server.url("/"));
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    }

    @AfterEach
    void clear() {
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubernetes.auth.tryKubeConfig");
        System.clearProperty("kubernetes.auth.tryServiceAccount");
        client.pods().inNamespace(NAMESPACE).delete();
        client.secrets().inNamespace(NAMESPACE).delete();
    }

    @Test
    @DisplayName("after a restart the server adopts a running labelled pod and removes a dead one (mock API server, no real cluster)")
    void adoptsLabelledPodsAfterARestart() throws Exception {
        var runtime = new KubernetesSandboxRuntime(client, NAMESPACE, "", Duration.ofSeconds(10));
        try (var kubelet = new FakeKubelet(client, NAMESPACE, FakeKubelet::running)) {
            runtime.create(KubernetesSandboxRuntimeTest.spec("00000000000000e1", "local"));
            runtime.create(KubernetesSandboxRuntimeTest.spec("00000000000000e2", "local"));
        }
        var dead = client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000e2").get();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder(dead)
                .withStatus(new PodStatusBuilder().withPhase("Failed").build()).build()).updateStatus();

        // A fresh data dir: no sessions.json, so the adopted session is rebuilt from the pod's labels.
        try (TestServer remolt = TestServer.start(SETTINGS)) {
            assertThat(Jsons.field(remolt.get("/health").body(), "runtime")).isEqualTo("kubernetes");
            var adopted = remolt.get("/api/sessions/00000000000000e1");
            assertThat(adopted.statusCode()).isEqualTo(200);
            assertThat(Jsons.field(adopted.body(), "agent_type")).isEqualTo("shell");
            assertThat(remolt.get("/api/sessions/00000000000000e2").statusCode()).isEqualTo(404);
            assertThat(client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000e2").get()).isNull();
            assertThat(client.pods().inNamespace(NAMESPACE).withName("remolt-00000000000000e1").get()).isNotNull();
        }
    }

    @Test
    @DisplayName("POST and DELETE /api/sessions create and remove a pod and its secret (mock API server, no real cluster)")
    void sessionsCreateAndDeletePods() throws Exception {
        try (var kubelet = new FakeKubelet(client, NAMESPACE, FakeKubelet::running);
             TestServer remolt = TestServer.start(SETTINGS)) {
            String id = remolt.createShell();
            var pod = client.pods().inNamespace(NAMESPACE).withName("remolt-" + id).get();
            assertThat(pod.getMetadata().getLabels()).containsEntry("remolt.owner", "local").containsEntry("remolt.session-id", id);
            assertThat(client.secrets().inNamespace(NAMESPACE).withName("remolt-" + id + "-env").get()).isNotNull();

            assertThat(remolt.delete("/api/sessions/" + id).statusCode()).isEqualTo(200);
            assertThat(client.pods().inNamespace(NAMESPACE).withName("remolt-" + id).get()).isNull();
            assertThat(client.secrets().inNamespace(NAMESPACE).withName("remolt-" + id + "-env").get()).isNull();
        }
    }

    @Test
    @DisplayName("a pod that cannot start answers 503 with the reason, naming the image (mock API server, no real cluster)")
    void aFailedStartAnswers503WithTheReason() throws Exception {
        try (var kubelet = new FakeKubelet(client, NAMESPACE, FakeKubelet::imagePullFails);
             TestServer remolt = TestServer.start(SETTINGS)) {
            var response = remolt.post("/api/sessions", "{\"agent_type\":\"shell\"}");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Jsons.field(response.body(), "message")).contains("cannot pull image remolt-shell");
            assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        }
    }
}

package dev.remolt.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remolt.sandbox.SandboxGoneException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Logs tab's source on Kubernetes: the pod log API, followed, against fabric8's mock API
 * server (no real cluster). The mock answers the one request path it is told, so a passing test
 * also shows the request asked for the sandbox container, the last 200 lines and follow.
 */
@Timeout(30)
@EnableKubernetesMockClient(crud = true)
class KubernetesLogsTest {
    static final String NAMESPACE = KubernetesSandboxRuntimeTest.NAMESPACE;
    static final String ID = "00000000000000f1";
    static KubernetesMockServer server;
    static KubernetesClient client;
    static KubernetesSandboxRuntime runtime;

    @BeforeAll
    static void startASandbox() throws Exception {
        runtime = FakeKubelet.runtimeWithSandbox(client, NAMESPACE, ID);
    }

    static final String LOG_PATH = "/api/v1/namespaces/" + NAMESPACE + "/pods/remolt-" + ID
            + "/log?pretty=false&container=sandbox&tailLines=200&follow=true";

    @Test
    @DisplayName("followLogs reads the pod log through the log API with tailLines=200 and follow=true, line by line as LogSocket does (mock API server, no real cluster)")
    void followsThePodLog() throws Exception {
        // The mock sends a body whole and ends it; a real follow would then wait for more lines.
        server.expect().get().withPath(LOG_PATH).andReturn(200,
                "2026-01-01T00:00:00Z remolt-entrypoint: tmux session main started in /home/dev/workspace\n"
                + "setup-says-hello\nsecond line\nremolt: ready\n").once();
        List<String> lines = new ArrayList<>();
        try (InputStream logs = runtime.followLogs(ID);
             BufferedReader reader = new BufferedReader(new InputStreamReader(logs, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) lines.add(line);
        }
        assertThat(lines).containsExactly(
                "2026-01-01T00:00:00Z remolt-entrypoint: tmux session main started in /home/dev/workspace",
                "setup-says-hello", "second line", "remolt: ready");
    }

    @Test
    @DisplayName("the logs of a session whose pod is gone are refused as a gone sandbox (mock API server, no real cluster)")
    void aMissingPodIsGone() {
        assertThatThrownBy(() -> runtime.followLogs("00000000000000f9")).isInstanceOf(SandboxGoneException.class);
    }
}

package dev.remolt.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.remolt.testing.Jsons;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server image, built here with no registry (scripts/build-server-image.sh: the host's JDK on
 * the offline base remolt-os:bookworm), run on the kubernetes runtime against fabric8's mock API
 * server (no real cluster) on this machine's loopback. The container shares the host's network so
 * it can reach that loopback; the server inside listens on 127.0.0.1 only. Needs Docker: fails
 * under CI=true without it, and is skipped elsewhere.
 */
@Timeout(240)
class ServerImageIT {
    static final Path REPO = Path.of(System.getProperty("remolt.repo.dir", "..")).toAbsolutePath().normalize();
    static final String IMAGE = "remolt-server:it";
    private KubernetesMockServer api;
    private String container;

    @BeforeEach
    void needsDocker() throws Exception {
        requireOrSkip(run(List.of("docker", "info"), 30).exitCode == 0, "Docker does not answer (docker info failed)");
        requireOrSkip(run(List.of("docker", "image", "inspect", "remolt-os:bookworm"), 30).exitCode == 0,
                "the offline base remolt-os:bookworm is missing (scripts/build-base-image.sh makes it)");
    }

    private static void requireOrSkip(boolean present, String what) {
        if (present) return;
        if ("true".equals(System.getenv("CI"))) fail(what + "; CI must run this test");
        Assumptions.abort(what + "; skipped outside CI (CI=true makes this a failure)");
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) run(List.of("docker", "rm", "-f", container), 30);
        if (api != null) api.destroy();
    }

    @Test
    @DisplayName("the server image builds offline, runs as a non-root user with JSON logs, adopts a pod from the API server and answers /health")
    void serverImageBuildsAndAnswersHealth() throws Exception {
        Result build = run(List.of(REPO.resolve("scripts/build-server-image.sh").toString(), IMAGE), 180);
        assertThat(build.exitCode).as("build-server-image.sh output:\n" + build.output).isZero();

        api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = api.createClient();
        client.pods().inNamespace("remolt").resource(new PodBuilder().withNewMetadata().withName("remolt-00000000000000aa")
                .addToLabels("remolt.managed", "true").addToLabels("remolt.session-id", "00000000000000aa")
                .addToLabels("remolt.owner", "local").addToLabels("remolt.agent", "shell").endMetadata()
                .withStatus(new PodStatusBuilder().withPhase("Running").build()).build()).create();

        int port = freePort();
        Result started = run(List.of("docker", "run", "-d", "--network", "host",
                "-e", "REMOLT_RUNTIME=kubernetes", "-e", "REMOLT_HOST=127.0.0.1", "-e", "REMOLT_PORT=" + port,
                "-e", "REMOLT_LOG_FORMAT=json",
                "-e", "KUBERNETES_MASTER=http://127.0.0.1:" + api.getPort(),
                "-e", "KUBERNETES_AUTH_TRYKUBECONFIG=false", "-e", "KUBERNETES_AUTH_TRYSERVICEACCOUNT=false",
                IMAGE), 60);
        assertThat(started.exitCode).as(started.output).isZero();
        container = started.output.strip();

        String health = awaitHealth(port);
        assertThat(Jsons.field(health, "runtime")).isEqualTo("kubernetes");
        assertThat(Jsons.field(health, "sessions")).as("the labelled pod was adopted").isEqualTo("1");
        assertThat(run(List.of("docker", "exec", container, "id", "-u"), 30).output.strip()).isEqualTo("10001");
        String logs = run(List.of("docker", "logs", container), 30).output;
        assertThat(logs.lines().filter(l -> l.contains("runtime: kubernetes")).findFirst().orElseThrow())
                .startsWith("{").contains("\"level\":\"INFO\"");
    }

    private String awaitHealth(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) return response.body();
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no /health within 60 s; container log:\n" + run(List.of("docker", "logs", container), 30).output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).directory(REPO.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        // Read while it runs, so a chatty build cannot fill the pipe and stall.
        var output = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the process ended
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " ran longer than " + timeoutSeconds + " s:\n" + output);
        }
        reader.join(5_000);
        return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }
}

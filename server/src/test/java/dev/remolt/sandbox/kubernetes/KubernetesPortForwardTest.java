package dev.remolt.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.proxy.AnswerOrigin;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.sandbox.StreamingExec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy's way into a pod: {@code openPort} over the API server's port-forward WebSocket,
 * against fabric8's mock API server (no real cluster), where {@link FakePortForward} plays the
 * kubelet and the app behind the port. Built by hand rather than with the JUnit extension, to
 * give the mock a WebSocket answer that reacts to what it receives.
 */
@Timeout(30)
class KubernetesPortForwardTest {
    static final String NAMESPACE = KubernetesSandboxRuntimeTest.NAMESPACE;
    static final String ID = "00000000000000e1";
    static final Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    static KubernetesMockServer server;
    static KubernetesClient client;
    static KubernetesSandboxRuntime runtime;

    @BeforeAll
    static void startASandbox() throws Exception {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        expectPortForward(8080, FakePortForward.listening(8080, FakePortForward::shouting));
        expectPortForward(3000, FakePortForward.listening(3000, FakePortForward::http));
        expectPortForward(9, FakePortForward.refusing(9));
        runtime = FakeKubelet.runtimeWithSandbox(client, NAMESPACE, ID);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    static void expectPortForward(int port, ServerResponse answer) {
        String path = "/api/v1/namespaces/" + NAMESPACE + "/pods/remolt-" + ID + "/portforward?ports=" + port;
        responses.computeIfAbsent(new SimpleRequest(HttpMethod.GET, path), k -> new ArrayDeque<>()).add(answer);
    }

    static String readUntil(InputStream in, String expected) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(expected)) {
            int count = in.read(buffer);
            if (count < 0) throw new AssertionError("output ended before \"" + expected + "\"; saw: " + seen);
            seen.write(buffer, 0, count);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("openPort carries bytes both ways through port-forward and ends with exit code 0 when the app closes (mock API server, no real cluster)")
    void bytesGoBothWays() throws Exception {
        try (StreamingExec port = runtime.openPort(ID, 8080)) {
            OutputStream in = port.stdin();
            in.write("hello port".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(readUntil(port.stdout(), "HELLO PORT")).isEqualTo("HELLO PORT");
            in.write("and bye".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(readUntil(port.stdout(), "AND BYE")).isEqualTo("AND BYE");
            assertThat(port.stdout().read()).isEqualTo(-1);
            assertThat(port.waitFor(Duration.ofSeconds(5))).isZero();
            assertThat(port.stderr()).isEmpty();
        }
    }

    @Test
    @DisplayName("a port nobody listens on ends at once with exit code 7 and the kubelet's error as stderr (mock API server, no real cluster)")
    void aClosedPortIsRefused() throws Exception {
        try (StreamingExec port = runtime.openPort(ID, 9)) {
            assertThat(port.stdout().read()).isEqualTo(-1);
            assertThat(port.waitFor(Duration.ofSeconds(5))).isEqualTo(7);
            assertThat(port.stderr()).contains("connection refused");
        }
    }

    @Test
    @DisplayName("a port-forward the API server refuses (no such endpoint here) ends with exit code 1, not 7 (mock API server, no real cluster)")
    void aFailedForwardIsNotNothingListens() throws Exception {
        try (StreamingExec port = runtime.openPort(ID, 4444)) {
            assertThat(port.stdout().read()).isEqualTo(-1);
            assertThat(port.waitFor(Duration.ofSeconds(5))).isEqualTo(1);
            assertThat(port.stderr()).isNotEmpty();
        }
    }

    @Test
    @DisplayName("closing the stream ends the forward: waitFor returns and reading gives no more bytes (mock API server, no real cluster)")
    void closeEndsTheForward() throws Exception {
        StreamingExec port = runtime.openPort(ID, 8080);
        port.stdin().write("ping".getBytes(StandardCharsets.UTF_8));
        readUntil(port.stdout(), "PING");
        port.close();
        assertThat(port.waitFor(Duration.ofSeconds(5))).isNotEqualTo(-1);
    }

    @Test
    @DisplayName("the dashboard proxy forwards an HTTP request through port-forward, and answers 502 for a port nobody listens on (mock API server, no real cluster)")
    void httpProxyGoesThroughPortForward() throws Exception {
        HttpProxy proxy = new HttpProxy(runtime, sessionId -> {});
        Javalin app = Javalin.create(c -> {
            c.routes.post("/app", ctx -> proxy.forward(ctx, ID, 3000, "/hello?x=1", Map.of("Authorization", "Bearer tok-123"),
                    AnswerOrigin.API_SANDBOXED));
            c.routes.get("/closed", ctx -> proxy.forward(ctx, ID, 9, "/", Map.of(), AnswerOrigin.API_SANDBOXED));
        }).start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/app"))
                    .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-App")).hasValue("fake");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("sandbox"));
            assertThat(answer.body()).startsWith("POST /hello?x=1 HTTP/1.1\n")
                    .contains("Host: 127.0.0.1:3000\n").contains("Authorization: Bearer tok-123\n").endsWith("A=1&B=2");

            HttpResponse<String> closed = http.send(HttpRequest.newBuilder(URI.create(base + "/closed"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(closed.statusCode()).isEqualTo(502);
            assertThat(closed.body()).contains("Nothing listens on port 9");
        } finally {
            app.stop();
        }
    }
}

package dev.remolt.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.files.HostileArchives;
import dev.remolt.testing.ApiClient;
import dev.remolt.testing.EchoApp;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real reverse proxy (nginx, Caddy) started from the docs' example in front of a real server, and
 * what a user does through it: a terminal, an upload past nginx's default body limit, an app's WebSocket.
 */
final class ThroughAProxy implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    final TestServer server;
    final String front;
    private final Process proxy;
    private final Path output;

    private ThroughAProxy(TestServer server, String front, Process proxy, Path output) {
        this.server = server;
        this.front = front;
        this.proxy = proxy;
        this.output = output;
    }

    /** Starts a server with the echo-dashboard agent, then {@code command} (the proxy) on {@code port}. */
    static ThroughAProxy start(int port, Path dir, java.util.function.IntFunction<List<String>> command,
                               Map<String, String> env) throws Exception {
        Path agents = EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT));
        TestServer server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString()));
        Path output = dir.resolve("proxy.out");
        Process proxy;
        try {
            ProcessBuilder builder = new ProcessBuilder(command.apply(server.server().port())).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            proxy = builder.start();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        ThroughAProxy through = new ThroughAProxy(server, "http://127.0.0.1:" + port, proxy, output);
        through.awaitListening(port);
        return through;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!proxy.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new AssertionError("the proxy did not listen on " + port + ": " + Files.readString(output));
                }
                Thread.sleep(50);
            }
        }
    }

    void runsATerminalAnUploadAndAnAppSocket() throws Exception {
        ApiClient client = new ApiClient(front, Optional.empty());
        var created = client.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = Jsons.field(created.body(), "session_id");

        try (TerminalClient terminal = TerminalClient.connect(URI.create(front.replace("http", "ws") + "/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("echo through-$((6*7))\r");
            terminal.awaitOutput("through-42", WAIT);
        }

        // Past nginx's default client_max_body_size (1 MB): hex of random bytes compresses only by half.
        byte[] payload = new byte[1536 * 1024];
        new Random(7).nextBytes(payload);
        String content = HexFormat.of().formatHex(payload);
        byte[] archive = HostileArchives.tarGz(w -> w.dir("big").file("big/data.txt", content));
        assertThat(archive.length).isGreaterThan(1024 * 1024);
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(front + "/api/sessions/" + id + "/upload")).timeout(WAIT)
                .header("Content-Type", "application/gzip").header("Origin", front)
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(server.server().runtime().exec(id, List.of("sh", "-c", "wc -c < ~/workspace/big/data.txt"))
                .output().strip()).isEqualTo(String.valueOf(content.length()));

        EchoApp.start(server, id, EchoApp.PORT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.get("/proxy/" + id + "/ready").statusCode() != 200) {
            assertThat(System.nanoTime()).as("the echo app answers through the proxy").isLessThan(deadline);
            Thread.sleep(100);
        }
        try (TerminalClient socket = TerminalClient.connect(URI.create(front.replace("http", "ws") + "/proxy/" + id + "/socket"),
                Map.of("Origin", front))) {
            socket.awaitOutput(out -> !socket.events().isEmpty(), "the app's first message", WAIT);
            JsonNode seen = Jsons.parse(socket.events().getFirst());
            assertThat(seen.get("path").asText()).isEqualTo("/socket");
            socket.sendText("via-proxy");
            socket.awaitOutput(out -> socket.events().contains("echo:via-proxy"), "the echo", WAIT);
        }
    }

    @Override
    public void close() throws Exception {
        proxy.destroy();
        if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        server.close();
    }
}

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
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs' nginx example (deploy/nginx/remolt.conf, HTTPS lines swapped for a loopback port) run by
 * Debian's nginx in front of a real server: a terminal, an upload past nginx's default body limit,
 * and an app's WebSocket all pass through it.
 */
@Timeout(120)
class NginxReverseProxyTest {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path prefix;
    private static TestServer server;
    private static Process nginx;
    private static String front;

    @BeforeAll
    static void start() throws Exception {
        assertThat(NGINX).as("nginx (apt-get install nginx; .ci/run installs it)").isExecutable();
        Path agents = EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT));
        server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString()));
        int port = freePort();
        front = "http://127.0.0.1:" + port;
        Files.writeString(prefix.resolve("nginx.conf"), nginxConf(port, server.server().port()));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-e", prefix.resolve("error.log").toString(), "-g", "daemon off; master_process off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile()).start();
        awaitListening(port);
    }

    /** The example file, with its HTTPS listener and certificate swapped for a loopback port. */
    static String nginxConf(int listen, int upstream) throws IOException {
        String example = Files.readString(QuickStartScript.REPO.resolve("deploy/nginx/remolt.conf"));
        String site = example.replace("listen 443 ssl;", "listen 127.0.0.1:" + listen + ";")
                .replaceAll("(?m)^\\s*ssl_certificate.*\\n", "")
                .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + upstream + ";");
        assertThat(site).doesNotContain("443").doesNotContain(":8080");
        return """
                pid nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path body; proxy_temp_path proxy; fastcgi_temp_path fastcgi;
                    uwsgi_temp_path uwsgi; scgi_temp_path scgi;
                %s
                }
                """.formatted(site);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx did not listen on " + port + ": "
                            + Files.readString(prefix.resolve("nginx.out")) + readIfExists(prefix.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) server.close();
    }

    @Test
    @DisplayName("through nginx a session starts, its terminal runs a command, an upload past nginx's 1 MB default lands, and the app's WebSocket echoes")
    void terminalUploadAndAppSocketThroughNginx() throws Exception {
        ApiClient client = new ApiClient(front, Optional.empty());
        var created = client.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = Jsons.field(created.body(), "session_id");

        try (TerminalClient terminal = TerminalClient.connect(URI.create(front.replace("http", "ws") + "/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("echo through-$((6*7))\r");
            terminal.awaitOutput("through-42", WAIT);
        }

        // Past nginx's default client_max_body_size (1 MB): random bytes do not compress.
        byte[] payload = new byte[1536 * 1024];
        new Random(7).nextBytes(payload);
        String content = java.util.HexFormat.of().formatHex(payload);
        byte[] archive = HostileArchives.tarGz(w -> w.dir("big").file("big/data.txt", content));
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(front + "/api/sessions/" + id + "/upload")).timeout(WAIT)
                .header("Content-Type", "application/gzip").header("Origin", front)
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(archive.length).isGreaterThan(1024 * 1024);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(server.server().runtime().exec(id, java.util.List.of("sh", "-c", "wc -c < ~/workspace/big/data.txt"))
                .output().strip()).isEqualTo(String.valueOf(content.length()));

        EchoApp.start(server, id, EchoApp.PORT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.get("/proxy/" + id + "/ready").statusCode() != 200) {
            assertThat(System.nanoTime()).as("the echo app answers through nginx").isLessThan(deadline);
            Thread.sleep(100);
        }
        try (TerminalClient socket = TerminalClient.connect(URI.create(front.replace("http", "ws") + "/proxy/" + id + "/socket"),
                Map.of("Origin", front))) {
            socket.awaitOutput(out -> !socket.events().isEmpty(), "the app's first message", WAIT);
            JsonNode seen = Jsons.parse(socket.events().getFirst());
            assertThat(seen.get("path").asText()).isEqualTo("/socket");
            socket.sendText("via-nginx");
            socket.awaitOutput(out -> socket.events().contains("echo:via-nginx"), "the echo", WAIT);
        }
    }
}

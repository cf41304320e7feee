package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default network of local sandboxes (SECURITY T56): the internet (here, the npm registry)
 * answers; the host's loopback, the server's own port included, does not, unless an exception opens
 * one port, which the sandbox then reaches as host.remolt.internal. Targets are on loopback only.
 */
@Timeout(180)
class EgressPolicyTest {
    private static ServerSocket listener;
    private static final AtomicInteger accepted = new AtomicInteger();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(EgressPolicyTest::answer);
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        listener.close();
    }

    /** Greets every connection: a refused connection is one this never counts. */
    private static void answer() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept(); OutputStream out = socket.getOutputStream()) {
                accepted.incrementAndGet();
                out.write("hello from the host\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // closed at the end of the tests
            }
        }
    }

    private static ExecResult connect(TestServer on, String id, String host, int port) throws Exception {
        return on.server().runtime().exec(id, List.of("bash", "-c",
                "exec 3<>/dev/tcp/" + host + "/" + port + " && timeout 5 head -n 1 <&3"));
    }

    @Test
    @DisplayName("inside a local sandbox the npm registry answers, by name, through the default user-mode network")
    void registryAnswers() throws Exception {
        String id = server.createShell();
        ExecResult view = server.server().runtime().exec(id, List.of("npm", "view", "--no-update-notifier", "left-pad", "version"));
        assertThat(view.exitCode()).as(view.output()).isZero();
        assertThat(view.output().strip()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    @DisplayName("the server's own port and another port on the host's loopback are refused from inside, under any name")
    void hostLoopbackRefused() throws Exception {
        String id = server.createShell();
        int before = accepted.get();
        for (int port : List.of(server.server().port(), listener.getLocalPort())) {
            for (String host : List.of("127.0.0.1", "localhost", UserNetwork.HOST_NAME)) {
                ExecResult result = connect(server, id, host, port);
                assertThat(result.exitCode()).as(host + ":" + port + " " + result.output()).isNotZero();
                assertThat(result.output()).doesNotContain("hello from the host");
            }
        }
        assertThat(accepted.get()).as("connections that reached the host listener").isEqualTo(before);
    }

    @Test
    @DisplayName("an exception for a port on the host's loopback opens it, as host.remolt.internal, and nothing else")
    void exceptionOpensOnePort() throws Exception {
        try (TestServer open = TestServer.start(Map.of("REMOLT_EGRESS_ALLOW", "127.0.0.1:" + listener.getLocalPort()))) {
            String id = open.createShell();
            ExecResult result = connect(open, id, UserNetwork.HOST_NAME, listener.getLocalPort());
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("hello from the host");
            assertThat(connect(open, id, UserNetwork.HOST_NAME, open.server().port()).exitCode()).as("the server's own port").isNotZero();
        }
    }

    @Test
    @DisplayName("ending a session ends its pasta: no process of its network is left on the host")
    void pastaEndsWithTheSession() throws Exception {
        String id = server.createShell();
        Path pidFile = server.dataDir().resolve("sandboxes").resolve(id).resolve("pasta.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip().split(" ")[0]);
        assertThat(ProcessHandle.of(pid)).as("pasta runs while the session does").isPresent();
        assertThat(server.delete("/api/sessions/" + id).statusCode()).isBetween(200, 204);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}

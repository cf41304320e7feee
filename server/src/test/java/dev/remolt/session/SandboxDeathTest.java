package dev.remolt.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.terminal.CloseCodes;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A sandbox that dies behind the server's back is noticed within 10 s, and its viewers are told why. */
@Timeout(60)
class SandboxDeathTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "5"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @DisplayName("a sandbox killed from outside closes its viewers with 4404 and ends the session")
    void killedFromOutside() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            long initPid = Jsons.parse(Files.readString(server.dataDir().resolve("sandboxes/" + id + "/sandbox.json")))
                    .get("initPid").asLong();
            long killed = System.nanoTime();
            ProcessHandle.of(initPid).orElseThrow().destroyForcibly();
            assertThat(terminal.awaitClose(WAIT)).isEqualTo(CloseCodes.SESSION_GONE);
            assertThat(terminal.closeReason()).contains("session ended");
            awaitGone(id);
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(WAIT);
        }
    }

    @Test
    @DisplayName("tmux killed inside ends the sandbox, and the session ends with a reason")
    void tmuxKilledInside() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("tmux kill-server\r");
            assertThat(terminal.awaitClose(WAIT)).isEqualTo(CloseCodes.SESSION_GONE);
            awaitGone(id);
        }
    }

    @Test
    @DisplayName("exiting the last shell keeps the session: reconnecting starts a fresh shell")
    void exitingTheShellKeepsTheSession() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("exit\r");
            assertThat(terminal.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
        }
        assertThat(server.get("/api/sessions/" + id).statusCode()).isEqualTo(200);
        try (TerminalClient again = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            again.awaitOutput("$ ", WAIT);
            again.type("echo fre''sh\r");
            again.awaitOutput("fresh", WAIT);
        }
    }

    private static void awaitGone(String id) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.get("/api/sessions/" + id).statusCode() != 404) {
            if (System.nanoTime() > deadline) throw new AssertionError("session " + id + " still listed");
            Thread.sleep(100);
        }
    }
}

package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real server, real bubblewrap sandboxes and real tmux, driven over the terminal WebSocket. */
@Timeout(60)
class TerminalSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(java.util.Map.of("REMOLT_MAX_SESSIONS_PER_USER", "20", "REMOLT_MAX_SESSIONS", "20"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @DisplayName("typing a command echoes its output back")
    void typingACommandEchoesItsOutputBack() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("echo hel''lo\r");
            terminal.awaitOutput("hello", WAIT);
        }
    }

    @Test
    @DisplayName("two viewers of one session see the same output")
    void twoViewersSeeTheSameOutput() throws Exception {
        String id = server.createShell();
        try (TerminalClient first = TerminalClient.connect(server.ws("/ws/terminal/" + id));
             TerminalClient second = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            first.awaitOutput("$ ", WAIT);
            second.awaitOutput("$ ", WAIT);
            first.type("echo sha''red-$((6*7))\r");
            first.awaitOutput("shared-42", WAIT);
            second.awaitOutput("shared-42", WAIT);
        }
    }

    @Test
    @DisplayName("a resize frame changes the columns the shell sees")
    void aResizeFrameChangesTheColumns() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.resize(133, 41);
            // tmux applies a client's new size to the window after a short delay: ask until it shows.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!terminal.output().contains("cols=133x40") && System.nanoTime() < deadline) {
                terminal.type("echo cols=$(tput cols)x$(tput lines)\r");
                Thread.sleep(300);
            }
            // tmux keeps one line for its status bar.
            terminal.awaitOutput("cols=133x40", Duration.ofSeconds(1));
        }
    }

    @Test
    @DisplayName("inside, the sandbox has its own hostname, a read-only /usr and no host processes")
    void insideTheSandboxIsIsolated() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("echo host=$(hostname); touch /usr/x || echo usr-ro; echo procs=$(ls /proc | grep -c '^[0-9]'); "
                    + "ls /proc/*/cmdline | xargs cat 2>/dev/null | tr '\\0' ' ' | grep -c java; echo all-do''ne\r");
            terminal.awaitOutput("all-done", WAIT);
            String out = terminal.output();
            assertThat(out).contains("host=sb-" + id).contains("usr-ro");
            var procs = Pattern.compile("procs=(\\d+)").matcher(out);
            assertThat(procs.find()).isTrue();
            // bwrap's init, tmux, bash and this command line: never the host's hundreds.
            assertThat(Integer.parseInt(procs.group(1))).isLessThan(15);
            assertThat(out).doesNotContain("/java");
        }
    }

    @Test
    @DisplayName("the sandbox sees no host socket, no /run and not the data folder")
    void theSandboxSeesNoHostSocket() throws Exception {
        String id = server.createShell();
        var result = server.server().runtime().exec(id, java.util.List.of("sh", "-c",
                "ls /run /var/run 2>&1; ls " + server.dataDir() + " 2>&1; find / -xdev -type s 2>/dev/null | grep -v tmux-; echo end"));
        assertThat(result.output()).contains("No such file").doesNotContain("sessions.json").endsWith("end\n");
    }

    @Test
    @DisplayName("deleting a session ends every process of its sandbox")
    void deletingASessionEndsEveryProcess() throws Exception {
        String id = server.createShell();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("sleep 1000 & echo started\r");
            terminal.awaitOutput("started", WAIT);
            int uid = (Integer) Files.getAttribute(server.dataDir().resolve("sandboxes/" + id + "/home"), "unix:uid");
            assertThat(processesOf(uid)).isPositive();

            assertThat(server.delete("/api/sessions/" + id).statusCode()).isEqualTo(200);

            assertThat(terminal.awaitClose(WAIT)).isEqualTo(CloseCodes.SESSION_GONE);
            assertThat(processesOf(uid)).isZero();
            assertThat(server.dataDir().resolve("sandboxes/" + id)).doesNotExist();
            assertThat(server.get("/api/sessions/" + id).statusCode()).isEqualTo(404);
        }
    }

    static long processesOf(int uid) throws Exception {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return (Integer) Files.getAttribute(p, "unix:uid") == uid;
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }
}

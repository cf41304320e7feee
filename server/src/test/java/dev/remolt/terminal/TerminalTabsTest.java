package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Terminal tabs are tmux windows: each tab's socket shows its own window, and the limit holds. */
@Timeout(60)
class TerminalTabsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_MAX_TERMINALS", "3", "REMOLT_MAX_SESSIONS_PER_USER", "5"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @DisplayName("a second tab runs its own shell while the first keeps showing its own")
    void aSecondTabRunsItsOwnShell() throws Exception {
        String id = server.createShell();
        var opened = server.post("/api/sessions/" + id + "/terminals", "");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        int window = Jsons.parse(opened.body()).get("window").asInt();
        assertThat(window).isEqualTo(1);
        assertThat(server.get("/api/sessions/" + id).body()).contains("\"terminals\":[0,1]");

        try (TerminalClient first = TerminalClient.connect(server.ws("/ws/terminal/" + id));
             TerminalClient second = TerminalClient.connect(server.ws("/ws/terminal/" + id + "?window=1"))) {
            first.awaitOutput("$ ", WAIT);
            second.awaitOutput("$ ", WAIT);
            second.type("echo in-tab-$((1+1))\r");
            second.awaitOutput("in-tab-2", WAIT);
            first.type("echo in-first-$((0+1))\r");
            first.awaitOutput("in-first-1", WAIT);
            assertThat(first.output()).doesNotContain("in-tab-2");
            assertThat(second.output()).doesNotContain("in-first-1");
        }
        // Grouped sessions of closed tabs do not linger.
        assertThat(server.server().runtime().tmux(id, java.util.List.of("list-sessions", "-F", "#{session_name}")).strip())
                .isEqualTo("main");
    }

    @Test
    @DisplayName("tabs are limited, closing one frees a place, the first cannot be closed, unknown ones are 404")
    void tabLimitsAndClosing() throws Exception {
        String id = server.createShell();
        assertThat(server.post("/api/sessions/" + id + "/terminals", "").statusCode()).isEqualTo(200);
        assertThat(server.post("/api/sessions/" + id + "/terminals", "").statusCode()).isEqualTo(200);
        var refused = server.post("/api/sessions/" + id + "/terminals", "");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Jsons.field(refused.body(), "message")).contains("3 terminals");

        var closed = server.delete("/api/sessions/" + id + "/terminals/2");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(closed.body()).contains("\"terminals\":[0,1]");
        assertThat(server.delete("/api/sessions/" + id + "/terminals/0").statusCode()).isEqualTo(400);
        assertThat(server.delete("/api/sessions/" + id + "/terminals/7").statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/sessions/" + id + "/terminals/x").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> TerminalClient.connect(server.ws("/ws/terminal/" + id + "?window=5")))
                .hasStackTraceContaining("404");
    }
}

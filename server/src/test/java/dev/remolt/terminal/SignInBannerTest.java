package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A sign-in URL printed in a real sandbox, wrapped by a narrow terminal, reaches every viewer as one auth_url event. */
@Timeout(60)
class SignInBannerTest {
    @Test
    @DisplayName("a long OAuth URL wrapped on a narrow screen is sent whole to the viewer, and to a viewer who attaches later")
    void wrappedUrlReachesViewers() throws Exception {
        String url = "https://claude.ai/oauth/authorize?code=true&client_id=9d1c250a&response_type=code&redirect_uri="
                + "https%3A%2F%2Fconsole.anthropic.com%2Foauth%2Fcode%2Fcallback&state=" + "q".repeat(120);
        try (TestServer server = TestServer.start()) {
            String id = server.createShell();
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", Duration.ofSeconds(10));
                terminal.resize(50, 20);
                Thread.sleep(400);
                terminal.type("clear; printf 'Sign in here:\\n%s\\n' '" + url + "'\r");
                terminal.awaitOutput(out -> terminal.events().stream().anyMatch(e -> e.contains("auth_url")),
                        "an auth_url event", Duration.ofSeconds(10));
                String event = terminal.events().stream().filter(e -> e.contains("auth_url")).findFirst().orElseThrow();
                assertThat(event).contains("\"url\":\"" + url + "\"").contains("\"provider\":\"claude\"");
                assertThat(terminal.events().stream().filter(e -> e.contains("auth_url")).count()).isEqualTo(1);
            }
            try (TerminalClient later = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                later.awaitOutput(out -> later.events().stream().anyMatch(e -> e.contains(url)),
                        "the remembered auth_url event", Duration.ofSeconds(10));
            }
        }
    }
}

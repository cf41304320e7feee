package dev.remolt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.testing.EchoApp;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * SECURITY T07 and T57 in a real browser: a dashboard page that sends a CSP of its own, plants and
 * clears cookies, and calls the API from its script, opened through {@code /proxy/} on the API's origin.
 */
@Timeout(120)
class ProxiedPageBrowserTest {
    private static TestServer server;
    private static WebDriver browser;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        Path agents = EchoApp.agents(Map.of("echo-dash", EchoApp.DASHBOARD_AGENT));
        server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", agents.toString()));
        id = Jsons.field(server.post("/api/sessions", "{\"agent_type\":\"echo-dash\"}").body(), "session_id");
        EchoApp.start(server, id, EchoApp.PORT);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (server.get("/proxy/" + id + "/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) throw new AssertionError("the echo app did not start");
            Thread.sleep(100);
        }
        browser = BrowserTest.Chromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        server.close();
    }

    @Test
    @DisplayName("a dashboard that sends its own CSP still runs in an opaque origin: its script cannot read the user, list sessions or store a key")
    void aProxiedPageCannotCallTheApi() throws Exception {
        browser.get(server.baseUrl() + "/");
        browser.get(server.baseUrl() + "/proxy/" + id + "/own-csp");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.id("out")).getText().equals("running"));
        JsonNode results = Jsons.parse(browser.findElement(By.id("out")).getText());

        assertThat(results.get("me").asText()).as("GET /auth/me").isEqualTo("blocked");
        assertThat(results.get("sessions").asText()).as("GET /api/sessions").isEqualTo("blocked");
        assertThat(results.get("keys").asText()).as("PUT /api/keys").isEqualTo("blocked");
        assertThat(server.get("/api/keys").body()).doesNotContain("PLANTED_KEY");
        assertThat(browser.manage().getCookies()).as("the app's Set-Cookie for our names never reached the browser")
                .noneMatch(c -> c.getName().contains("remolt_auth"));
    }
}

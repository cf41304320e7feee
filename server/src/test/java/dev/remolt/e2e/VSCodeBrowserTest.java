package dev.remolt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import dev.remolt.vscode.VSCodeTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** VS Code through the proxy in a real Chromium: the workbench renders and reaches the sandbox's files over its WebSocket. */
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
class VSCodeBrowserTest {
    private static TestServer server;
    private static WebDriver browser;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_TOOLS_DIR", VSCodeTest.toolsCache().toString()));
        id = sessionWithVSCode(server);
        browser = BrowserTest.Chromium.start();
    }

    /** A shell session with a file in its workspace and code-server answering in its sandbox. */
    private static String sessionWithVSCode(TestServer server) throws Exception {
        String session = server.createShell();
        server.server().runtime().exec(session, java.util.List.of("sh", "-c", "echo hello > ~/workspace/hello-from-sandbox.txt"));
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        String state;
        do {
            Thread.sleep(1000);
            state = Jsons.field(server.get("/api/sessions/" + session + "/vscode").body(), "state");
        } while (!state.matches("ready|failed") && System.nanoTime() < deadline);
        assertThat(state).isEqualTo("ready");
        return session;
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    @DisplayName("the workbench loads at /vscode/{id}/ and its explorer lists a file from the sandbox's workspace")
    void workbenchShowsTheWorkspace() {
        ((org.openqa.selenium.chrome.ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__ws = [];
                const Native = window.WebSocket;
                window.WebSocket = function (url, protocols) {
                  const ws = new Native(url, protocols);
                  const entry = { url: String(url).slice(-120), opened: false, received: 0, sent: 0, closed: null };
                  window.__ws.push(entry);
                  ws.addEventListener('open', () => { entry.opened = true; });
                  ws.addEventListener('message', (e) => { entry.received++; });
                  ws.addEventListener('close', (e) => { entry.closed = e.code + ' ' + e.reason; });
                  const send = ws.send.bind(ws);
                  ws.send = (d) => { entry.sent++; entry.lastSent = d.byteLength || d.length || d.size; return send(d); };
                  return ws;
                };
                window.WebSocket.prototype = Native.prototype;
                Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
                """));
        browser.get(server.baseUrl() + "/vscode/" + id + "/");
        awaitWorkspaceFile();
    }

    @Test
    @DisplayName("with REMOLT_APPS_DOMAIN the same link lands on VS Code's own origin, where the workbench works too")
    void workbenchOnItsOwnOrigin() throws Exception {
        try (TestServer apps = TestServer.start(Map.of("REMOLT_TOOLS_DIR", VSCodeTest.toolsCache().toString(),
                "REMOLT_APPS_DOMAIN", "apps.localhost"))) {
            String session = sessionWithVSCode(apps);
            browser.get(apps.baseUrl() + "/vscode/" + session + "/");
            awaitWorkspaceFile();
            java.net.URI landed = java.net.URI.create(browser.getCurrentUrl());
            assertThat(landed.getHost()).isEqualTo(session + "--" + dev.remolt.vscode.CodeServer.PORT + ".apps.localhost");
            assertThat(landed.getPath()).isEqualTo("/");
        }
    }

    /** Waits for the workbench, then for the explorer to list the file the session's workspace holds. */
    private static void awaitWorkspaceFile() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        try {
            wait.until(d -> !d.findElements(By.cssSelector(".monaco-workbench")).isEmpty());
            // The file list comes from the VS Code server in the sandbox, over the proxied WebSocket.
            wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript("return document.body.innerText"))
                    .contains("hello-from-sandbox.txt"));
        } catch (RuntimeException e) {
            System.out.println("DIAG " + ((JavascriptExecutor) browser).executeScript(
                    "return JSON.stringify({ws: window.__ws, status: (document.querySelector('.statusbar') || {}).innerText, rows: [...document.querySelectorAll('.monaco-list-row')].map(r => r.getAttribute('aria-label')).slice(0, 30), dialogs: [...document.querySelectorAll('.dialog-message-text, .notification-list-item-message')].map(d => d.innerText),"
                    + " resources: performance.getEntriesByType('resource').filter(r => r.responseStatus != 200).map(r => r.name.slice(-100) + ' ' + r.responseStatus)})"));
            throw e;
        }
    }
}

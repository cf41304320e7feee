package dev.remolt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The real page in real headless Chromium against a real server: launch a shell, type, read the screen. */
@Timeout(120)
class BrowserTest {
    private static final Path ARTIFACTS = Path.of("target", "e2e");
    private static TestServer server;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        Files.createDirectories(ARTIFACTS);
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        server.close();
    }

    @Test
    @DisplayName("launching Shell gives a terminal that runs what is typed, and a reload lands in the same session")
    void launchTypeAndReload() throws Exception {
        browser.get(server.baseUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-agent-id='shell']")));
        browser.findElement(By.cssSelector("[data-testid='launch']")).click();
        awaitConnected(wait);
        wait.until(d -> screen().contains("$"));

        typeInTerminal("echo e2e-$((40+2))\n");
        wait.until(d -> screen().contains("e2e-42"));
        screenshot("terminal-after-launch.png");
        assertThat(server.get("/api/sessions").body()).contains("\"status\":\"running\"");

        browser.navigate().refresh();
        awaitConnected(wait);
        wait.until(d -> screen().contains("e2e-42"));
        assertThat(server.server().runtime().list()).as("a reload reattaches, it never creates").hasSize(1);
    }

    private static void awaitConnected(WebDriverWait wait) {
        wait.until(d -> "connected".equals(d.findElement(By.cssSelector("[data-testid='connection-state']"))
                .getDomAttribute("data-state")));
    }

    private static void typeInTerminal(String text) {
        WebElement input = browser.findElement(By.cssSelector("[data-testid='terminal'] .xterm-helper-textarea"));
        input.sendKeys(text);
    }

    private static String screen() {
        return browser.findElement(By.cssSelector("[data-testid='terminal'] .xterm-rows")).getText();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), ARTIFACTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Debian's Chromium and chromedriver, headless, with nothing that reaches for the network. */
    static final class Chromium {
        static WebDriver start() throws Exception {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,800",
                    "--user-data-dir=" + Files.createTempDirectory("remolt-chromium-"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        }
    }
}

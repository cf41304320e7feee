package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.testing.ApiClient;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A local session's repository and git identity, as on docker: repo_url cloned into
 * ~/workspace/<name> from a git daemon on an allowed loopback port (the only target), a failed
 * clone named in the welcome, and git commit working with an empty launch form.
 */
@Timeout(180)
class RepositoryAndIdentityTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path repos;
    private static Process daemon;
    private static int port;
    private static FakeGitHub github;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        repos = Files.createTempDirectory("remolt-repos-");
        git(repos, "init", "-q", "-b", "main", "work");
        Path work = repos.resolve("work");
        Files.writeString(work.resolve("README.md"), "cloned from the test's git daemon\n");
        git(work, "add", "README.md");
        git(work, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "first commit of project");
        git(repos, "clone", "-q", "--bare", "work", "project.git");
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--base-path=" + repos,
                "--listen=127.0.0.1", "--port=" + port, repos.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port);
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice Liddell", "alice@wonderland.example", List.of()));
        server = TestServer.withSignIn(github, Map.of("REMOLT_EGRESS_ALLOW", "127.0.0.1:" + port, "REMOLT_MAX_SESSIONS_PER_USER", "10"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (github != null) github.close();
        if (daemon != null) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git " + String.join(" ", args) + ": " + output).isZero();
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("git daemon did not listen on port " + port);
    }

    private static SandboxRuntime runtime() {
        return server.server().runtime();
    }

    private static String launch(ApiClient client, String body) throws Exception {
        var response = client.post("/api/sessions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Jsons.field(response.body(), "session_id");
    }

    private static ExecResult awaitInside(String id, String check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ExecResult result = runtime().exec(id, List.of("sh", "-c", check));
        while (result.exitCode() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            result = runtime().exec(id, List.of("sh", "-c", check));
        }
        return result;
    }

    @Test
    @DisplayName("repo_url is cloned into ~/workspace/<name>, and the first window starts there and says so")
    void repositoryCloned() throws Exception {
        github.willSignIn("alice");
        ApiClient alice = server.client(server.browser().signedIn());
        String id = launch(alice, "{\"agent_type\":\"shell\",\"repo_url\":\"git://" + UserNetwork.HOST_NAME + ":" + port + "/project.git\"}");
        ExecResult log = awaitInside(id, "git -C ~/workspace/project log --oneline");
        assertThat(log.exitCode()).as(log.output()).isZero();
        assertThat(log.output()).contains("first commit of project");
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id), Map.of("Cookie", alice.cookie().orElseThrow(), "Origin", server.baseUrl()))) {
            terminal.awaitOutput("Cloned git://" + UserNetwork.HOST_NAME + ":" + port + "/project.git into ~/workspace/project.", WAIT);
            terminal.type("pwd\r");
            terminal.awaitOutput("/home/dev/workspace/project", WAIT);
        }
    }

    @Test
    @DisplayName("a clone that fails is named in the welcome, and the session still starts")
    void failedCloneInWelcome() throws Exception {
        github.willSignIn("alice");
        ApiClient alice = server.client(server.browser().signedIn());
        String id = launch(alice, "{\"agent_type\":\"shell\",\"repo_url\":\"git://" + UserNetwork.HOST_NAME + ":" + port + "/missing.git\"}");
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id), Map.of("Cookie", alice.cookie().orElseThrow(), "Origin", server.baseUrl()))) {
            terminal.awaitOutput("Could not clone git://" + UserNetwork.HOST_NAME + ":" + port + "/missing.git", WAIT);
            terminal.awaitOutput("$ ", WAIT);
        }
        assertThat(runtime().exec(id, List.of("test", "-e", "/home/dev/workspace/missing")).exitCode()).isNotZero();
    }

    @Test
    @DisplayName("with an empty form, git's identity is the GitHub account's and git commit succeeds")
    void identityFromGitHub() throws Exception {
        github.willSignIn("alice");
        ApiClient alice = server.client(server.browser().signedIn());
        String id = launch(alice, "{\"agent_type\":\"shell\",\"git_user_name\":\"\",\"git_user_email\":\"\"}");
        ExecResult email = awaitInside(id, "git config --global user.email");
        assertThat(email.output().strip()).isEqualTo("alice@wonderland.example");
        assertThat(runtime().exec(id, List.of("git", "config", "--global", "user.name")).output().strip()).isEqualTo("Alice Liddell");
        ExecResult commit = runtime().exec(id, List.of("sh", "-c",
                "cd ~/workspace && git init -q demo && cd demo && echo hi > a && git add a && git commit -q -m first && git log --format=%ae"));
        assertThat(commit.exitCode()).as(commit.output()).isZero();
        assertThat(commit.output().strip()).isEqualTo("alice@wonderland.example");
    }

    @Test
    @DisplayName("without sign-in and with an empty form, a placeholder identity that says so lets git commit work")
    void placeholderIdentity() throws Exception {
        try (TestServer plain = TestServer.start(Map.of())) {
            String id = plain.createShell();
            ExecResult commit = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            do {
                commit = plain.server().runtime().exec(id, List.of("sh", "-c", "git config --global user.email >/dev/null && cd ~/workspace"
                        + " && rm -rf demo && git init -q demo && cd demo && echo hi > a && git add a && git commit -q -m first && git log --format='%an <%ae>'"));
            } while (commit.exitCode() != 0 && System.nanoTime() < deadline && sleep());
            assertThat(commit.exitCode()).as(commit.output()).isZero();
            assertThat(commit.output()).contains("set with git config --global user.name").contains("@example.invalid");
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }
}

package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.ApiClient;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server as an ordinary user (what {@code ./remolt run} gives a developer): a second JVM run
 * as {@code nobody}, on a copy of the test class path that user can read. Its sandboxes share its
 * uid, so a way out would reach the server itself: nothing a sandbox makes a client do may run
 * outside the sandbox's namespaces.
 */
@Timeout(120)
class UnprivilegedServerTest {
    private static final int NOBODY = 65534;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Path root;
    private static Process server;
    private static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("remolt-unprivileged-");
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classPath = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) continue;
            Path copy = root.resolve("cp").resolve(index++ + "-" + source.getFileName());
            copyTree(source, copy);
            classPath.add(copy.toString());
        }
        copyTree(TestServer.AGENTS, root.resolve("agents"));
        Path data = Files.createDirectories(root.resolve("data"));
        chownTree(data, NOBODY);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", String.join(File.pathSeparator, classPath),
                "dev.remolt.Main")
                .redirectErrorStream(true).redirectOutput(root.resolve("server.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(java.util.Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "REMOLT_PORT", Integer.toString(port),
                "REMOLT_DATA_DIR", data.toString(), "REMOLT_AGENTS_DIR", root.resolve("agents").toString(),
                "REMOLT_RUNTIME", "local", "HOME", data.toString(), "REMOLT_MAX_SESSIONS_PER_USER", "10"));
        server = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (api().get("/health").statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            if (!server.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("the unprivileged server did not start: " + Files.readString(root.resolve("server.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            // Sandboxes outlive their server on purpose: end them through it first.
            for (String id : sessionIds()) api().delete("/api/sessions/" + id);
            server.destroy();
            if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
        }
        TreeRemover.remove(root);
    }

    private static ApiClient api() {
        return new ApiClient(baseUrl, Optional.empty());
    }

    private static List<String> sessionIds() throws Exception {
        String body = api().get("/api/sessions").body();
        List<String> ids = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\"session_id\":\"([0-9a-f]{16})\"").matcher(body);
        while (matcher.find()) ids.add(matcher.group(1));
        return ids;
    }

    @Test
    @DisplayName("as an ordinary user, a client told to run a shell runs it inside the sandbox; the sandbox is confined")
    void clientCommandsStayInside() throws Exception {
        String id = api().createShell();
        String marker = "/tmp/remolt-unprivileged-escape-" + UUID.randomUUID();
        try (TerminalClient terminal = TerminalClient.connect(URI.create(baseUrl.replace("http", "ws") + "/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status | tr -d '\\t' | tr '\\n' ' '; echo\r");
            terminal.awaitOutput("NoNewPrivs:1 Seccomp:2", WAIT);
            terminal.type("unshare -U true || echo no-user-namespace\r");
            terminal.awaitOutput("no-user-namespace", WAIT);
            terminal.type("tmux detach-client -E 'echo ran > " + marker + "'\r");
            // A second viewer, while the first one's client runs what it was told.
            try (TerminalClient second = TerminalClient.connect(URI.create(baseUrl.replace("http", "ws") + "/ws/terminal/" + id))) {
                second.awaitOutput("$ ", WAIT);
                second.type("until [ -s " + marker + " ]; do sleep 0.1; done; echo found-$(cat " + marker + ")\r");
                second.awaitOutput("found-ran", WAIT);
            }
        }
        assertThat(Path.of(marker)).as("nothing ran on the host").doesNotExist();
    }

    @Test
    @DisplayName("a sandbox of an unprivileged server (same uid) cannot signal the server through a tmux client's process group")
    void sandboxCannotSignalItsServer() throws Exception {
        String id = api().createShell();
        try (TerminalClient terminal = TerminalClient.connect(URI.create(baseUrl.replace("http", "ws") + "/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("mkdir -p ~/bin && printf '#!/bin/sh\\nkill -STOP 0\\nexec /usr/bin/tmux \"$@\"\\n' > ~/bin/tmux"
                    + " && chmod +x ~/bin/tmux && perl -0 -i -pe 's{(^|\\0)PATH=}{$1PATH=/home/dev/bin:}' /tmp/.remolt/environ && echo plant''ed\r");
            terminal.awaitOutput("planted", WAIT);
        }
        try {
            api().get("/api/sessions/" + id); // lists the session's windows with an entered tmux client
            String stat = Files.readString(Path.of("/proc", Long.toString(server.pid()), "stat"));
            assertThat(stat.charAt(stat.lastIndexOf(')') + 2)).as("server state").isNotEqualTo('T');
            assertThat(api().get("/health").statusCode()).isEqualTo(200);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(server.pid())).start().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("as an ordinary user (no cgroups), rlimits still hold the agent's processes and memory")
    void limitsHoldWithoutCgroups() throws Exception {
        String id = api().createShell(); // the shell agent: pids 512, memory 1Gi
        try (TerminalClient terminal = TerminalClient.connect(URI.create(baseUrl.replace("http", "ws") + "/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("perl -e 'my $n = 0; for (1 .. 2000) { my $p = fork; last unless defined $p; if (!$p) { sleep 3; exit } $n++ }"
                    + " print qq(count=$n\\n)'\r");
            terminal.awaitOutput(out -> out.matches("(?s).*count=[0-9]+.*"), "a count", Duration.ofSeconds(60));
            var count = java.util.regex.Pattern.compile("count=([0-9]+)").matcher(terminal.output());
            assertThat(count.find()).isTrue();
            assertThat(Integer.parseInt(count.group(1))).isLessThan(2000);
            terminal.type("perl -e '$x = q(a) x (1536 * 1024 * 1024); print qq(surv), qq(ived\\n)'; echo mem-exit=$?\r");
            terminal.awaitOutput("mem-exit=", Duration.ofSeconds(60));
            assertThat(terminal.output()).doesNotContain("survived");
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) Files.createDirectories(to);
                else Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(to) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void chownTree(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", uid);
    }
}

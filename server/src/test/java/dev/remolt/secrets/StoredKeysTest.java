package dev.remolt.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.ApiClient;
import dev.remolt.testing.CapturedLogs;
import dev.remolt.testing.FakeGitHub;
import dev.remolt.testing.FakeGitHub.Account;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stored API keys: the API takes values and only ever answers names; a canary key stored by A is
 * found only encrypted at rest and in A's sandbox environment (T18, T40), never in B's.
 */
@Timeout(90)
class StoredKeysTest {
    private static final String CANARY = "sk-CANARY-" + UUID.randomUUID();
    private static final List<String> ANSWERS = new ArrayList<>();
    private static CapturedLogs logs;
    private static FakeGitHub github;
    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient bob;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        logs = new CapturedLogs();
        github = new FakeGitHub();
        github.add(new Account("alice", "Alice", "a@example.com", List.of()));
        github.add(new Account("bob", "Bob", "b@example.com", List.of()));
        events = Files.createTempDirectory("remolt-events-").resolve("events.jsonl");
        server = TestServer.withSignIn(github, Map.of("REMOLT_EVENTS_LOG", events.toString(), "REMOLT_MAX_SESSIONS_PER_USER", "5"));
        github.willSignIn("alice");
        alice = server.client(server.browser().signedIn());
        github.willSignIn("bob");
        bob = server.client(server.browser().signedIn());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        github.close();
        logs.close();
    }

    private static HttpResponse<String> keep(HttpResponse<String> response) {
        ANSWERS.add(response.headers().map() + "\n" + response.body());
        return response;
    }

    @Test
    @DisplayName("a canary key stored by A is only encrypted at rest and in A's sandbox environment: not in logs, events, state files, answers, argv or B's sandbox")
    void aCanaryKeyGoesOnlyIntoItsOwnersSandbox() throws Exception {
        HttpResponse<String> put = keep(alice.put("/api/keys", "{\"keys\":{\"ANTHROPIC_API_KEY\":\"" + CANARY + "\",\"OTHER_KEY\":\"x\"}}"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"keys\":[\"ANTHROPIC_API_KEY\",\"OTHER_KEY\"]}");
        assertThat(keep(alice.get("/api/keys")).body()).isEqualTo("{\"keys\":[\"ANTHROPIC_API_KEY\",\"OTHER_KEY\"]}");
        assertThat(Jsons.parse(keep(alice.get("/auth/me")).body()).get("stored_keys").toString()).isEqualTo("[\"ANTHROPIC_API_KEY\",\"OTHER_KEY\"]");
        assertThat(keep(bob.get("/api/keys")).body()).isEqualTo("{\"keys\":[]}");

        String sessionOfA = Jsons.field(keep(alice.post("/api/sessions", "{\"agent_type\":\"shell\"}")).body(), "session_id");
        String sessionOfB = Jsons.field(keep(bob.post("/api/sessions", "{\"agent_type\":\"shell\"}")).body(), "session_id");
        keep(alice.get("/api/sessions"));
        keep(alice.get("/api/sessions/" + sessionOfA));
        keep(bob.get("/api/sessions"));
        String tokenOfA = github.tokensOf("alice").iterator().next();

        // In A's sandbox, as environment: what its shell sees, and what its processes carry.
        String envOfA = server.server().runtime().exec(sessionOfA, List.of("env")).output();
        assertThat(envOfA).contains("ANTHROPIC_API_KEY=" + CANARY).contains("GITHUB_TOKEN=" + tokenOfA);
        assertThat(environsOf(sessionOfA)).anySatisfy(environ -> assertThat(environ).contains(CANARY));
        // Never on a command line, in A's sandbox or anywhere else on the host.
        assertThat(allCommandLines()).noneSatisfy(cmdline -> assertThat(cmdline).contains(CANARY));
        assertThat(allCommandLines()).noneSatisfy(cmdline -> assertThat(cmdline).contains(tokenOfA));
        // Not in B's sandbox.
        String envOfB = server.server().runtime().exec(sessionOfB, List.of("env")).output();
        assertThat(envOfB).doesNotContain(CANARY).doesNotContain(tokenOfA).contains("GITHUB_TOKEN=gho_");
        assertThat(environsOf(sessionOfB)).isNotEmpty().noneSatisfy(environ -> assertThat(environ).contains(CANARY));

        Path data = server.dataDir();
        List<Path> vaultFiles;
        try (Stream<Path> files = Files.list(data.resolve("vault"))) {
            vaultFiles = files.toList();
        }
        assertThat(vaultFiles).hasSize(2).allSatisfy(file -> assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(PosixFilePermissions.fromString("rw-------")));
        assertThat(Files.getPosixFilePermissions(data.resolve("secrets.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> everywhere = new ArrayList<>(ANSWERS);
        everywhere.add(logs.all());
        everywhere.add(events + "\n" + Files.readString(events));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(data.resolve("sandboxes").resolve(sessionOfA).resolve("home"))
                    && !f.startsWith(data.resolve("sandboxes").resolve(sessionOfB).resolve("home"))).toList()) {
                everywhere.add(file + "\n" + readable(file));
            }
        }
        assertThat(everywhere).anySatisfy(text -> assertThat(text).contains("sessions.json"));
        assertThat(everywhere).anySatisfy(text -> assertThat(text).contains("events.jsonl").contains("session.created"));
        assertThat(everywhere).anySatisfy(text -> assertThat(text).contains("sandbox.json").contains("remolt.owner"));
        for (String text : everywhere) {
            assertThat(text).doesNotContain(CANARY).doesNotContain(tokenOfA);
        }
    }

    @Test
    @DisplayName("a deleted key is not in the next sandbox")
    void aDeletedKeyStaysOut() throws Exception {
        String canary = "sk-CANARY-" + UUID.randomUUID();
        assertThat(bob.put("/api/keys", "{\"keys\":{\"SHORT_LIVED\":\"" + canary + "\"}}").statusCode()).isEqualTo(200);
        HttpResponse<String> deleted = bob.delete("/api/keys/SHORT_LIVED");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).doesNotContain("SHORT_LIVED");
        assertThat(bob.delete("/api/keys/SHORT_LIVED").statusCode()).isEqualTo(404);
        String session = bob.createShell();
        assertThat(server.server().runtime().exec(session, List.of("env")).output()).doesNotContain(canary).doesNotContain("SHORT_LIVED");
    }

    @Test
    @DisplayName("bad key names, empty, huge or NUL values, reserved names, too many keys and bad bodies are 400 and store nothing")
    void badKeysAreRefused() throws Exception {
        List<String> bodies = new ArrayList<>(List.of(
                "{\"keys\":{\"lower\":\"v\"}}", "{\"keys\":{\"1ABC\":\"v\"}}", "{\"keys\":{\"A-B\":\"v\"}}",
                "{\"keys\":{\"" + "A".repeat(65) + "\":\"v\"}}", "{\"keys\":{\"\":\"v\"}}", "{\"keys\":{\"EMPTY\":\"\"}}",
                "{\"keys\":{\"NUL\":\"a\\u0000b\"}}", "{\"keys\":{\"HUGE\":\"" + "x".repeat(16 * 1024 + 1) + "\"}}",
                "{\"keys\":{\"PATH\":\"/evil\"}}", "{\"keys\":{\"REMOLT_SESSION_ID\":\"x\"}}", "{\"keys\":{\"NULLED\":null}}",
                "{\"keys\":{\"OBJ\":{\"a\":1}}}", "{\"keys\":[\"A\"]}", "{\"keys\":null}", "{}", "[]", "null", "{\"keys\":",
                "{\"keys\":{\"A\":\"1\",\"A\":\"2\"}}", "{\"keys\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        StringBuilder many = new StringBuilder("{\"keys\":{");
        for (int i = 0; i < 51; i++) many.append(i == 0 ? "" : ",").append("\"K").append(i).append("\":\"v\"");
        bodies.add(many.append("}}").toString());
        String before = alice.get("/api/keys").body();
        for (String body : bodies) {
            HttpResponse<String> response = alice.put("/api/keys", body);
            assertThat(response.statusCode()).as(body.substring(0, Math.min(80, body.length()))).isEqualTo(400);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("/evil");
        }
        assertThat(alice.delete("/api/keys/lower").statusCode()).isEqualTo(400);
        assertThat(alice.get("/api/keys").body()).isEqualTo(before);
    }

    @Test
    @DisplayName("with sign-in off the local user stores keys too, and /auth/me says sign-in is not required")
    void theLocalUserHasKeysToo() throws Exception {
        try (TestServer local = TestServer.start()) {
            HttpResponse<String> me = local.get("/auth/me");
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(Jsons.field(me.body(), "login")).isEqualTo("local");
            assertThat(Jsons.parse(me.body()).get("auth_required").asBoolean()).isFalse();
            assertThat(local.put("/api/keys", "{\"keys\":{\"LOCAL_KEY\":\"v1\"}}").body()).isEqualTo("{\"keys\":[\"LOCAL_KEY\"]}");
            String session = local.createShell();
            assertThat(local.server().runtime().exec(session, List.of("env")).output()).contains("LOCAL_KEY=v1");
            assertThat(local.get("/auth/login").headers().firstValue("Location")).hasValue("/");
        }
    }

    /** The environment of every process of a sandbox, read from the host as root. */
    private static List<String> environsOf(String sessionId) throws IOException {
        long init = Jsons.parse(Files.readString(server.dataDir().resolve("sandboxes/" + sessionId + "/sandbox.json"))).get("initPid").asLong();
        List<String> environs = new ArrayList<>();
        ProcessHandle.of(init).ifPresent(root -> Stream.concat(Stream.of(root), root.descendants()).forEach(p -> {
            try {
                environs.add(readable(Path.of("/proc/" + p.pid() + "/environ")));
            } catch (IOException e) {
                // The process ended meanwhile.
            }
        }));
        return environs;
    }

    private static List<String> allCommandLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    lines.add(readable(proc.resolve("cmdline")));
                } catch (IOException e) {
                    // The process ended meanwhile.
                }
            }
        }
        return lines;
    }

    private static String readable(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).replace('\0', '\n');
    }
}

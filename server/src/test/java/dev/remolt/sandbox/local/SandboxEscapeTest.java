package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.files.HostileArchives;
import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.testing.CapturedLogs;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The four ways out of a local sandbox that a review found (SECURITY T51 to T60), each tried as the
 * sandbox's own code would: a real server, real bubblewrap, real tmux.
 */
@Timeout(120)
class SandboxEscapeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // The VS Code routes are tried too: the suite's shared tools folder, so no install starts here and outlives the test.
        server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "20", "REMOLT_MAX_SESSIONS", "20",
                "REMOLT_TOOLS_DIR", dev.remolt.vscode.VSCodeTest.toolsCache().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static SandboxRuntime runtime() {
        return server.server().runtime();
    }

    private static SandboxRecord record(TestServer on, String id) throws Exception {
        return SandboxRecord.read(on.dataDir().resolve("sandboxes").resolve(id).resolve("sandbox.json"));
    }

    @Test
    @DisplayName("a viewer's tmux client told to run a shell (detach -E) runs it inside the sandbox, never on the host")
    void detachExecRunsInside() throws Exception {
        String id = server.createShell();
        String marker = "/tmp/remolt-escape-" + UUID.randomUUID();
        try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
            terminal.awaitOutput("$ ", WAIT);
            terminal.type("tmux detach-client -E 'id -u > " + marker + "; cat /proc/1/cmdline >> " + marker + "'\r");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (runtime().exec(id, List.of("test", "-s", marker)).exitCode() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        ExecResult inside = runtime().exec(id, List.of("cat", marker));
        assertThat(inside.exitCode()).as("the command ran, inside the sandbox").isZero();
        assertThat(inside.output()).startsWith(Integer.toString(record(server, id).uid())).contains("tmux");
        assertThat(Path.of(marker)).as("nothing ran on the host").doesNotExist();
    }

    @Test
    @DisplayName("every process inside runs without privileges, under the seccomp filter, and cannot make namespaces")
    void noPrivilegesNoNamespaces() throws Exception {
        String id = server.createShell();
        for (String status : List.of(runtime().exec(id, List.of("cat", "/proc/self/status")).output(),
                runtime().exec(id, List.of("sh", "-c", "cat /proc/1/status")).output())) {
            assertThat(status).contains("NoNewPrivs:\t1").contains("Seccomp:\t2").contains("CapEff:\t0000000000000000")
                    .contains("CapBnd:\t0000000000000000");
        }
        ExecResult unshare = runtime().exec(id, List.of("unshare", "--user", "--map-root-user", "id"));
        assertThat(unshare.exitCode()).isNotZero();
        assertThat(unshare.output()).doesNotContain("uid=0");
        assertThat(runtime().exec(id, List.of("unshare", "--mount", "true")).exitCode()).isNotZero();
        ExecResult root = runtime().exec(id, List.of("sh", "-c", "touch /lib/x || ln -sfn /home/dev /lib"));
        assertThat(root.exitCode()).as("the sandbox's root folder is read-only: " + root.output()).isNotZero();
    }

    @Test
    @DisplayName("LD_PRELOAD and other loader variables are refused as stored keys, with a 400 naming the rule")
    void loaderVariablesRefused() throws Exception {
        for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "GCONV_PATH", "BASH_ENV", "NODE_OPTIONS", "PYTHONSTARTUP")) {
            HttpResponse<String> response = server.put("/api/keys", "{\"keys\":{\"" + name + "\":\"/home/dev/evil.so\"}}");
            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(response.body()).contains("\"error\":\"refused_key_name\"").contains(name);
        }
        assertThat(server.get("/api/keys").body()).doesNotContain("LD_PRELOAD");
    }

    @Test
    @DisplayName("the session's environment (stored keys) reaches no process outside the sandbox, root helpers included")
    void environmentStaysInside() throws Exception {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        assertThat(server.put("/api/keys", "{\"keys\":{\"ESCAPE_CANARY\":\"" + canary + "\"}}").statusCode()).isEqualTo(200);
        try {
            String id = server.createShell();
            String sandboxPidNs = Files.readSymbolicLink(Path.of("/proc", Long.toString(record(server, id).initPid()), "ns", "pid")).toString();
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", WAIT);
                terminal.type("echo $ESCAPE_CANARY | tr a-z A-Z\r");
                terminal.awaitOutput(canary.toUpperCase(), WAIT);
                List<String> outside = new ArrayList<>();
                try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path proc : procs) {
                        try {
                            String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.ISO_8859_1);
                            if (!environ.contains(canary)) continue;
                            String pidNs = Files.readSymbolicLink(proc.resolve("ns/pid")).toString();
                            if (!pidNs.equals(sandboxPidNs)) outside.add(proc + " " + Files.readString(proc.resolve("comm")).strip());
                        } catch (java.io.IOException e) {
                            // exited while we looked
                        }
                    }
                }
                assertThat(outside).as("processes outside the sandbox holding its environment").isEmpty();
            }
        } finally {
            server.delete("/api/keys/ESCAPE_CANARY");
        }
    }

    @Test
    @DisplayName("links the sandbox plants over every file it can write reveal no host file in any answer, event or log")
    void plantedLinksRevealNothing() throws Exception {
        String secret = "hostsecret" + UUID.randomUUID().toString().replace("-", "");
        Path canary = Files.createTempFile("remolt-canary-", ".txt");
        Files.writeString(canary, secret);
        Files.setPosixFilePermissions(canary, PosixFilePermissions.fromString("rw-------"));
        String id = server.createShell();
        List<String> seen = new ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs()) {
            // Inside, over and over: every regular file and fifo it can write becomes a link to the canary.
            runtime().exec(id, List.of("sh", "-c", "nohup sh -c 'while :; do find /home/dev /tmp -xdev \\( -type f -o -type p \\) "
                    + "-exec ln -sfn " + canary + " {} \\; 2>/dev/null; sleep 0.02; done' >/dev/null 2>&1 &"));
            byte[] archive = HostileArchives.tarGz(w -> w.dir("proj").file("proj/readme.md", "hello"));
            seen.add(upload(id, archive).body());
            seen.add(upload(id, "not an archive".getBytes(StandardCharsets.UTF_8)).body());
            HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sessions/" + id + "/download"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
            seen.add(new String(download.body(), StandardCharsets.ISO_8859_1));
            for (String path : List.of("/api/sessions/" + id, "/api/sessions", "/api/sessions/" + id + "/terminals",
                    "/api/sessions/" + id + "/vscode", "/api/sessions/" + id + "/dashboard")) {
                seen.add(server.get(path).body());
            }
            seen.add(server.post("/api/sessions/" + id + "/vscode", "{}").body());
            seen.add(server.post("/api/sessions/" + id + "/terminals", "{}").body());
            try (TerminalClient log = TerminalClient.connect(server.ws("/ws/logs/" + id))) {
                Thread.sleep(1_000);
                seen.add(log.output());
                seen.addAll(log.events());
            }
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", WAIT);
                seen.addAll(terminal.events());
            }
            seen.add(logs.all());
        } finally {
            server.delete("/api/sessions/" + id);
            Files.deleteIfExists(canary);
        }
        assertThat(seen).noneMatch(text -> text.contains(secret));
    }

    private static HttpResponse<String> upload(String id, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sessions/" + id + "/upload"))
                .header("Content-Type", "application/gzip").header("Origin", server.baseUrl())
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("two servers on one host never hand out one uid, and deleting a session leaves no process of its uid")
    void uidsNeverShared() throws Exception {
        try (TestServer other = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "20", "REMOLT_MAX_SESSIONS", "20"))) {
            List<Callable<String[]>> launches = new ArrayList<>();
            for (TestServer each : List.of(server, other)) {
                for (int i = 0; i < 3; i++) launches.add(() -> new String[] {each == server ? "a" : "b", each.createShell()});
            }
            List<String[]> sessions = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
                for (Future<String[]> launched : pool.invokeAll(launches)) sessions.add(launched.get());
            }
            Set<Integer> uids = new HashSet<>();
            for (String[] session : sessions) {
                TestServer owner = session[0].equals("a") ? server : other;
                int uid = Integer.parseInt(owner.server().runtime().exec(session[1], List.of("id", "-u")).output().strip());
                assertThat(uid).isEqualTo(record(owner, session[1]).uid());
                uids.add(uid);
            }
            assertThat(uids).hasSize(6);
            for (String[] session : sessions) {
                TestServer owner = session[0].equals("a") ? server : other;
                int uid = record(owner, session[1]).uid();
                owner.server().runtime().exec(session[1], List.of("sh", "-c", "nohup sleep 300 >/dev/null 2>&1 &"));
                assertThat(owner.delete("/api/sessions/" + session[1]).statusCode()).isEqualTo(200);
                assertThat(HostProcesses.ofUid(uid)).as("processes of uid " + uid + " after delete").isEmpty();
            }
        }
    }

    @Test
    @DisplayName("the agent's limits hold: 512 processes at most, memory capped; the server answers throughout")
    void limitsHold() throws Exception {
        String id = server.createShell(); // the shell agent declares pids 512 and memory 1Gi
        ExecResult forks = runtime().exec(id, List.of("perl", "-e", "my $n = 0; for (1 .. 700) { my $pid = fork; last unless defined $pid;"
                + " if (!$pid) { close STDOUT; close STDERR; sleep 3; exit } $n++ } print qq(forked $n\\n)"));
        assertThat(forks.output()).as("exit %d", forks.exitCode()).startsWith("forked ");
        assertThat(Integer.parseInt(forks.output().strip().substring("forked ".length()))).isLessThan(512);
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!runtime().exec(id, List.of("echo", "ready")).output().contains("ready") && System.nanoTime() < deadline) {
            Thread.sleep(200); // until the forked processes have ended
        }
        ExecResult memory = runtime().exec(id, List.of("perl", "-e", "$x = 'a' x (1536 * 1024 * 1024); print qq(survived\\n)"));
        assertThat(memory.output()).doesNotContain("survived");
        assertThat(memory.exitCode()).isNotZero();
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        assertThat(runtime().exec(id, List.of("echo", "still-here")).output()).contains("still-here");
    }

    /** Fields of /proc/PID/stat after the command name: [0] state, [2] process group, [3] session, [4] tty. */
    private static String[] stat(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static List<Long> processesNamed(int uid, String comm) {
        return HostProcesses.ofUid(uid).stream().filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals(comm);
            } catch (java.io.IOException e) {
                return false;
            }
        }).toList();
    }

    @Test
    @DisplayName("no process entered into a sandbox shares the server's session, process group or terminal, nor runs a program the sandbox put on PATH")
    void enteredProcessesLeaveTheServersSession() throws Exception {
        String id = server.createShell();
        int uid = record(server, id).uid();
        String[] self = stat(ProcessHandle.current().pid());
        try (var exec = runtime().execStreaming(id, List.of("sleep", "30"))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<Long> sleeps;
            while ((sleeps = processesNamed(uid, "sleep")).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(sleeps).isNotEmpty();
            String[] entered = stat(sleeps.getFirst());
            assertThat(entered[3]).as("session").isNotEqualTo(self[3]);
            assertThat(entered[2]).as("process group").isNotEqualTo(self[2]);
            assertThat(entered[4]).as("controlling terminal").isEqualTo("0");
        }
        // The sandbox puts a tmux of its own first on the PATH of its saved environment.
        ExecResult planted = runtime().exec(id, List.of("sh", "-c", "mkdir -p ~/bin && printf '#!/bin/sh\\n"
                + "echo planted > /tmp/planted-ran\\nexec /usr/bin/tmux \"$@\"\\n' > ~/bin/tmux"
                + " && chmod +x ~/bin/tmux && perl -0 -i -pe 's{(^|\\0)PATH=}{$1PATH=/home/dev/bin:}' /tmp/.remolt/environ"
                + " && grep -c /home/dev/bin /tmp/.remolt/environ"));
        assertThat(planted.output()).as(planted.output()).startsWith("1");
        runtime().tmux(id, List.of("list-windows"));
        assertThat(runtime().exec(id, List.of("test", "-e", "/tmp/planted-ran")).exitCode())
                .as("the server's tmux client ran the sandbox's tmux").isNotZero();
        assertThat(runtime().exec(id, List.of("sh", "-c", "echo $PATH")).output()).as("the environment still applies")
                .contains("/home/dev/bin");
        // On its own controlling terminal (script gives one), TIOCSTI would type; the filter refuses it.
        ExecResult tiocsti = runtime().exec(id, List.of("script", "-qec", "perl -e 'open(my $t, q(+<), q(/dev/tty)) or die;"
                + " my $c = q(x); print ioctl($t, 0x5412, $c) ? qq(typed\\n) : qq(refused $!\\n)'", "/dev/null"));
        assertThat(tiocsti.output()).contains("refused").doesNotContain("typed");
    }

    @Test
    @DisplayName("a folder tree deeper than PATH_MAX in the home goes with its session, and its uid is freed")
    void deepTreeIsRemoved() throws Exception {
        String id = server.createShell();
        int uid = record(server, id).uid();
        ExecResult deep = runtime().exec(id, List.of("perl", "-e",
                "chdir $ENV{HOME}; for (1 .. 2300) { mkdir 'd' or die $!; chdir 'd' or die $! } print qq(deep\\n)"));
        assertThat(deep.output()).contains("deep");
        assertThat(server.delete("/api/sessions/" + id).statusCode()).isEqualTo(200);
        assertThat(server.dataDir().resolve("sandboxes").resolve(id)).doesNotExist();
        assertThat(UidClaims.DEFAULT_FOLDER.resolve(Integer.toString(uid))).doesNotExist();
    }
}

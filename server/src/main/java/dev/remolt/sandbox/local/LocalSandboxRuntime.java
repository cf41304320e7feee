package dev.remolt.sandbox.local;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxGoneException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.StreamingExec;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: each sandbox is a bubblewrap container (own user, pid, ipc, uts, mount and
 * network namespaces, read-only host {@code /usr} and {@code /etc}) whose only foreground process
 * is a tmux server. It needs no daemon, and its sandboxes outlive the server process.
 */
public final class LocalSandboxRuntime implements SandboxRuntime {
    private static final Logger log = LoggerFactory.getLogger(LocalSandboxRuntime.class);
    private static final long START_TIMEOUT_MS = 10_000;
    private static final String GIT_IDENTITY = "{ test -z \"$GIT_USER_NAME\" || git config --global user.name \"$GIT_USER_NAME\"; "
            + "test -z \"$GIT_USER_EMAIL\" || git config --global user.email \"$GIT_USER_EMAIL\"; }";
    private static final String BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where every sandbox sees the server's tools folder, read-only. */
    public static final String TOOLS_INSIDE = "/opt/tools";

    private final Path sandboxesDir;
    private final boolean shareNetwork;
    private final SandboxUsers users;
    private final Path toolsDir;

    /** @param toolsDir tools the server installs for sandboxes (code-server): bound read-only into every one */
    public LocalSandboxRuntime(Path dataDir, boolean shareNetwork, Path toolsDir) throws IOException {
        this.sandboxesDir = dataDir.resolve("sandboxes");
        this.toolsDir = toolsDir;
        Files.createDirectories(toolsDir);
        this.shareNetwork = shareNetwork;
        this.users = new SandboxUsers((int) (long) (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        Files.createDirectories(sandboxesDir);
        // Sandbox uids must pass through to their own folders, and no further.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(sandboxesDir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /** Why this runtime cannot run on this machine, or empty when it can. */
    public static Optional<String> unavailableReason() {
        for (String tool : List.of("bwrap", "tmux", "setsid", "setpriv")) {
            if (findOnPath(tool).isEmpty()) return Optional.of(tool + " is not installed");
        }
        return Optional.empty();
    }

    private static Optional<Path> findOnPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", BASE_PATH).split(File.pathSeparator))
                .map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void create(SandboxSpec spec) throws SandboxException {
        String id = spec.sessionId();
        SandboxLayout layout = SandboxLayout.of(sandboxesDir, id);
        if (Files.exists(layout.root())) throw new SandboxException(id, "sandbox of session " + id + " already exists");
        try {
            int uid = users.allocate(usedUids());
            SandboxFiles.prepare(layout, uid, users.dropsPrivileges(), spec.agent());
            ProcessBuilder builder = new ProcessBuilder(BwrapCommand.build(layout, "sb-" + id, uid,
                    users.dropsPrivileges() ? uid : -1, shareNetwork, Optional.of(toolsDir)))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(layout.log().toFile());
            builder.environment().clear();
            builder.environment().putAll(sandboxEnvironment(spec));
            Process outer = builder.start();
            long initPid = awaitInit(id, outer, layout);
            long startTime = HostProcesses.startTime(initPid).orElseThrow(() -> startFailure(id, layout, "it exited at once"));
            new SandboxRecord(spec.labels(), uid, initPid, startTime).write(layout.record());
            awaitSocket(id, layout, initPid, startTime);
            startSetup(id, uid, spec);
        } catch (IOException e) {
            cleanUp(id, layout);
            throw new SandboxException(id, "cannot start the sandbox of session " + id + ": " + e.getMessage(), e);
        } catch (SandboxException e) {
            cleanUp(id, layout);
            throw e;
        }
    }

    /**
     * Inside, in the background: git's identity from the session's environment (read there, so no
     * value is on a command line), then the agent's setup, whose output the Logs tab shows.
     */
    private void startSetup(String sessionId, int uid, SandboxSpec spec) throws IOException {
        String setup = spec.agent().setup();
        boolean gitIdentity = spec.env().containsKey("GIT_USER_NAME") || spec.env().containsKey("GIT_USER_EMAIL");
        if (setup.isBlank() && !gitIdentity) return; // nothing to run: no tmux client to spawn on the start path
        String script = GIT_IDENTITY + (setup.isBlank() ? "" :
                "; mkdir -p ~/.remolt/logs && cd ~/workspace && (" + setup + ") > ~/.remolt/logs/setup.log 2>&1");
        ProcessBuilder builder = new ProcessBuilder(new TmuxClient(SandboxLayout.of(sandboxesDir, sessionId).socket().toString(),
                uid, users.dropsPrivileges()).command(List.of("run-shell", "-b", script.replace("#", "##"))));
        builder.environment().clear();
        builder.environment().putAll(TmuxClient.ENV);
        // run-shell -b returns at once; its client process is reaped off the start path.
        builder.start().onExit().thenAccept(p -> {
            if (p.exitValue() != 0) log.warn("starting the setup of session {} failed (exit {})", sessionId, p.exitValue());
        });
    }

    private static Map<String, String> sandboxEnvironment(SandboxSpec spec) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.putAll(Map.of("HOME", SandboxLayout.HOME_INSIDE, "USER", "dev", "LOGNAME", "dev", "SHELL", "/bin/bash",
                "PATH", BASE_PATH, "LANG", "C.UTF-8", "TERM", "xterm-256color", "REMOLT_SESSION_ID", spec.sessionId()));
        return env;
    }

    /** The init process of the new pid namespace is the only child of the outer bwrap process. */
    private long awaitInit(String id, Process outer, SandboxLayout layout) throws SandboxException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            List<Long> children = HostProcesses.children(outer.pid());
            if (!children.isEmpty()) return children.getFirst();
            if (!outer.isAlive()) throw startFailure(id, layout, "bwrap exited with code " + outer.exitValue());
            pause();
        }
        throw startFailure(id, layout, "bwrap did not start its namespace within " + START_TIMEOUT_MS + " ms");
    }

    private void awaitSocket(String id, SandboxLayout layout, long initPid, long startTime) throws SandboxException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(layout.socket())) return;
            if (!HostProcesses.isAlive(initPid, startTime)) throw startFailure(id, layout, "tmux exited at start");
            pause();
        }
        throw startFailure(id, layout, "tmux did not open its socket within " + START_TIMEOUT_MS + " ms");
    }

    private static SandboxException startFailure(String id, SandboxLayout layout, String why) {
        String output;
        try {
            output = Files.readString(layout.log(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            output = "";
        }
        String last = output.lines().reduce((a, b) -> b).orElse("");
        return new SandboxException(id, "sandbox of session " + id + " failed to start: " + why
                + (last.isEmpty() ? "" : " (last output: " + last + ")"));
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a sandbox", e);
        }
    }

    @Override
    public TerminalChannel attach(String sessionId, int window, TerminalSize size) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        try {
            return PtyTerminalChannel.start(client(sessionId, record).attach(window), size);
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot attach to session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    private TmuxClient client(String sessionId, SandboxRecord record) {
        return new TmuxClient(SandboxLayout.of(sandboxesDir, sessionId).socket().toString(), record.uid(),
                users.dropsPrivileges());
    }

    @Override
    public List<SandboxInfo> list() throws SandboxException {
        List<SandboxInfo> found = new ArrayList<>();
        for (Path dir : sandboxDirs()) {
            readRecord(dir.resolve("sandbox.json")).ifPresent(r -> found.add(new SandboxInfo(r.labels(), r.alive())));
        }
        return found;
    }

    @Override
    public boolean isAlive(String sessionId) {
        return readRecord(SandboxLayout.of(sandboxesDir, sessionId).record()).map(SandboxRecord::alive).orElse(false);
    }

    /**
     * Runs the command through tmux's {@code run-shell}, which executes it inside the sandbox as its
     * user; entering the namespaces from outside would need privileges the server may not have.
     */
    @Override
    public ExecResult exec(String sessionId, List<String> command) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        SandboxLayout layout = SandboxLayout.of(sandboxesDir, sessionId);
        String outputName = "exec-" + Long.toHexString(RANDOM.nextLong()) + ".out";
        String script = "cd && " + ShellQuoting.join(command) + " > " + SandboxLayout.tmuxDirInside(record.uid())
                + "/" + outputName + " 2>&1";
        Path outputFile = layout.tmuxDir().resolve(outputName);
        try {
            // tmux expands #{formats} in run-shell commands: double every # to keep it literal.
            ProcessBuilder builder = new ProcessBuilder(client(sessionId, record)
                    .command(List.of("run-shell", script.replace("#", "##"))))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(TmuxClient.ENV);
            Process process = builder.start();
            process.getOutputStream().close();
            String clientOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandboxException(sessionId, "command in session " + sessionId + " ran longer than 60 s");
            }
            String output = Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : clientOutput;
            return new ExecResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while running a command in session " + sessionId, e);
        } finally {
            try {
                Files.deleteIfExists(outputFile);
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", outputFile, e.getMessage());
            }
        }
    }

    @Override
    public StreamingExec execStreaming(String sessionId, List<String> command) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        List<String> asUser = users.dropsPrivileges()
                ? List.of("setpriv", "--reuid=" + record.uid(), "--regid=" + record.uid(), "--clear-groups", "--")
                : List.of();
        return FifoExec.start(sessionId, client(sessionId, record), SandboxLayout.of(sandboxesDir, sessionId).tmuxDir(),
                SandboxLayout.tmuxDirInside(record.uid()), asUser, command);
    }

    /** Talks to the tmux socket directly: no shell inside, a few milliseconds. */
    @Override
    public String tmux(String sessionId, List<String> args) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        try {
            ProcessBuilder builder = new ProcessBuilder(client(sessionId, record).command(args)).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(TmuxClient.ENV);
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            if (process.exitValue() != 0) {
                throw new SandboxException(sessionId, "tmux " + args.getFirst() + " failed in session " + sessionId
                        + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot reach tmux of session " + sessionId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted talking to tmux of session " + sessionId, e);
        }
    }

    @Override
    public void destroy(String sessionId) throws SandboxException {
        SandboxLayout layout = SandboxLayout.of(sandboxesDir, sessionId);
        if (!Files.exists(layout.root())) return;
        readRecord(layout.record()).ifPresent(record -> killNamespace(sessionId, record));
        cleanUp(sessionId, layout);
        if (Files.exists(layout.root())) {
            throw new SandboxException(sessionId, "cannot remove the folder of session " + sessionId + " at " + layout.root());
        }
    }

    /** Killing the init process of a pid namespace makes the kernel kill every process in it. */
    private static void killNamespace(String sessionId, SandboxRecord record) {
        if (!record.alive()) return;
        ProcessHandle.of(record.initPid()).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.currentTimeMillis() + 5_000;
        while (record.alive() && System.currentTimeMillis() < deadline) pause();
        if (record.alive()) log.warn("sandbox of session {} still runs 5 s after SIGKILL", sessionId);
    }

    private static void cleanUp(String sessionId, SandboxLayout layout) {
        try {
            TreeRemover.remove(layout.root());
        } catch (IOException e) {
            log.warn("cannot remove the folder of session {}: {}", sessionId, e.getMessage());
        }
    }

    private SandboxRecord liveRecord(String sessionId) throws SandboxException {
        SandboxRecord record = readRecord(SandboxLayout.of(sandboxesDir, sessionId).record())
                .orElseThrow(() -> new SandboxGoneException(sessionId));
        if (!record.alive()) throw new SandboxGoneException(sessionId);
        return record;
    }

    private static Optional<SandboxRecord> readRecord(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(SandboxRecord.read(file)) : Optional.empty();
        } catch (IOException e) {
            log.warn("unreadable sandbox record {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private List<Path> sandboxDirs() throws SandboxException {
        try (Stream<Path> dirs = Files.list(sandboxesDir)) {
            return dirs.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new SandboxException(null, "cannot list " + sandboxesDir + ": " + e.getMessage(), e);
        }
    }

    private Set<Integer> usedUids() throws SandboxException {
        Set<Integer> used = new HashSet<>();
        for (Path dir : sandboxDirs()) readRecord(dir.resolve("sandbox.json")).ifPresent(r -> used.add(r.uid()));
        // A folder without a record yet belongs to a sandbox being created right now: keep its uid.
        for (Path dir : sandboxDirs()) {
            try {
                used.add((Integer) Files.getAttribute(dir.resolve("home"), "unix:uid"));
            } catch (IOException | UnsupportedOperationException e) {
                // No home yet: nothing to reserve.
            }
        }
        return used;
    }
}

package dev.remolt.sandbox.local;

import dev.remolt.config.Config.LocalNetwork;
import dev.remolt.config.EgressRule;
import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.ResourceLimits;
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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: each sandbox is a bubblewrap container (own user, pid, ipc, uts, mount and
 * network namespaces, read-only host {@code /usr} and {@code /etc}, a seccomp filter, its own
 * cgroup) whose first process is a tmux server. It needs no daemon, and its sandboxes outlive the
 * server process. Everything the server later runs for a sandbox enters it ({@link SandboxEntry});
 * the server reads nothing the sandbox can write except through pipes from processes inside.
 */
public final class LocalSandboxRuntime implements SandboxRuntime {
    private static final Logger log = LoggerFactory.getLogger(LocalSandboxRuntime.class);
    private static final int MAX_EXEC_OUTPUT = 1024 * 1024;
    private static final String BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** What the sandbox's first process becomes once it has its environment (see {@link SandboxEntry#confine}). */
    private static final List<String> TMUX_SERVER = List.of("/usr/bin/tmux", "-u", "-D", "-f", "/opt/remolt/tmux.conf");

    /** Where every sandbox sees the server's tools folder, read-only. */
    public static final String TOOLS_INSIDE = "/opt/tools";

    private final Path sandboxesDir;
    private final LocalNetwork network;
    private final UserNetwork userNetwork;
    private final AgentInstalls installs;
    private final Path toolsDir;
    private final int serverUid;
    /** Host-wide uid claims; empty when the server is not root and every sandbox runs as the server's uid. */
    private final Optional<UidClaims> claims;
    private final SandboxCgroups cgroups;
    private final SandboxEntry entry;

    /** @param toolsDir tools the server installs for sandboxes (code-server): bound read-only into every one */
    /** @param egressAllow exceptions to the egress policy of {@link LocalNetwork#USER} */
    public LocalSandboxRuntime(Path dataDir, LocalNetwork network, List<EgressRule> egressAllow, Path toolsDir) throws IOException {
        this(dataDir, network, egressAllow, toolsDir, UidClaims.DEFAULT_FOLDER);
    }

    LocalSandboxRuntime(Path dataDir, LocalNetwork network, List<EgressRule> egressAllow, Path toolsDir, Path uidClaims)
            throws IOException {
        if (network == LocalNetwork.USER) {
            UserNetwork.unavailableReason().ifPresent(why -> {
                throw new IllegalStateException("REMOLT_LOCAL_NETWORK=user cannot run here: " + why
                        + "; or set REMOLT_LOCAL_NETWORK=none (no network) or host (no egress policy)");
            });
        }
        if (network == LocalNetwork.HOST) {
            log.warn("REMOLT_LOCAL_NETWORK=host: local sandboxes share the host's network, with no egress policy;"
                    + " they reach this server, every port on the host's loopback and the local network");
        }
        this.sandboxesDir = dataDir.resolve("sandboxes");
        this.toolsDir = toolsDir;
        Files.createDirectories(toolsDir);
        this.network = network;
        this.userNetwork = new UserNetwork(egressAllow);
        this.installs = new AgentInstalls(this, toolsDir);
        this.serverUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        this.claims = serverUid == 0 ? Optional.of(new UidClaims(uidClaims)) : Optional.empty();
        this.cgroups = SandboxCgroups.detect();
        this.entry = new SandboxEntry(cgroups);
        cgroups.offReason().ifPresent(why -> log.warn("local sandboxes run without cgroup limits: {}; rlimits cap"
                + " their processes per uid and memory per process instead", why));
        Files.createDirectories(sandboxesDir);
        // Sandbox uids must pass through to their own folders, and no further.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(sandboxesDir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /** Why this runtime cannot run on this machine, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!SeccompFilter.supported()) {
            return Optional.of("its seccomp filter is built for x86_64 only, and this machine is " + System.getProperty("os.arch"));
        }
        for (String tool : List.of("bwrap", "tmux", "setsid", "setpriv")) {
            if (findOnPath(tool).isEmpty()) return Optional.of(tool + " is not installed");
        }
        if (!Files.isExecutable(Path.of(SandboxEntry.PERL))) return Optional.of("perl is not installed at " + SandboxEntry.PERL);
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

    /** Where lines about agent installs go, for the page to show while a launch waits on one. */
    public void onInstallProgress(java.util.function.Consumer<String> listener) {
        installs.onProgress(listener);
    }

    /** Installs the agent's tools first when it has an install and they are not there yet. */
    @Override
    public void create(SandboxSpec spec) throws SandboxException {
        createSandbox(spec, installs.ensure(spec.agent()), false);
    }

    /**
     * @param agentTools the agent's finished install, bound read-only
     * @param installer  for {@link AgentInstalls}: a writable, empty {@link AgentInstalls#PREFIX_INSIDE} of its own
     */
    void createSandbox(SandboxSpec spec, Optional<Path> agentTools, boolean installer) throws SandboxException {
        String id = spec.sessionId();
        SandboxLayout layout = SandboxLayout.of(sandboxesDir, id);
        if (Files.exists(layout.root())) throw new SandboxException(id, "sandbox of session " + id + " already exists");
        int uid = serverUid;
        try {
            Files.createDirectories(layout.root());
            if (claims.isPresent()) uid = claims.get().claim(layout.root());
            SandboxFiles.prepare(layout, uid, claims.isPresent(), spec.agent());
            if (network == LocalNetwork.USER) UserNetwork.writeFiles(layout, "sb-" + id);
            List<String> binds = agentBinds(layout, uid, agentTools, installer);
            ResourceLimits limits = ResourceLimits.of(spec.agent());
            cgroups.create(id, limits);
            FallbackLimits fallback = cgroups.offReason().isPresent() ? FallbackLimits.of(limits, uid) : FallbackLimits.NONE;
            Files.createFile(layout.log(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            List<String> bwrap = BwrapCommand.build(layout, "sb-" + id, claims.isPresent() ? uid : -1, network,
                    Optional.of(toolsDir), binds, SandboxEntry.confine(TMUX_SERVER));
            ProcessBuilder builder = new ProcessBuilder(entry.start(id, fallback, bwrap))
                    .redirectErrorStream(true)
                    .redirectOutput(layout.log().toFile());
            builder.environment().clear();
            builder.environment().putAll(SandboxEntry.ENV);
            Process outer = builder.start();
            long initPid = SandboxStart.awaitInit(id, outer, layout);
            // The first process waits for its environment on standard input: the network and its
            // egress rules are in place before any of the sandbox's code runs.
            Optional<Process> pasta = network == LocalNetwork.USER ? Optional.of(attachNetwork(id, layout, outer, initPid, uid)) : Optional.empty();
            try (OutputStream stdin = outer.getOutputStream()) {
                stdin.write(SandboxEnvironment.pairs(spec, !binds.isEmpty()).getBytes(StandardCharsets.UTF_8));
            }
            long startTime = HostProcesses.startTime(initPid).orElseThrow(() -> SandboxStart.failure(id, layout, "it exited at once"));
            SandboxRecord record = new SandboxRecord(spec.labels(), uid, initPid, startTime, fallback);
            record.write(layout.record());
            SandboxStart.awaitSocket(id, layout, record);
            // pasta configured the interface while tmux started: ready by now, or soon.
            if (pasta.isPresent()) UserNetwork.awaitRoute(id, layout, initPid, pasta.get());
            startSetup(id, record, spec);
        } catch (IOException | RuntimeException e) {
            cleanUp(id, layout, uid);
            throw new SandboxException(id, "cannot start the sandbox of session " + id + ": " + e.getMessage(), e);
        } catch (SandboxException e) {
            cleanUp(id, layout, uid);
            throw e;
        }
    }

    private List<String> agentBinds(SandboxLayout layout, int uid, Optional<Path> agentTools, boolean installer) throws IOException {
        if (installer) {
            Path prefix = Files.createDirectories(layout.root().resolve("prefix"));
            if (claims.isPresent()) {
                Files.setAttribute(prefix, "unix:uid", uid);
                Files.setAttribute(prefix, "unix:gid", uid);
            }
            return List.of("--bind", prefix.toString(), AgentInstalls.PREFIX_INSIDE);
        }
        return agentTools.map(dir -> List.of("--ro-bind", dir.toString(), AgentInstalls.PREFIX_INSIDE)).orElse(List.of());
    }

    SandboxLayout layoutOf(String sessionId) {
        return SandboxLayout.of(sandboxesDir, sessionId);
    }

    int serverUid() {
        return serverUid;
    }

    /** Ends every process of the sandbox (and its network), keeping its folder. */
    void endProcesses(String sessionId) {
        SandboxLayout layout = layoutOf(sessionId);
        Optional<SandboxRecord> record = readRecord(layout.record());
        record.ifPresent(r -> killNamespace(sessionId, r));
        UserNetwork.detach(layout);
        record.filter(r -> claims.isPresent() && r.uid() != serverUid).ifPresent(r -> killUid(sessionId, r.uid()));
    }

    /** On failure the sandbox, still waiting for its environment, is ended whole (its pid namespace with its init). */
    private Process attachNetwork(String id, SandboxLayout layout, Process outer, long initPid, int uid) throws SandboxException, IOException {
        try {
            return userNetwork.attach(id, layout, initPid, uid);
        } catch (SandboxException | IOException | RuntimeException e) {
            ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
            outer.destroyForcibly();
            throw e;
        }
    }

    /**
     * Inside, in the background: the agent's setup, whose output the Logs tab shows. (git and the
     * repository are the first window's: {@code session-start.sh}.)
     */
    private void startSetup(String sessionId, SandboxRecord record, SandboxSpec spec) throws IOException {
        String setup = spec.agent().setup();
        if (setup.isBlank()) return; // nothing to run: no tmux client to spawn on the start path
        String script = "mkdir -p ~/.remolt/logs && cd ~/workspace && (" + setup + ") > ~/.remolt/logs/setup.log 2>&1";
        ProcessBuilder builder = new ProcessBuilder(client(sessionId, record)
                .command(List.of("run-shell", "-b", script.replace("#", "##"))));
        builder.environment().clear();
        builder.environment().putAll(SandboxEntry.ENV);
        // run-shell -b returns at once; its client process is reaped off the start path.
        builder.start().onExit().thenAccept(p -> {
            if (p.exitValue() != 0) log.warn("starting the setup of session {} failed (exit {})", sessionId, p.exitValue());
        });
    }

    @Override
    public TerminalChannel attach(String sessionId, int window, TerminalSize size) throws SandboxException {
        try {
            return PtyTerminalChannel.start(attachCommand(sessionId, window), size);
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot attach to session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    /** The argv of a viewer's tmux client, for peers that attach without the web layer (the benchmarks' wetty). */
    public List<String> attachCommand(String sessionId, int window) throws SandboxException {
        return client(sessionId, liveRecord(sessionId)).attach(window);
    }

    private TmuxClient client(String sessionId, SandboxRecord record) {
        return new TmuxClient(entry, sessionId, record);
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

    /** Runs the command inside, in the home folder; its output comes back on a pipe. */
    @Override
    public ExecResult exec(String sessionId, List<String> command) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        List<String> argv = entry.enter(sessionId, record, SandboxLayout.HOME_INSIDE, command);
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(SandboxEntry.ENV);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readNBytes(MAX_EXEC_OUTPUT);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                HostProcesses.killGroup(process.pid());
                process.destroyForcibly();
                throw new SandboxException(sessionId, "command in session " + sessionId + " ran longer than 60 s");
            }
            return new ExecResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while running a command in session " + sessionId, e);
        }
    }

    @Override
    public StreamingExec execStreaming(String sessionId, List<String> command) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        try {
            return EnteredExec.start(entry.enter(sessionId, record, SandboxLayout.WORKSPACE_INSIDE, command));
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot start a command in session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    /** A tmux client entered into the sandbox: no shell, a few milliseconds. */
    @Override
    public String tmux(String sessionId, List<String> args) throws SandboxException {
        SandboxRecord record = liveRecord(sessionId);
        try {
            ProcessBuilder builder = new ProcessBuilder(client(sessionId, record).command(args)).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(SandboxEntry.ENV);
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readNBytes(MAX_EXEC_OUTPUT), StandardCharsets.UTF_8);
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
        Optional<SandboxRecord> record = readRecord(layout.record());
        record.ifPresent(r -> killNamespace(sessionId, r));
        cleanUp(sessionId, layout, record.map(SandboxRecord::uid).orElse(serverUid));
        if (Files.exists(layout.root())) {
            throw new SandboxException(sessionId, "cannot remove the folder of session " + sessionId + " at " + layout.root());
        }
    }

    /** Killing the init process of a pid namespace makes the kernel kill every process in it. */
    private static void killNamespace(String sessionId, SandboxRecord record) {
        if (!record.alive()) return;
        ProcessHandle.of(record.initPid()).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.currentTimeMillis() + 5_000;
        while (record.alive() && System.currentTimeMillis() < deadline) SandboxStart.pause();
        if (record.alive()) log.warn("sandbox of session {} still runs 5 s after SIGKILL", sessionId);
    }

    /**
     * Ends every process of the sandbox's uid (a process outside its pid namespace too, such as a
     * client that was entering it), then removes its cgroups and its folder and frees the uid.
     */
    private void cleanUp(String sessionId, SandboxLayout layout, int uid) {
        try {
            UserNetwork.detach(layout);
        } catch (IllegalStateException e) {
            log.warn("session {}: {}", sessionId, e.getMessage());
        }
        if (claims.isPresent() && uid != serverUid) killUid(sessionId, uid);
        try {
            cgroups.remove(sessionId);
        } catch (IOException e) {
            log.warn("cannot remove the cgroups of session {}: {}", sessionId, e.getMessage());
        }
        try {
            TreeRemover.remove(layout.root());
        } catch (IOException e) {
            log.warn("cannot remove the folder of session {}: {}", sessionId, e.getMessage());
        }
        // No process of the uid is left: it may go to another sandbox even if its old folder stays.
        if (claims.isPresent() && uid != serverUid) claims.get().release(uid, layout.root());
    }

    private static void killUid(String sessionId, int uid) {
        long deadline = System.currentTimeMillis() + 5_000;
        for (List<Long> left = HostProcesses.ofUid(uid); !left.isEmpty(); left = HostProcesses.ofUid(uid)) {
            if (System.currentTimeMillis() > deadline) {
                log.warn("{} processes of uid {} (session {}) survive SIGKILL", left.size(), uid, sessionId);
                return;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            SandboxStart.pause();
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
}

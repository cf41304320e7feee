package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.remolt.agents.Agent;
import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxGoneException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxLabels;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.StreamingExec;
import dev.remolt.sandbox.TmuxCommands;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as Docker containers of the image {@code remolt-{agent}}, built by the server from
 * {@code container/} on first use, on one shared bridge network without inter-container traffic.
 * The container's entrypoint starts tmux; each viewer is its own exec of a tmux client.
 *
 * <p>Two engine clients: one for short calls, which fail after a minute without an answer, and one
 * without a read timeout for streams that may stay silent for long (terminals, log follows, builds).
 */
public final class DockerSandboxRuntime implements SandboxRuntime {
    static final String USER = "dev";
    static final String WORKSPACE = "/home/dev/workspace";
    private static final Logger log = LoggerFactory.getLogger(DockerSandboxRuntime.class);
    private static final long START_TIMEOUT_MS = 60_000;
    /** The entrypoint clones before tmux starts, for at most REMOLT_CLONE_TIMEOUT (600 s by default). */
    private static final long CLONE_ALLOWANCE_MS = 600_000;
    private static final int EXEC_TIMEOUT_SECONDS = 60;

    private final DockerClient calls = DockerConnection.open(Duration.ofSeconds(60));
    private final DockerClient streams = DockerConnection.open(null);
    private final DockerSettings settings;
    private final ImageBuilder images;
    private volatile boolean networkReady;

    public DockerSandboxRuntime(DockerSettings settings) {
        this.settings = settings;
        this.images = new ImageBuilder(streams, settings);
    }

    @Override
    public String name() {
        return "docker";
    }

    /**
     * Receives one line per image build step ("image remolt-shell: Step 3/9 : RUN ..."), then
     * "built in N s"; called on the thread that builds, so the listener must not block.
     */
    public void onBuildProgress(Consumer<String> listener) {
        images.onProgress(listener);
    }

    /** Builds or checks the agents' images on a background thread, so the first session need not wait. */
    public void prepareInBackground(Collection<Agent> agents) {
        Thread.ofVirtual().name("remolt-image-prepare").start(() -> {
            for (Agent agent : agents) {
                try {
                    images.ensure(agent);
                } catch (IOException | DockerException e) {
                    log.warn("cannot prepare the image of agent {}: {}", agent.id(), e.getMessage());
                }
            }
        });
    }

    @Override
    public void create(SandboxSpec spec) throws SandboxException {
        String id = spec.sessionId();
        String containerId = createContainer(spec);
        try {
            calls.startContainerCmd(containerId).exec();
            long timeout = START_TIMEOUT_MS + (spec.env().containsKey("REPO_URL") ? CLONE_ALLOWANCE_MS : 0);
            StartupWatch.await(streams, id, containerId, timeout);
        } catch (DockerException e) {
            SandboxException failure = StartupWatch.failure(calls, id, containerId, "the engine refused to start it: " + e.getMessage());
            removeQuietly(id, containerId);
            throw failure;
        } catch (SandboxException e) {
            removeQuietly(id, containerId);
            throw e;
        }
    }

    /** Creates the container; if its image or the network vanished behind our back, makes them again, once. */
    private String createContainer(SandboxSpec spec) throws SandboxException {
        String id = spec.sessionId();
        for (int attempt = 1; ; attempt++) {
            try {
                String image = images.ensure(spec.agent());
                ensureNetwork();
                return SandboxContainer.create(calls, spec, settings, image);
            } catch (NotFoundException e) {
                if (attempt > 1) throw new SandboxException(id, "cannot create the container of session " + id + ": " + e.getMessage(), e);
                networkReady = false;
                images.forget(spec.agent());
            } catch (ConflictException e) {
                throw new SandboxException(id, "sandbox of session " + id + " already exists", e);
            } catch (IllegalArgumentException e) {
                throw new SandboxException(id, "agent " + spec.agent().id() + " has a bad resource limit: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new SandboxException(id, "cannot prepare the sandbox of session " + id + " (agent " + spec.agent().id()
                        + "): " + e.getMessage(), e);
            }
        }
    }

    private void ensureNetwork() {
        if (networkReady) return;
        SandboxNetwork.ensure(calls, settings.network());
        networkReady = true;
    }

    @Override
    public TerminalChannel attach(String sessionId, int window, TerminalSize size) throws SandboxException {
        String container = runningContainer(sessionId);
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(TmuxCommands.attach(window, WORKSPACE));
        try {
            return ExecTerminalChannel.open(streams, container, command, size);
        } catch (NotFoundException | ConflictException e) {
            throw new SandboxGoneException(sessionId);
        } catch (IOException | DockerException e) {
            throw new SandboxException(sessionId, "cannot attach to session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<SandboxInfo> list() throws SandboxException {
        try {
            return calls.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(SandboxLabels.MANAGED, "true")).exec().stream()
                    .map(c -> new SandboxInfo(Map.copyOf(c.getLabels()), "running".equals(c.getState())))
                    .toList();
        } catch (DockerException e) {
            throw new SandboxException(null, "cannot list sandboxes: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isAlive(String sessionId) {
        try {
            return Boolean.TRUE.equals(calls.inspectContainerCmd(SandboxContainer.name(sessionId)).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            // The engine itself is unreachable (restarting, say): that says nothing about the sandbox,
            // which live-restore keeps running. Only an engine that answers "not running" ends a session.
            log.warn("cannot inspect the sandbox of session {}: {}", sessionId, e.getMessage());
            return true;
        }
    }

    @Override
    public ExecResult exec(String sessionId, List<String> command) throws SandboxException {
        try {
            return ExecRunner.run(streams, SandboxContainer.name(sessionId), command, EXEC_TIMEOUT_SECONDS);
        } catch (NotFoundException | ConflictException e) {
            throw new SandboxGoneException(sessionId);
        } catch (IOException | DockerException e) {
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while running a command in session " + sessionId, e);
        }
    }

    @Override
    public StreamingExec execStreaming(String sessionId, List<String> command) throws SandboxException {
        String container = runningContainer(sessionId);
        try {
            return DockerStreamingExec.start(streams, container, command);
        } catch (NotFoundException | ConflictException e) {
            throw new SandboxGoneException(sessionId);
        } catch (DockerException | IOException e) {
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy(String sessionId) throws SandboxException {
        try {
            calls.removeContainerCmd(SandboxContainer.name(sessionId)).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already gone: destroying is idempotent.
        } catch (ConflictException e) {
            // "removal already in progress": another caller is removing it.
            log.debug("sandbox of session {} is already being removed", sessionId);
        } catch (DockerException e) {
            throw new SandboxException(sessionId, "cannot remove the container of session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    private String runningContainer(String sessionId) throws SandboxException {
        if (!isAlive(sessionId)) throw new SandboxGoneException(sessionId);
        return SandboxContainer.name(sessionId);
    }

    private void removeQuietly(String sessionId, String containerId) {
        try {
            calls.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (DockerException e) {
            log.warn("cannot remove the failed container of session {}: {}", sessionId, e.getMessage());
        }
    }

    @Override
    public void close() {
        for (DockerClient client : List.of(calls, streams)) {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("closing the Docker client: {}", e.getMessage());
            }
        }
    }
}

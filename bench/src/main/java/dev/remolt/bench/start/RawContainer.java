package dev.remolt.bench.start;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.remolt.agents.Agent;
import dev.remolt.bench.client.ScreenText;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The raw Docker start-up baseline, Engine API only (docker-java, as the server uses): create a
 * container of {@code remolt-shell} with the runtime's settings (SandboxContainer, kept in step by
 * hand: it is package-private), start it, follow its log to the entrypoint's {@code remolt: ready},
 * then exec the same {@code tmux new-session -A -s main} with a TTY until the prompt shows. Its
 * labels are the bench's own, never {@code remolt.managed}, so no server ever adopts it.
 */
final class RawContainer implements AutoCloseable {
    static final String LABEL = "remolt-bench.raw";

    private final DockerClient docker;
    private final String name = "remolt-bench-raw-" + HexFormat.of().formatHex(randomBytes());
    private String id;
    private final List<Closeable> streams = new ArrayList<>();

    RawContainer(DockerClient docker) {
        this.docker = docker;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    void create(Agent agent) {
        long memory = 1L << 30; // the shell agent's limit (1Gi), swap equal to it, as the runtime sets
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("remolt-sandboxes")
                .withMemory(memory).withMemorySwap(memory).withNanoCPUs(1_000_000_000L).withPidsLimit(512L)
                .withMemoryReservation(256L << 20).withPrivileged(false).withCapDrop(Capability.NET_RAW);
        List<String> env = new ArrayList<>(List.of("REMOLT_SESSION_ID=" + name.substring(name.length() - 12)));
        if (!agent.welcome().isBlank()) env.add("REMOLT_WELCOME=" + agent.welcome());
        id = docker.createContainerCmd("remolt-" + agent.id()).withName(name).withHostName(name.substring(0, 20))
                .withUser("dev").withWorkingDir("/home/dev/workspace").withLabels(java.util.Map.of(LABEL, "true"))
                .withEnv(env).withHostConfig(host).exec().getId();
    }

    void start() {
        docker.startContainerCmd(id).exec();
    }

    /** Follows the log until the entrypoint says it is ready (tmux session main started). */
    void awaitReady(long timeoutMs) throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder seen = new StringBuilder();
        try (var callback = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        synchronized (seen) {
                            seen.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            if (seen.indexOf("remolt: ready") >= 0) ready.countDown();
                        }
                    }
                })) {
            if (!ready.await(timeoutMs, TimeUnit.MILLISECONDS)) throw new IllegalStateException("raw container not ready: " + seen);
        }
    }

    /** Execs a tmux client with a TTY, as the runtime's attach does; its output goes to {@code screen}. */
    void attach(ScreenText screen) {
        String exec = docker.execCreateCmd(id).withUser("dev").withWorkingDir("/home/dev/workspace")
                .withTty(true).withAttachStdin(false).withAttachStdout(true).withAttachStderr(true)
                .withCmd("tmux", "new-session", "-A", "-s", "main", "-c", "/home/dev/workspace").exec().getId();
        streams.add(docker.execStartCmd(exec).withTty(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                screen.received(frame.getPayload(), 0, frame.getPayload().length, System.nanoTime());
            }
        }));
    }

    @Override
    public void close() {
        for (Closeable stream : streams) {
            try {
                stream.close();
            } catch (Exception e) {
                // the container goes anyway
            }
        }
        if (id != null) docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    }
}

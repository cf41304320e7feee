package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A quick timing, not a test (the name keeps it out of the default run; the benchmarks live in
 * bench/): create to the first prompt through the runtime against raw docker-java create, start,
 * polling {@code tmux has-session} by exec, then a tmux exec, interleaved. Run with {@code -Dtest=DockerStartTiming}.
 */
@ExtendWith(RequiresDocker.class)
class DockerStartTiming {
    private static final int ROUNDS = Integer.getInteger("remolt.timing.rounds", 9);

    @Test
    void startToPrompt() throws Exception {
        List<Long> runtimeMs = new ArrayList<>();
        List<Long> rawMs = new ArrayList<>();
        try (DockerSandboxRuntime runtime = new DockerSandboxRuntime(DockerTestSupport.settings(false));
             DockerClient docker = DockerConnection.open(null)) {
            runtime.create(DockerTestSupport.spec("shell", Map.of()));  // warm up: image check, network
            runtime.list().forEach(s -> destroy(runtime, s.sessionId()));
            for (int i = 0; i < ROUNDS; i++) {
                runtimeMs.add(throughRuntime(runtime));
                rawMs.add(raw(docker));
            }
        }
        System.out.printf("start to prompt, %d rounds: runtime p50 %d ms %s; raw docker-java p50 %d ms %s; ratio %.2f%n",
                ROUNDS, p50(runtimeMs), runtimeMs, p50(rawMs), rawMs, (double) p50(runtimeMs) / p50(rawMs));
    }

    private static long throughRuntime(DockerSandboxRuntime runtime) throws Exception {
        SandboxSpec spec = DockerTestSupport.spec("shell", Map.of());
        long start = System.nanoTime();
        runtime.create(spec);
        try (TerminalChannel terminal = runtime.attach(spec.sessionId(), 0, TerminalSize.DEFAULT)) {
            awaitPrompt(terminal);
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            runtime.destroy(spec.sessionId());
        }
    }

    private static long raw(DockerClient docker) throws Exception {
        long start = System.nanoTime();
        String id = docker.createContainerCmd("remolt-shell").withUser("dev")
                .withLabels(Map.of("remolt.test", "timing"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(DockerTestSupport.NETWORK)).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            // The entrypoint starts tmux; attaching earlier would race it for the session name.
            while (ExecRunner.run(docker, id, List.of("tmux", "has-session", "-t", "main"), 5).exitCode() != 0) {
                Thread.sleep(10);
            }
            try (TerminalChannel terminal = ExecTerminalChannel.open(docker, id,
                    List.of("tmux", "new-session", "-A", "-s", "main"), TerminalSize.DEFAULT)) {
                awaitPrompt(terminal);
                return (System.nanoTime() - start) / 1_000_000;
            }
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static void awaitPrompt(TerminalChannel terminal) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[8192];
        while (seen.indexOf("$ ") < 0) {
            int n = terminal.read(buffer);
            if (n < 0) throw new AssertionError("terminal ended before a prompt: " + seen);
            seen.append(new String(buffer, 0, n));
        }
    }

    private static void destroy(DockerSandboxRuntime runtime, String id) {
        try {
            runtime.destroy(id);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long p50(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}

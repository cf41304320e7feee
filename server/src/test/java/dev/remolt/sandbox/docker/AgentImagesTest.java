package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped agents' images, built by the runtime itself, run their agents. */
@ExtendWith(RequiresDocker.class)
@Timeout(600)
class AgentImagesTest {
    private static DockerSandboxRuntime runtime;
    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private static final List<String> created = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        runtime = new DockerSandboxRuntime(DockerTestSupport.settings(false));
        runtime.onBuildProgress(progress::add);
    }

    @AfterAll
    static void stop() throws SandboxException {
        if (runtime == null) return;
        for (String id : created) runtime.destroy(id);
        runtime.close();
    }

    private static SandboxSpec create(String agent) throws SandboxException {
        SandboxSpec spec = DockerTestSupport.spec(agent, Map.of());
        created.add(spec.sessionId());
        runtime.create(spec);
        return spec;
    }

    @Test
    @DisplayName("in the claude-code sandbox, claude --version runs")
    void claudeRuns() throws Exception {
        SandboxSpec spec = create("claude-code");
        ExecResult version = runtime.exec(spec.sessionId(), List.of("bash", "-lc", "claude --version"));
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).containsPattern("\\d+\\.\\d+\\.\\d+").contains("Claude Code");
    }

    @Test
    @DisplayName("in the openclaw sandbox, the gateway answers on 18789 and node is 24")
    void openclawGatewayAnswers() throws Exception {
        SandboxSpec spec = create("openclaw");
        String probe = "for i in $(seq 120); do curl -fsS -o /dev/null -w 'status=%{http_code}' http://127.0.0.1:18789/healthz && exit 0; sleep 0.5; done;"
                + " echo; tail -n 20 ~/.remolt/logs/openclaw-gateway.log ~/.remolt/logs/setup.log; exit 1";
        ExecResult health = runtime.exec(spec.sessionId(), List.of("bash", "-c", probe));
        assertThat(health.output()).as(health.output()).contains("status=200");
        ExecResult node = runtime.exec(spec.sessionId(), List.of("bash", "-lc", "node --version; test -s ~/.openclaw/gateway-token && echo token-ok"));
        assertThat(node.output()).startsWith("v24.").contains("token-ok");
    }

    @Test
    @DisplayName("build progress reaches the listener step by step, or nothing is reported when images are current")
    void buildProgressIsReported() throws Exception {
        create("shell");
        // The images may already be current (no build, no lines); every line that came names its image.
        assertThat(progress).allMatch(line -> line.startsWith("image remolt-"));
        assertThat(progress.stream().filter(l -> l.contains(": Step ")))
                .allMatch(line -> line.matches("image remolt-[a-z0-9-]+: Step \\d+/\\d+ : .*"));
    }
}

package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxGoneException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxLabels;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Docker runtime against the real engine: containers, terminals, limits and isolation. */
@ExtendWith(RequiresDocker.class)
@Timeout(300)
class DockerSandboxRuntimeTest {
    private static DockerSandboxRuntime runtime;
    private static DockerClient docker;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void start() {
        runtime = new DockerSandboxRuntime(DockerTestSupport.settings(false));
        docker = DockerTestSupport.inspector();
    }

    @AfterAll
    static void stop() throws IOException {
        if (runtime != null) runtime.close();
        if (docker != null) docker.close();
    }

    @AfterEach
    void removeSandboxes() throws SandboxException {
        for (String id : created) runtime.destroy(id);
    }

    private SandboxSpec create(String agent, Map<String, String> env) throws SandboxException {
        SandboxSpec spec = DockerTestSupport.spec(agent, env);
        created.add(spec.sessionId());
        runtime.create(spec);
        return spec;
    }

    @Test
    @DisplayName("a created sandbox runs tmux, echoes typed commands and follows resizes")
    void typedCommandsEchoAndResizesApply() throws Exception {
        SandboxSpec spec = create("shell", Map.of());
        assertThat(runtime.isAlive(spec.sessionId())).isTrue();
        try (TerminalChannel terminal = runtime.attach(spec.sessionId(), 0, new TerminalSize(100, 30))) {
            TerminalReader reader = new TerminalReader(terminal);
            reader.await("$ ");
            terminal.write("echo hel''lo\r".getBytes(StandardCharsets.UTF_8), 0, 13);
            reader.await("hello");
            terminal.resize(new TerminalSize(133, 41));
            // tmux applies a client's new size after a short delay: ask until it shows (one row is the status bar).
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!reader.seen().contains("cols=133x40") && System.nanoTime() < deadline) {
                byte[] ask = "echo cols=$(tput cols)x$(tput lines)\r".getBytes(StandardCharsets.UTF_8);
                terminal.write(ask, 0, ask.length);
                Thread.sleep(300);
            }
            reader.await("cols=133x40");
        }
        runtime.destroy(spec.sessionId());
        assertThat(runtime.isAlive(spec.sessionId())).isFalse();
        assertThat(runtime.list()).extracting(SandboxInfo::sessionId).doesNotContain(spec.sessionId());
        runtime.destroy(spec.sessionId());
    }

    @Test
    @DisplayName("closing a terminal ends its tmux client and its exec, and the session goes on")
    void closingATerminalLeavesNoClient() throws Exception {
        SandboxSpec spec = create("shell", Map.of());
        TerminalChannel first = runtime.attach(spec.sessionId(), 0, TerminalSize.DEFAULT);
        TerminalChannel second = runtime.attach(spec.sessionId(), 0, TerminalSize.DEFAULT);
        new TerminalReader(first).await("$ ");
        TerminalReader secondReader = new TerminalReader(second);
        secondReader.await("$ ");
        assertThat(clients(spec)).hasSize(2);
        first.close();
        assertThat(clients(spec)).hasSize(1);
        byte[] typed = "echo still''here\r".getBytes(StandardCharsets.UTF_8);
        second.write(typed, 0, typed.length);
        secondReader.await("stillhere");
        second.close();
        assertThat(clients(spec)).isEmpty();
        assertThat(secondReader.ended()).isTrue();
        ExecResult processes = runtime.exec(spec.sessionId(), List.of("ps", "-eo", "args"));
        assertThat(processes.output()).doesNotContain("new-session -A");
    }

    private static List<String> clients(SandboxSpec spec) throws SandboxException {
        return runtime.exec(spec.sessionId(), List.of("tmux", "list-clients")).output().lines().toList();
    }

    @Test
    @DisplayName("inspect shows labels, limits, user dev, the shared network, and no mounts or ports")
    void inspectShowsTheContainerAsDesigned() throws Exception {
        SandboxSpec spec = create("shell", Map.of("SOME_KEY", "s3cret-value"));
        InspectContainerResponse inspect = docker.inspectContainerCmd(SandboxContainer.name(spec.sessionId())).exec();
        assertThat(inspect.getConfig().getLabels()).containsAllEntriesOf(spec.labels())
                .containsEntry(SandboxLabels.MANAGED, "true").containsKey(SandboxLabels.CREATED);
        assertThat(String.join(" ", inspect.getConfig().getLabels().values())).doesNotContain("s3cret");
        assertThat(inspect.getConfig().getUser()).isEqualTo("dev");
        assertThat(inspect.getConfig().getImage()).isEqualTo("remolt-shell");
        var host = inspect.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(1L << 30);
        assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(512L);
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getNetworkMode()).isEqualTo(DockerTestSupport.NETWORK);
        assertThat(host.getBinds()).isNullOrEmpty();
        assertThat(host.getPortBindings() == null ? List.of() : host.getPortBindings().getBindings().entrySet()).isEmpty();
        assertThat(inspect.getMounts()).isNullOrEmpty();
        assertThat(inspect.getNetworkSettings().getNetworks()).containsOnlyKeys(DockerTestSupport.NETWORK);
        var network = docker.inspectNetworkCmd().withNetworkId(DockerTestSupport.NETWORK).exec();
        assertThat(network.getOptions()).containsEntry(SandboxNetwork.NO_ICC, "false");
        // Secrets are environment only, never an exec argument or a command line.
        assertThat(inspect.getConfig().getEnv()).contains("SOME_KEY=s3cret-value");
        assertThat(String.join(" ", inspect.getConfig().getCmd())).doesNotContain("s3cret");
        ExecResult whoami = runtime.exec(spec.sessionId(), List.of("sh", "-c", "id -un; sudo -n true && echo sudo-ok"));
        assertThat(whoami.output()).contains("dev").contains("sudo-ok");
        assertThat(runtime.list()).anySatisfy(info -> {
            assertThat(info.sessionId()).isEqualTo(spec.sessionId());
            assertThat(info.alive()).isTrue();
            assertThat(info.agentId()).isEqualTo("shell");
        });
    }

    @Test
    @DisplayName("a hardened sandbox has no-new-privileges, no capabilities and no working sudo")
    void hardenedSandboxesHaveNoPrivileges() throws Exception {
        try (DockerSandboxRuntime hardened = new DockerSandboxRuntime(DockerTestSupport.settings(true))) {
            SandboxSpec spec = DockerTestSupport.spec("shell", Map.of());
            created.add(spec.sessionId());
            hardened.create(spec);
            var host = docker.inspectContainerCmd(SandboxContainer.name(spec.sessionId())).exec().getHostConfig();
            assertThat(host.getSecurityOpts()).contains("no-new-privileges:true")
                    .noneMatch(o -> o.contains("unconfined"));
            assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
            assertThat(host.getCapAdd()).isNullOrEmpty();
            ExecResult status = hardened.exec(spec.sessionId(), List.of("sh", "-c",
                    "grep -E '^(NoNewPrivs|CapEff)' /proc/self/status; sudo -n true 2>&1; echo sudo-exit=$?"));
            assertThat(status.output()).containsPattern("NoNewPrivs:\\s+1").containsPattern("CapEff:\\s+0+\\b")
                    .doesNotContain("sudo-exit=0");
        }
    }

    @Test
    @DisplayName("one sandbox cannot connect to another on the shared network")
    void sandboxesCannotReachEachOther() throws Exception {
        SandboxSpec target = create("shell", Map.of());
        SandboxSpec prober = create("shell", Map.of());
        runtime.exec(target.sessionId(), List.of("sh", "-c",
                "nohup node -e \"require('net').createServer(s => s.end('pong')).listen(7777, '0.0.0.0')\" >/dev/null 2>&1 &"));
        String address = docker.inspectContainerCmd(SandboxContainer.name(target.sessionId())).exec()
                .getNetworkSettings().getNetworks().get(DockerTestSupport.NETWORK).getIpAddress();
        String probe = "for i in $(seq 50); do timeout 1 bash -c 'exec 3<>/dev/tcp/%s/7777 && cat <&3' 2>/dev/null && exit 0; sleep 0.1; done; exit 1";
        // The listener answers inside its own sandbox, so a failure from the other one means isolation.
        assertThat(runtime.exec(target.sessionId(), List.of("bash", "-c", probe.formatted("127.0.0.1"))).output())
                .contains("pong");
        assertThat(runtime.exec(target.sessionId(), List.of("bash", "-c", probe.formatted(address))).output())
                .contains("pong");
        ExecResult fromOther = runtime.exec(prober.sessionId(), List.of("bash", "-c",
                "timeout 3 bash -c 'exec 3<>/dev/tcp/" + address + "/7777 && cat <&3'; echo exit=$?"));
        assertThat(fromOther.output()).doesNotContain("pong").doesNotContain("exit=0");
    }

    @Test
    @DisplayName("a sandbox that dies at start is reported with its exit code and output, and removed")
    void aSandboxThatDiesAtStartIsReportedAndRemoved() {
        // The entrypoint cannot make or enter a home under /proc, so it exits with 1.
        SandboxSpec spec = DockerTestSupport.spec("shell", Map.of("HOME", "/proc/no-home"));
        created.add(spec.sessionId());
        assertThatThrownBy(() -> runtime.create(spec))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("session " + spec.sessionId() + " failed to start")
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("last output:");
        assertThat(runtime.isAlive(spec.sessionId())).isFalse();
        assertThat(docker.listContainersCmd().withShowAll(true)
                .withNameFilter(List.of(SandboxContainer.name(spec.sessionId()))).exec()).isEmpty();
    }

    @Test
    @DisplayName("the workspace uploads and downloads through streamed execs, and a tab is its own window")
    void workspaceTransferAndTabs() throws Exception {
        SandboxSpec spec = create("shell", Map.of());
        var transfer = new dev.remolt.files.WorkspaceTransfer(runtime, dev.remolt.files.ArchiveLimits.DEFAULT);
        var archive = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(archive))) {
            byte[] data = "from the host".getBytes();
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("docs/note.txt");
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        assertThat(transfer.upload(spec.sessionId(), new java.io.ByteArrayInputStream(archive.toByteArray()))).isEqualTo(1);
        assertThat(runtime.exec(spec.sessionId(), List.of("cat", "docs/note.txt")).output()).isEqualTo("from the host");
        byte[] downloaded;
        try (var in = transfer.download(spec.sessionId())) {
            downloaded = in.readAllBytes();
        }
        var names = new ArrayList<String>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(new java.io.ByteArrayInputStream(downloaded)))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) names.add(e.getName());
        }
        assertThat(names).contains("workspace/docs/note.txt");

        var tabs = new dev.remolt.terminal.TerminalTabs(runtime, 4);
        assertThat(tabs.open(spec.sessionId())).isEqualTo(1);
        assertThat(tabs.list(spec.sessionId())).containsExactly(0, 1);
    }

    @Test
    @DisplayName("REMOLT_SANDBOX_IMAGE runs every agent in that one image, and a missing one is a clear error")
    void oneSandboxImageForAll() throws Exception {
        var base = DockerTestSupport.settings(false);
        var settings = new DockerSettings(base.network(), false, base.baseImage(), base.containerDir(), base.extraCaCerts(),
                java.util.Optional.of(ImageBuilder.imageOf(DockerTestSupport.agent("shell"))));
        try (DockerSandboxRuntime single = new DockerSandboxRuntime(settings)) {
            SandboxSpec spec = DockerTestSupport.spec("claude-code", Map.of());
            created.add(spec.sessionId());
            single.create(spec);
            assertThat(docker.inspectContainerCmd(SandboxContainer.name(spec.sessionId())).exec().getConfig().getImage())
                    .isEqualTo("remolt-shell");
        }
        var missing = new DockerSettings(base.network(), false, base.baseImage(), base.containerDir(), base.extraCaCerts(),
                java.util.Optional.of("remolt-no-such-image"));
        try (DockerSandboxRuntime broken = new DockerSandboxRuntime(missing)) {
            SandboxSpec spec = DockerTestSupport.spec("shell", Map.of());
            created.add(spec.sessionId());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.create(spec))
                    .hasMessageContaining("REMOLT_SANDBOX_IMAGE=remolt-no-such-image");
        }
    }

    @Test
    @DisplayName("a missing sandbox is gone for attach and exec, and destroying it is a no-op")
    void aMissingSandboxIsGone() throws Exception {
        assertThatThrownBy(() -> runtime.attach("0000000000000000", 0, TerminalSize.DEFAULT))
                .isInstanceOf(SandboxGoneException.class);
        assertThatThrownBy(() -> runtime.exec("0000000000000000", List.of("true")))
                .isInstanceOf(SandboxGoneException.class);
        runtime.destroy("0000000000000000");
    }
}

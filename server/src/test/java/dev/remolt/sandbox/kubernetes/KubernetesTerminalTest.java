package dev.remolt.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import dev.remolt.sandbox.TmuxCommands;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.io.ByteArrayOutputStream;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Terminals and commands over exec, against fabric8's mock API server (no real cluster): the mock
 * answers the exec WebSocket with scripted frames, so these tests check the bridging (output,
 * input, resize, end of exec, backpressure), not tmux itself, which the other runtimes' tests run.
 */
@Timeout(30)
@EnableKubernetesMockClient(crud = true)
class KubernetesTerminalTest {
    static final String NAMESPACE = KubernetesSandboxRuntimeTest.NAMESPACE;
    static final String ID = "00000000000000d1";
    static KubernetesMockServer server;
    static KubernetesClient client;
    static KubernetesSandboxRuntime runtime;

    @BeforeAll
    static void startASandbox() throws Exception {
        runtime = FakeKubelet.runtimeWithSandbox(client, NAMESPACE, ID);
    }

    /** The exec request fabric8 makes; stdin, stdout and tty for terminals, stdout and stderr for commands. */
    static String execPath(List<String> command, boolean tty) {
        String commands = command.stream().map(c -> "command=" + URLEncoder.encode(c, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "/api/v1/namespaces/" + NAMESPACE + "/pods/remolt-" + ID + "/exec?" + commands + "&container=sandbox"
                + (tty ? "&tty=true&stdin=true&stdout=true" : "&stdout=true&stderr=true");
    }

    static List<String> tmuxAttach(int window) {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(TmuxCommands.attach(window, "/home/dev"));
        return command;
    }

    /** What fabric8 sends on the resize channel (4); its key order is not ours to choose, so accept both. */
    static List<String> resizeFrames(int cols, int rows) {
        return List.of("\u0004{\"Width\":" + cols + ",\"Height\":" + rows + "}", "\u0004{\"Height\":" + rows + ",\"Width\":" + cols + "}");
    }

    static String readUntil(TerminalChannel channel, String expected) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(expected)) {
            int count = channel.read(buffer);
            if (count < 0) throw new AssertionError("output ended before \"" + expected + "\"; saw: " + seen);
            seen.write(buffer, 0, count);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a terminal is an exec with a TTY running tmux: output, input and resize reach the pod, and read ends with the exec (mock API server, no real cluster)")
    void terminalBridgesOutputInputAndResize() throws Exception {
        var session = server.expect().get().withPath(execPath(tmuxAttach(0), true)).andUpgradeToWebSocket()
                .open(new OutputStreamMessage("dev@sb:~$ "))
                .expect("\u0000ls\r").andEmit(new OutputStreamMessage("notes.txt\r\n")).always();
        for (String frame : resizeFrames(80, 24)) session = session.expect(frame).andEmit(new OutputStreamMessage("[80x24]")).always();
        for (String frame : resizeFrames(120, 30)) session = session.expect(frame).andEmit(new OutputStreamMessage("[120x30]")).always();
        session.expect("\u0000exit\r").andEmit(new StatusStreamMessage(0)).always().done().once();

        try (TerminalChannel channel = runtime.attach(ID, 0, TerminalSize.DEFAULT)) {
            assertThat(readUntil(channel, "[80x24]")).contains("dev@sb:~$ ");
            channel.write("ls\r".getBytes(StandardCharsets.UTF_8), 0, 3);
            assertThat(readUntil(channel, "notes.txt")).contains("notes.txt");
            channel.resize(new TerminalSize(120, 30));
            readUntil(channel, "[120x30]");
            channel.write("exit\r".getBytes(StandardCharsets.UTF_8), 0, 5);
            byte[] buffer = new byte[1024];
            int count;
            do {
                count = channel.read(buffer);
            } while (count > 0);
            assertThat(count).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("a second tab execs a tmux client on its own window through a grouped session (mock API server, no real cluster)")
    void tabsAttachToTheirWindow() throws Exception {
        // The grouped session's name is random, so no scripted answer can match it: the exec fails,
        // and the request it made is what this test reads.
        assertThatThrownBy(() -> runtime.attach(ID, 2, TerminalSize.DEFAULT)).isInstanceOf(SandboxException.class)
                .hasMessageContaining("cannot attach to session " + ID);
        String path = null;
        for (RecordedRequest request; (request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            if (request.getPath().contains("/exec?")) path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
        }
        assertThat(path).matches(".*/pods/remolt-" + ID + "/exec\\?command=tmux&command=new-session&command=-t&command=main"
                + "&command=-s&command=tab2-[0-9a-f]{8}&.*&command=select-window&command=-t&command=tab2-[0-9a-f]{8}:2"
                + "&container=sandbox&tty=true&stdin=true&stdout=true");
    }

    @Test
    @DisplayName("a viewer that stops reading holds the exec back: fabric8 buffers a bounded amount, and nothing is lost (mock API server, no real cluster)")
    void aSlowReaderAppliesBackpressure() throws Exception {
        String chunk = "x".repeat(16 * 1024);
        int chunks = 128;  // 2 MiB
        Object[] frames = new Object[chunks];
        for (int i = 0; i < chunks; i++) frames[i] = new OutputStreamMessage(chunk);
        var session = server.expect().get().withPath(execPath(tmuxAttach(0), true)).andUpgradeToWebSocket().open(frames);
        for (String frame : resizeFrames(80, 24)) session = session.expect(frame).andEmit(new StatusStreamMessage(0)).always();
        session.done().once();

        try (ExecTerminalChannel channel = (ExecTerminalChannel) runtime.attach(ID, 0, TerminalSize.DEFAULT)) {
            Thread.sleep(1_000);
            // At most fabric8's 32 KiB threshold plus the frames in flight when it stopped asking.
            assertThat(channel.buffered()).isLessThanOrEqualTo(64 * 1024);
            long total = 0;
            byte[] buffer = new byte[16 * 1024];
            int count;
            while ((count = channel.read(buffer)) >= 0) total += count;
            assertThat(total).isEqualTo((long) chunks * chunk.length());
        }
    }

    @Test
    @DisplayName("exec runs a command without a TTY and returns its exit code and output (mock API server, no real cluster)")
    void execReturnsOutputAndExitCode() throws Exception {
        List<String> command = List.of("tmux", "list-windows", "-t", "main", "-F", "#{window_index}");
        server.expect().get().withPath(execPath(command, false)).andUpgradeToWebSocket()
                .open(new OutputStreamMessage("0\n1\n"), new StatusStreamMessage(0)).done().once();
        ExecResult result = runtime.exec(ID, command);
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).isEqualTo("0\n1\n");
    }
}

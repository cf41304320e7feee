package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's tmux client: a long-lived exec with a TTY. docker-java pushes output frames from its
 * own thread into a bounded pipe that the viewer's thread reads, so a slow viewer stalls that exec's
 * stream rather than buffering without end; input goes the other way through a second pipe.
 */
final class ExecTerminalChannel implements TerminalChannel {
    private static final Logger log = LoggerFactory.getLogger(ExecTerminalChannel.class);
    private static final int OUTPUT_BUFFER = 256 * 1024;
    private static final int INPUT_BUFFER = 64 * 1024;

    /**
     * Dockerd leaves an exec's process running when its attach connection closes (moby keeps the
     * TTY open), so a dropped stream alone would leak a tmux client. Each client carries a random
     * marker in its environment; closing detaches exactly the client that has it.
     */
    private static final String DETACH_MARKED_CLIENT = """
            for c in $(tmux list-clients -F '#{client_pid}:#{client_tty}' 2>/dev/null); do
              if tr '\\0' '\\n' < "/proc/${c%%:*}/environ" 2>/dev/null | grep -qx "REMOLT_VIEWER=$1"; then
                tmux detach-client -t "${c#*:}"
              fi
            done""";

    private final DockerClient docker;
    private final String containerId;
    private final String execId;
    private final String viewer;
    private final BoundedPipe output = new BoundedPipe(OUTPUT_BUFFER);
    private final BoundedPipe input = new BoundedPipe(INPUT_BUFFER);
    private final Stream stream = new Stream();
    private volatile boolean closed;

    private ExecTerminalChannel(DockerClient docker, String containerId, String execId, String viewer) {
        this.docker = docker;
        this.containerId = containerId;
        this.execId = execId;
        this.viewer = viewer;
    }

    static ExecTerminalChannel open(DockerClient docker, String containerId, List<String> command, TerminalSize size)
            throws IOException {
        String viewer = UUID.randomUUID().toString();
        String execId = docker.execCreateCmd(containerId)
                .withUser(DockerSandboxRuntime.USER)
                .withWorkingDir(DockerSandboxRuntime.WORKSPACE)
                .withEnv(List.of("REMOLT_VIEWER=" + viewer))
                .withTty(true).withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                .withCmd(command.toArray(String[]::new))
                .exec().getId();
        ExecTerminalChannel channel = new ExecTerminalChannel(docker, containerId, execId, viewer);
        docker.execStartCmd(execId).withTty(true).withStdIn(channel.input).exec(channel.stream);
        try {
            if (!channel.stream.awaitStarted(10, TimeUnit.SECONDS)) {
                channel.close();
                throw new IOException("the terminal exec did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IOException("interrupted while attaching", e);
        }
        channel.resize(size);
        return channel;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        return output.read(buffer, 0, buffer.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (closed) throw new IOException("terminal closed");
        input.write(data, offset, length);
    }

    @Override
    public void resize(TerminalSize size) throws IOException {
        try {
            docker.resizeExecCmd(execId).withSize(size.rows(), size.cols()).exec();
        } catch (RuntimeException e) {
            throw new IOException("cannot resize the terminal: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            ExecRunner.run(docker, containerId, List.of("sh", "-c", DETACH_MARKED_CLIENT, "sh", viewer), 5);
        } catch (Exception e) {
            log.debug("cannot detach tmux client of exec {}: {}", execId, e.getMessage());
        }
        input.end();
        try {
            stream.close();
        } catch (IOException e) {
            log.debug("closing exec stream {}: {}", execId, e.getMessage());
        }
        output.end();
    }

    /** Receives the exec's output frames on docker-java's thread. */
    private final class Stream extends ResultCallback.Adapter<Frame> {
        @Override
        public void onNext(Frame frame) {
            try {
                output.write(frame.getPayload(), 0, frame.getPayload().length);
            } catch (IOException e) {
                // The viewer closed: stop reading the stream.
                try {
                    close();
                } catch (IOException ignored) {
                    // closing an already closing stream
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!closed) log.debug("exec stream {} ended with {}", execId, error.toString());
            output.end();
            try {
                close();
            } catch (IOException ignored) {
                // already ending
            }
        }

        @Override
        public void onComplete() {
            output.end();
            super.onComplete();
        }
    }
}

package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.remolt.sandbox.ProcessGroup;
import dev.remolt.sandbox.StreamingExec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-TTY exec with standard input and output streamed through bounded pipes. Closing it ends
 * its whole process group inside the container ({@link ProcessGroup}): docker would leave it running.
 */
final class DockerStreamingExec implements StreamingExec {
    private static final Logger log = LoggerFactory.getLogger(DockerStreamingExec.class);
    private static final int BUFFER = 256 * 1024;
    private static final int MAX_STDERR = 8 * 1024;

    private final DockerClient docker;
    private final String containerId;
    private final String execId;
    private volatile int processGroup;
    private volatile boolean closed;
    private final BoundedPipe input = new BoundedPipe(BUFFER);
    private final BoundedPipe output = new BoundedPipe(BUFFER);
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final ResultCallback.Adapter<Frame> stream = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
            try {
                if (frame.getStreamType() == StreamType.STDERR) {
                    synchronized (errors) {
                        if (errors.size() < MAX_STDERR) errors.writeBytes(frame.getPayload());
                    }
                } else {
                    output.write(frame.getPayload(), 0, frame.getPayload().length);
                }
            } catch (IOException e) {
                DockerStreamingExec.this.close();
            }
        }

        @Override
        public void onError(Throwable error) {
            log.debug("exec stream {} ended with {}", execId, error.toString());
            output.end();
        }

        @Override
        public void onComplete() {
            output.end();
            super.onComplete();
        }
    };

    private DockerStreamingExec(DockerClient docker, String containerId, String execId) {
        this.docker = docker;
        this.containerId = containerId;
        this.execId = execId;
    }

    static DockerStreamingExec start(DockerClient docker, String containerId, List<String> command) throws IOException {
        String execId = docker.execCreateCmd(containerId)
                .withUser(DockerSandboxRuntime.USER)
                .withWorkingDir(DockerSandboxRuntime.WORKSPACE)
                .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                .withCmd(ProcessGroup.wrap(command).toArray(String[]::new))
                .exec().getId();
        DockerStreamingExec exec = new DockerStreamingExec(docker, containerId, execId);
        docker.execStartCmd(execId).withStdIn(exec.input).exec(exec.stream);
        exec.processGroup = ProcessGroup.readId(exec.output);
        return exec;
    }

    @Override
    public OutputStream stdin() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                input.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                input.write(b, off, len);
            }

            @Override
            public void close() {
                input.end();
            }
        };
    }

    @Override
    public InputStream stdout() {
        return output;
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var state = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(state.isRunning()) && state.getExitCodeLong() != null) {
                return state.getExitCodeLong().intValue();
            }
            Thread.sleep(20);
        }
        return -1;
    }

    @Override
    public String stderr() {
        synchronized (errors) {
            return errors.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        input.end();
        output.end();
        try {
            stream.close();
        } catch (IOException e) {
            log.debug("closing exec stream {}: {}", execId, e.getMessage());
        }
        // Off the caller's thread: an HTTP answer or a socket close need not wait for the engine.
        if (processGroup > 1) Thread.ofVirtual().name("exec-end-" + execId).start(this::endGroup);
    }

    private void endGroup() {
        try {
            if (!Boolean.TRUE.equals(docker.inspectExecCmd(execId).exec().isRunning())) return;
            ExecRunner.run(docker, containerId, ProcessGroup.kill(processGroup), 10);
        } catch (RuntimeException | IOException e) {
            // The container is gone or going: its processes go with it.
            log.debug("ending the processes of exec {}: {}", execId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

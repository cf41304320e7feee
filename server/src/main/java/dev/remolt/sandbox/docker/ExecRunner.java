package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.remolt.sandbox.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one command in a container as the sandbox user, without a TTY, and collects its output. */
final class ExecRunner {
    private static final int MAX_OUTPUT = 4 * 1024 * 1024;

    private ExecRunner() {}

    /** Waits at most {@code timeoutSeconds}; stdout and stderr are merged in arrival order. */
    static ExecResult run(DockerClient docker, String containerId, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        String execId = docker.execCreateCmd(containerId)
                .withUser(DockerSandboxRuntime.USER)
                .withWorkingDir(DockerSandboxRuntime.WORKSPACE)
                .withAttachStdout(true).withAttachStderr(true)
                .withCmd(command.toArray(String[]::new))
                .exec().getId();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (var callback = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    if (output.size() < MAX_OUTPUT) output.writeBytes(frame.getPayload());
                }
            }
        })) {
            if (!callback.awaitCompletion(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("command ran longer than " + timeoutSeconds + " s");
            }
        }
        Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        synchronized (output) {
            return new ExecResult(exit == null ? -1 : exit.intValue(), output.toString(StandardCharsets.UTF_8));
        }
    }
}

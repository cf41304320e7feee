package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import dev.remolt.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a started sandbox to be ready by following its log until the entrypoint prints
 * {@value #READY} (it does so right after {@code tmux new-session} succeeded and {@code ~/.remolt/ready}
 * was written). Event-driven, so a ready sandbox is seen at once; the log ending first means the
 * container died, and the error then says how (exit code, OOM, last output).
 */
final class StartupWatch {
    static final String READY = "remolt: ready";
    private static final int TAIL_LINES = 5;

    private StartupWatch() {}

    static void await(DockerClient docker, String sessionId, String containerId, long timeoutMillis)
            throws SandboxException {
        Watcher watcher = new Watcher();
        try (var callback = docker.logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(watcher)) {
            if (!watcher.done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw failure(docker, sessionId, containerId, "it was not ready within " + timeoutMillis / 1000
                        + " s (tmux session main never started)");
            }
            if (!watcher.ready) throw failure(docker, sessionId, containerId, "it stopped during start-up");
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot follow the start of session " + sessionId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while session " + sessionId + " was starting", e);
        }
    }

    /** Names the cause: exit code, OOM kill, the engine's error, and the last lines the sandbox printed. */
    static SandboxException failure(DockerClient docker, String sessionId, String containerId, String what) {
        StringBuilder message = new StringBuilder("sandbox of session " + sessionId + " failed to start: " + what);
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                message.append("; exit code ").append(state.getExitCodeLong());
                if (Boolean.TRUE.equals(state.getOOMKilled())) message.append(", killed for using too much memory (OOM)");
                if (state.getError() != null && !state.getError().isBlank()) message.append(", engine error: ").append(state.getError());
            }
        } catch (RuntimeException e) {
            message.append(" (cannot inspect it: ").append(e.getMessage()).append(')');
        }
        String tail = lastLines(docker, containerId);
        if (!tail.isBlank()) message.append("; last output: ").append(tail);
        return new SandboxException(sessionId, message.toString());
    }

    private static String lastLines(DockerClient docker, String containerId) {
        StringBuilder out = new StringBuilder();
        try (var callback = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(TAIL_LINES)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        synchronized (out) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                })) {
            callback.awaitCompletion(5, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        synchronized (out) {
            return out.toString().strip().replace('\n', '|');
        }
    }

    private static final class Watcher extends ResultCallback.Adapter<Frame> {
        private final CountDownLatch done = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean ready;

        @Override
        public void onNext(Frame frame) {
            partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            if (partial.indexOf(READY) >= 0) {
                ready = true;
                done.countDown();
            }
            // Keep only the unfinished last line: the marker is always at the start of a line.
            int newline = partial.lastIndexOf("\n");
            if (newline >= 0) partial.delete(0, newline + 1);
        }

        @Override
        public void onError(Throwable error) {
            done.countDown();
            super.onError(error);
        }

        @Override
        public void onComplete() {
            done.countDown();
            super.onComplete();
        }
    }
}

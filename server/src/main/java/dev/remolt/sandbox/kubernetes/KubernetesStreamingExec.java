package dev.remolt.sandbox.kubernetes;

import dev.remolt.sandbox.StreamingExec;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A non-TTY exec in the sandbox pod with its input and output streamed (fabric8 buffers are
 * bounded). Closing it ends its whole process group ({@link dev.remolt.sandbox.ProcessGroup}): the
 * kubelet would leave it running.
 */
final class KubernetesStreamingExec implements StreamingExec {
    private static final int MAX_STDERR = 8 * 1024;
    private final ExecWatch watch;
    private final ByteArrayOutputStream errors;
    private final Runnable endGroup;

    /** @param endGroup kills what the command started; run after closing, while it still runs */
    KubernetesStreamingExec(ExecWatch watch, ByteArrayOutputStream errors, Runnable endGroup) {
        this.watch = watch;
        this.errors = errors;
        this.endGroup = endGroup;
    }

    /** Collects standard error up to 8 KiB, for error messages. */
    static ByteArrayOutputStream boundedErrors() {
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (count < MAX_STDERR) super.write(b, off, Math.min(len, MAX_STDERR - count));
            }
        };
    }

    @Override
    public OutputStream stdin() {
        return watch.getInput();
    }

    @Override
    public InputStream stdout() {
        return watch.getOutput();
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
        try {
            return watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    @Override
    public String stderr() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        boolean running = !watch.exitCode().isDone();
        watch.close();
        // Off the caller's thread: an HTTP answer or a socket close need not wait for the API server.
        if (running) Thread.ofVirtual().name("exec-end").start(endGroup);
    }
}

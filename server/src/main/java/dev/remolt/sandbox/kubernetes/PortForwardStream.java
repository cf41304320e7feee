package dev.remolt.sandbox.kubernetes;

import dev.remolt.sandbox.StreamingExec;
import io.fabric8.kubernetes.client.PortForward;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to a port on the pod's loopback through the API server's port-forward (a
 * WebSocket, {@code pods/portforward}), as a {@link StreamingExec}: nothing listens on the server's
 * host. Input and output go through two in-memory pipes whose kernel buffers bound what waits: an
 * app that sends faster than the proxy reads holds fabric8's reader back, as does the other way.
 *
 * <p>{@link #waitFor} returns when the forward ended: 0 when it closed normally, 7 (as bash's
 * {@code /dev/tcp} would) when the kubelet reported an error before any byte came back, which is
 * how "nothing listens on that port" looks, 1 after any other error. Closing input does not end
 * the forward (the protocol has no half-close); the app closing the connection does.
 */
final class PortForwardStream implements StreamingExec {
    /** Exit code when the connection could not be made: what the proxy reports as "nothing listens". */
    static final int CONNECTION_REFUSED = 7;
    private static final int MAX_STDERR = 8 * 1024;

    private final Pipe toPort;
    private final Pipe fromPort;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final PortForward forward;

    private PortForwardStream(PodResource pod, int port) throws IOException {
        toPort = Pipe.open();
        fromPort = Pipe.open();
        stdin = Channels.newOutputStream(toPort.sink());
        stdout = Channels.newInputStream(fromPort.source());
        try {
            forward = pod.portForward(port, toPort.source(), new Receiver());
        } catch (RuntimeException e) {
            closePipes();
            throw e;
        }
    }

    /** Starts the forward; it connects in the background, and a failure shows as the end of output. */
    static PortForwardStream open(PodResource pod, int port) throws IOException {
        return new PortForwardStream(pod, port);
    }

    /**
     * What fabric8 writes the port's bytes to. It closes this channel when the forward ends for any
     * reason (the kubelet's error, the WebSocket closing or failing, our close), after recording why.
     */
    private final class Receiver implements WritableByteChannel {
        @Override
        public int write(ByteBuffer bytes) throws IOException {
            int count = fromPort.sink().write(bytes);
            received.addAndGet(count);
            return count;
        }

        @Override
        public boolean isOpen() {
            return fromPort.sink().isOpen();
        }

        @Override
        public void close() throws IOException {
            try {
                fromPort.sink().close();
            } finally {
                ended.complete(null);
            }
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
        if (!forward.errorOccurred()) return 0;
        boolean kubeletError = forward.getServerThrowables().stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).startsWith("Received an error from the remote socket"));
        return kubeletError && received.get() == 0 ? CONNECTION_REFUSED : 1;
    }

    /** Why the forward failed: the kubelet's message ("connection refused" and such) or the WebSocket's error. */
    @Override
    public String stderr() {
        List<Throwable> problems = new ArrayList<>(forward.getServerThrowables());
        problems.addAll(forward.getClientThrowables());
        StringBuilder text = new StringBuilder();
        for (Throwable problem : problems) {
            if (text.length() >= MAX_STDERR) break;
            text.append(problem.getMessage()).append('\n');
        }
        return text.length() > MAX_STDERR ? text.substring(0, MAX_STDERR) : text.toString();
    }

    @Override
    public void close() {
        try {
            forward.close();
        } catch (IOException e) {
            // Ending anyway: the pipes below are what the proxy's threads block on.
        }
        closePipes();
        ended.complete(null);
    }

    private void closePipes() {
        closeQuietly(toPort.sink());
        closeQuietly(fromPort.source());
        closeQuietly(toPort.source());
        closeQuietly(fromPort.sink());
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: it is closed either way.
        }
    }
}

package dev.remolt.sandbox.kubernetes;

import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A tmux client running in the pod under an exec with a TTY. Output is fabric8's redirected
 * stream, which buffers at most about 32 KiB and stops asking the WebSocket for more until it is
 * read: a viewer that does not read holds the exec back instead of growing server memory.
 */
final class ExecTerminalChannel implements TerminalChannel {
    private final ExecWatch watch;
    private final InputStream output;
    private final OutputStream input;
    private volatile boolean closed;

    ExecTerminalChannel(ExecWatch watch) {
        this.watch = watch;
        this.output = watch.getOutput();
        this.input = watch.getInput();
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        try {
            return output.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            // fabric8 reports an exec that ended with a non-zero code, or a stream we closed, as an
            // IOException; for the reader both are the end of output.
            if (closed || watch.exitCode().isDone()) return -1;
            throw e;
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        input.write(data, offset, length);
        input.flush();
    }

    @Override
    public void resize(TerminalSize size) {
        watch.resize(size.cols(), size.rows());
    }

    /** Bytes received from the pod and not yet read; bounded by fabric8's buffer. */
    int buffered() throws IOException {
        return output.available();
    }

    @Override
    public void close() {
        closed = true;
        // Closing the exec's WebSocket ends the tmux client in the pod (SIGHUP on its TTY); tmux goes on.
        watch.close();
    }
}

package dev.remolt.sandbox.local;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A tmux client entered into its sandbox, under a pseudo-terminal from pty4j. */
final class PtyTerminalChannel implements TerminalChannel {
    private final PtyProcess process;
    private final InputStream output;
    private final OutputStream input;

    private PtyTerminalChannel(PtyProcess process) {
        this.process = process;
        this.output = process.getInputStream();
        this.input = process.getOutputStream();
    }

    static PtyTerminalChannel start(List<String> command, TerminalSize size) throws IOException {
        PtyProcess process = new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(SandboxEntry.ENV)
                .setDirectory("/")
                .setInitialColumns(size.cols())
                .setInitialRows(size.rows())
                .setRedirectErrorStream(true)
                .start();
        return new PtyTerminalChannel(process);
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        return output.read(buffer);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        input.write(data, offset, length);
        input.flush();
    }

    @Override
    public void resize(TerminalSize size) {
        process.setWinSize(new WinSize(size.cols(), size.rows()));
    }

    @Override
    public void close() {
        // SIGTERM makes the tmux client detach cleanly; SIGKILL only if it lingers.
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Release the pty's descriptors now rather than whenever the garbage collector runs.
        closeQuietly(input);
        closeQuietly(output);
    }

    private static void closeQuietly(java.io.Closeable stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already closed with the process
        }
    }
}

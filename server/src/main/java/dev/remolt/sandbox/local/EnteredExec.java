package dev.remolt.sandbox.local;

import dev.remolt.sandbox.StreamingExec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A streamed command inside a local sandbox, entered through {@link SandboxEntry} with plain pipes:
 * no file of the sandbox is read or written on the host. It leads its own process group, so
 * closing it ends the command and everything it started.
 */
final class EnteredExec implements StreamingExec {
    private static final int MAX_STDERR = 8 * 1024;

    private final Process process;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;

    private EnteredExec(Process process) {
        this.process = process;
        this.stderrReader = Thread.ofVirtual().start(this::drainStderr);
    }

    static EnteredExec start(List<String> argv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(SandboxEntry.ENV);
        return new EnteredExec(builder.start());
    }

    /** Keeps the first {@value #MAX_STDERR} bytes and reads on, so a chatty command never blocks on a full pipe. */
    private void drainStderr() {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getErrorStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (stderr) {
                    stderr.write(buffer, 0, Math.max(0, Math.min(n, MAX_STDERR - stderr.size())));
                }
            }
        } catch (IOException e) {
            // The process went away; what was read so far is kept.
        }
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public String stderr() {
        try {
            stderrReader.join(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) HostProcesses.killGroup(process.pid());
        process.destroyForcibly();
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
    }

    private static void closeQuietly(java.io.Closeable stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Already closed with the process.
        }
    }
}

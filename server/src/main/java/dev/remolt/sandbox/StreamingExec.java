package dev.remolt.sandbox;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A command running inside a sandbox with its standard input and output streamed, for archives
 * and logs. Close {@link #stdin()} to signal the end of input; read {@link #stdout()} to its end.
 */
public interface StreamingExec extends AutoCloseable {
    OutputStream stdin();

    InputStream stdout();

    /** Waits for the command to finish and returns its exit code; -1 if it did not within the timeout. */
    int waitFor(Duration timeout) throws InterruptedException;

    /** What the command wrote to standard error (bounded), for error messages. */
    String stderr();

    /** Stops the command if it still runs and releases its streams. */
    @Override
    void close();
}

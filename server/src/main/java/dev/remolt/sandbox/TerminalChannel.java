package dev.remolt.sandbox;

import java.io.IOException;

/**
 * One attached tmux client: its output is read in a loop by one thread, its input written by
 * another. Closing it detaches that client only; the session goes on.
 */
public interface TerminalChannel extends AutoCloseable {

    /** Blocks until output is available; returns the count read, or -1 once the client ended. */
    int read(byte[] buffer) throws IOException;

    void write(byte[] data, int offset, int length) throws IOException;

    void resize(TerminalSize size) throws IOException;

    @Override
    void close();
}

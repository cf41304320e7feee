package dev.remolt.bench.client;

import java.io.IOException;

/** A keyboard and a screen on one tmux session: over the web socket, or attached directly. */
public interface Terminal extends AutoCloseable {

    /** Sends keystrokes without waiting for them to be delivered, so a fixed schedule stays fixed. */
    void type(byte[] keys) throws IOException;

    @Override
    void close();
}

package dev.remolt.bench.client;

/** Receives a terminal's output as it arrives, stamped with {@link System#nanoTime()} at arrival. */
@FunctionalInterface
public interface OutputSink {
    void received(byte[] data, int offset, int length, long arrivedNanos);
}

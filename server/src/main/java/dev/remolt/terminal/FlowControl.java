package dev.remolt.terminal;

/**
 * Credit-based flow control for one viewer: reading from its TTY pauses once the bytes sent but
 * not yet acknowledged pass the high watermark, and resumes when acks bring them below the low
 * one. Viewers that never ack run without it; for them a full socket send buffer is the brake.
 */
final class FlowControl {
    static final long HIGH_WATERMARK = 256 * 1024;
    static final long LOW_WATERMARK = 64 * 1024;

    private final boolean enabled;
    private long unacked;
    private boolean closed;

    FlowControl(boolean enabled) {
        this.enabled = enabled;
    }

    synchronized void sent(int bytes) {
        if (enabled) unacked += bytes;
    }

    synchronized void acked(long bytes) {
        if (bytes <= 0) return;
        unacked = Math.max(0, unacked - bytes);
        if (unacked <= LOW_WATERMARK) notifyAll();
    }

    /** Blocks while over the high watermark, until acks bring the count to the low one or close is called. */
    synchronized void awaitCredit() throws InterruptedException {
        if (unacked < HIGH_WATERMARK) return;
        while (!closed && unacked > LOW_WATERMARK) wait();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized long unacked() {
        return unacked;
    }
}

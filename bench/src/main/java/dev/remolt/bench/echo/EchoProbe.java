package dev.remolt.bench.echo;

import dev.remolt.bench.client.OutputSink;
import dev.remolt.bench.client.PrintableText;
import dev.remolt.bench.client.Terminal;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Types one byte every {@link #INTERVAL_NANOS} into {@code cat} on a fixed schedule (open loop:
 * a slow echo never delays the next keystroke) and times each byte until its echo arrives.
 * Keystrokes are symbols that tmux's status line and escape sequences never print, so an echo is
 * told from a redraw; every {@link #CLEAR_EVERY}th slot sends Ctrl-U instead, which erases the
 * line, so the line never wraps and the tty's line buffer never fills.
 */
public final class EchoProbe implements OutputSink {
    static final long INTERVAL_NANOS = 10_000_000;
    static final int CLEAR_EVERY = 40;
    private static final byte[] MARKS = "!&+=^_|{}<>".getBytes();
    private static final byte[] CTRL_U = {0x15};
    private static final long DRAIN_NANOS = 2_000_000_000L;

    private record Sent(int mark, long nanos) {}

    private final PrintableText printable = new PrintableText();
    private final ConcurrentLinkedQueue<Sent> pending = new ConcurrentLinkedQueue<>();
    private volatile Histogram histogram;
    private long lost;
    private int nextMark;

    /** Runs {@code slots} slots on {@code terminal}, recording into {@code into}; returns echoes never seen. */
    public long run(Terminal terminal, int slots, Histogram into) throws IOException {
        synchronized (this) {
            lost = 0;
            histogram = into;
        }
        long first = System.nanoTime() + INTERVAL_NANOS;
        for (int slot = 0; slot < slots; slot++) {
            long due = first + slot * INTERVAL_NANOS;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
            if (slot % CLEAR_EVERY == CLEAR_EVERY - 1) {
                terminal.type(CTRL_U);
                continue;
            }
            byte mark = MARKS[nextMark++ % MARKS.length];
            pending.add(new Sent(mark, System.nanoTime()));
            terminal.type(new byte[] {mark});
        }
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (!pending.isEmpty() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
        synchronized (this) {
            lost += pending.size();
            pending.clear();
            histogram = null;
            return lost;
        }
    }

    @Override
    public synchronized void received(byte[] data, int offset, int length, long arrivedNanos) {
        printable.feed(data, offset, length, c -> matched(c, arrivedNanos));
    }

    /** The first pending keystroke with this mark is echoed; any pending before it were lost on the way. */
    private void matched(int c, long arrivedNanos) {
        Histogram into = histogram;
        if (into == null) return;
        Sent match = pending.stream().filter(s -> s.mark() == c).findFirst().orElse(null);
        if (match == null) return;
        while (pending.poll() != match) lost++;
        into.recordValueWithExpectedInterval(arrivedNanos - match.nanos(), INTERVAL_NANOS);
    }
}

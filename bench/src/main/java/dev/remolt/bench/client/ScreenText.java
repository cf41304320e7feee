package dev.remolt.bench.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * An {@link OutputSink} that keeps the printable text seen so far and the arrival time of the
 * chunk that first made it contain what a caller waits for (the shell prompt, an echoed command).
 */
public final class ScreenText implements OutputSink {
    /** What bash prints last in its prompt; PERF.md's "first prompt byte". */
    public static final String PROMPT = "$ ";

    private final PrintableText printable = new PrintableText();
    private final StringBuilder text = new StringBuilder();
    /** Per chunk: the text's length after it, and when it arrived. */
    private final List<long[]> chunks = new ArrayList<>();
    private long lastArrival;

    @Override
    public synchronized void received(byte[] data, int offset, int length, long arrivedNanos) {
        printable.feed(data, offset, length, c -> text.append((char) c));
        chunks.add(new long[] {text.length(), arrivedNanos});
        lastArrival = arrivedNanos;
        notifyAll();
    }

    /** Waits until the text holds {@code wanted}; returns the arrival time of the chunk that completed it. */
    public synchronized long await(String wanted, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int found;
        while ((found = text.indexOf(wanted)) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no \"" + wanted + "\" within " + timeout.toMillis() + " ms; last text: "
                        + text.substring(Math.max(0, text.length() - 300)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        int end = found + wanted.length();
        return chunks.stream().filter(c -> c[0] >= end).findFirst().orElseThrow()[1];
    }

    /** Waits until no output has arrived for {@code quiet}, at most {@code timeout}: the screen has settled. */
    public synchronized void awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long since = System.nanoTime() - Math.max(lastArrival, start);
            if (since >= quiet.toNanos()) return;
            wait(Math.max(1, (quiet.toNanos() - since) / 1_000_000));
        }
    }

    public synchronized void clear() {
        text.setLength(0);
        chunks.clear();
    }
}

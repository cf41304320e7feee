package dev.remolt.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** One variant of a row and its latencies, recorded in nanoseconds. */
public record Measurement(String variant, Role role, Histogram histogram, long lost) {

    /** What a variant is to its row: the thing judged, the floor it is compared with, or a part of either. */
    public enum Role { SUBJECT, BASELINE, PHASE }

    public static Histogram newHistogram() {
        // Up to a minute at three significant digits: start-up and echo both fit.
        return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    public static Measurement of(String variant, Role role, Histogram histogram) {
        return new Measurement(variant, role, histogram, 0);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100), in milliseconds. */
    public double millisAt(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMillis() {
        return histogram.getMaxValue() / 1e6;
    }

    public double meanMillis() {
        return histogram.getMean() / 1e6;
    }
}

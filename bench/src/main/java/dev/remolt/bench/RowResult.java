package dev.remolt.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one row measured: its variants (subject, baseline, phases), the verdict on its target, and
 * notes for figures that are not latencies (memory, counts) or for why a row did not run.
 */
public record RowResult(String row, List<Measurement> measurements, Verdict verdict, List<String> notes) {

    public RowResult(String row, List<Measurement> measurements, Verdict verdict) {
        this(row, measurements, verdict, List.of());
    }

    /** A row that could not run here, and why. */
    public static RowResult skipped(String row, String target, String why) {
        return new RowResult(row, List.of(), Verdict.notJudged(target, "not run: " + why), List.of());
    }

    public Optional<Measurement> baseline() {
        return measurements.stream().filter(m -> m.role() == Measurement.Role.BASELINE).findFirst();
    }

    /** {@code measured / baseline} at one percentile, or empty when the row has no baseline. */
    public Optional<Double> ratio(Measurement measured, double percentile) {
        return baseline().filter(b -> b.millisAt(percentile) > 0 && b.count() > 0 && measured.count() > 0)
                .map(b -> measured.millisAt(percentile) / b.millisAt(percentile));
    }
}

package dev.remolt.bench;

import java.util.List;
import java.util.Optional;

/** What one row measured: its variants (subject, baseline, phases) and the verdict on its target. */
public record RowResult(String row, List<Measurement> measurements, Verdict verdict) {

    public Optional<Measurement> baseline() {
        return measurements.stream().filter(m -> m.role() == Measurement.Role.BASELINE).findFirst();
    }

    /** {@code measured / baseline} at one percentile, or empty when the row has no baseline. */
    public Optional<Double> ratio(Measurement measured, double percentile) {
        return baseline().filter(b -> b.millisAt(percentile) > 0)
                .map(b -> measured.millisAt(percentile) / b.millisAt(percentile));
    }
}

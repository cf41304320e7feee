package dev.remolt.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** The plain-text table a run prints: one line per variant, ratios to the row's baseline, the verdict. */
final class ResultTable {
    private static final String FORMAT = "%-17s %-22s %6s %9s %9s %9s %7s %7s  %-4s %s%n";

    private ResultTable() {}

    static void print(PrintStream out, Machine machine, List<RowResult> results) {
        out.println("machine: " + machine);
        out.printf(FORMAT, "row", "variant", "n", "p50 ms", "p95 ms", "p99 ms", "x p50", "x p99", "met", "target");
        for (RowResult result : results) {
            if (result.measurements().isEmpty()) {
                out.printf(FORMAT, result.row(), "-", "", "", "", "", "", "", result.verdict().label(),
                        result.verdict().target() + " -- " + result.verdict().detail());
            }
            for (Measurement m : result.measurements()) {
                boolean subject = m.role() == Measurement.Role.SUBJECT;
                boolean phase = m.role() == Measurement.Role.PHASE;
                out.printf(FORMAT, phase ? "" : result.row(), m.variant(), m.count(),
                        millis(m.millisAt(50)), millis(m.millisAt(95)), millis(m.millisAt(99)),
                        phase ? "" : ratio(result.ratio(m, 50)), phase ? "" : ratio(result.ratio(m, 99)),
                        subject ? result.verdict().label() : "",
                        subject ? result.verdict().target() + " -- " + result.verdict().detail() : "");
            }
            for (String note : result.notes()) out.printf("%-17s   %s%n", "", note);
        }
    }

    private static String millis(double value) {
        return value >= 100 ? "%.0f".formatted(value) : value >= 10 ? "%.1f".formatted(value) : "%.3f".formatted(value);
    }

    private static String ratio(Optional<Double> value) {
        return value.map(v -> "%.2f".formatted(v)).orElse("");
    }
}

package dev.remolt.bench;

/**
 * A row's target as PERF.md states it, and whether this run met it, with the figures that decided.
 * A row that could not be judged (skipped, or bounded below its target's scale) says so instead of
 * claiming a pass or a miss.
 */
public record Verdict(String target, Outcome outcome, String detail) {

    public enum Outcome { MET, MISSED, NOT_JUDGED }

    public Verdict(String target, boolean met, String detail) {
        this(target, met ? Outcome.MET : Outcome.MISSED, detail);
    }

    public static Verdict notJudged(String target, String detail) {
        return new Verdict(target, Outcome.NOT_JUDGED, detail);
    }

    public boolean met() {
        return outcome == Outcome.MET;
    }

    /** What the table prints in its "met" column. */
    public String label() {
        return switch (outcome) {
            case MET -> "yes";
            case MISSED -> "NO";
            case NOT_JUDGED -> "n/a";
        };
    }
}

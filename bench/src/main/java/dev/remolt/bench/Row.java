package dev.remolt.bench;

/** One row of the suite in PERF.md: measures its subject against a baseline, interleaved, and judges its target. */
public interface Row {

    /** The row's id in PERF.md, such as {@code echo.idle}; what {@code bench/run} takes as an argument. */
    String id();

    /** Measures on the shared lab; must stop by itself and leave no session or sandbox behind. */
    RowResult run(Lab lab) throws Exception;
}

package dev.remolt.bench;

import dev.remolt.bench.browser.BrowserRenderRow;
import dev.remolt.bench.echo.EchoFloodRow;
import dev.remolt.bench.echo.EchoIdleRow;
import dev.remolt.bench.flood.FloodCtrlCRow;
import dev.remolt.bench.flood.FloodStalledRow;
import dev.remolt.bench.load.CapacityRow;
import dev.remolt.bench.load.ChurnRow;
import dev.remolt.bench.load.MemIdleRow;
import dev.remolt.bench.session.ReconnectRow;
import dev.remolt.bench.start.ColdStartDockerRow;
import dev.remolt.bench.start.ColdStartLocalRow;
import dev.remolt.bench.start.StartWarmRow;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the rows of PERF.md named on the command line, or all of them, against one real server,
 * prints the table and writes the results file. Usage: {@code Bench [row ...]}.
 */
public final class Bench {
    /** Every row this harness knows, in suite order; a new row is one class and one line here. */
    private static final Map<String, Supplier<Row>> ROWS = new LinkedHashMap<>();

    static {
        add(ColdStartLocalRow::new);
        add(() -> new StartWarmRow(false));
        add(() -> new StartWarmRow(true));
        add(ColdStartDockerRow::new);
        add(EchoIdleRow::new);
        add(EchoFloodRow::new);
        add(FloodCtrlCRow::new);
        add(FloodStalledRow::new);
        add(ReconnectRow::new);
        add(MemIdleRow::new);
        add(ChurnRow::new);
        add(CapacityRow::new);
        add(BrowserRenderRow::new);
    }

    /** The whole suite must end by itself; past this, the run stops and still cleans up. */
    private static final long DEADLINE_MS = 15 * 60_000;

    private Bench() {}

    private static void add(Supplier<Row> row) {
        ROWS.put(row.get().id(), row);
    }

    public static void main(String[] args) throws Exception {
        List<Row> rows = select(args);
        PrintStream table = System.out;
        // The server writes its analytics events to stdout; stdout is the table's alone.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Path project = Path.of(System.getProperty("remolt.project.dir", "")).toAbsolutePath();
        Instant started = Instant.now();
        Machine machine = Machine.current();
        List<RowResult> results = new ArrayList<>();
        try (Lab lab = Lab.start(project.resolve("agents"), System.err)) {
            Runtime.getRuntime().addShutdownHook(new Thread(lab::close, "bench-cleanup"));
            startWatchdog(lab);
            for (Row row : rows) {
                lab.progress("running %s ...", row.id());
                long start = System.nanoTime();
                try {
                    results.add(row.run(lab));
                } catch (Exception e) {
                    // One row failing must not lose the others' figures: it is reported as not judged.
                    lab.progress("%s failed: %s", row.id(), e);
                    e.printStackTrace();
                    results.add(RowResult.skipped(row.id(), "(see PERF.md)", "failed: " + e));
                }
                lab.progress("%s done in %.1f s", row.id(), (System.nanoTime() - start) / 1e9);
            }
        }
        ResultTable.print(table, machine, results);
        Path file = ResultsFile.write(project.resolve("bench/results"), started, machine, results);
        table.println("results: " + project.relativize(file));
        System.exit(0);
    }

    private static List<Row> select(String[] args) {
        if (args.length == 0) return ROWS.values().stream().map(Supplier::get).toList();
        List<Row> rows = new ArrayList<>();
        for (String id : args) {
            Supplier<Row> row = ROWS.get(id);
            if (row == null) {
                System.err.println("unknown row " + id + "; known rows: " + String.join(", ", ROWS.keySet()));
                System.exit(2);
            }
            rows.add(row.get());
        }
        return rows;
    }

    private static void startWatchdog(Lab lab) {
        Thread.ofPlatform().daemon().name("bench-deadline").start(() -> {
            try {
                Thread.sleep(DEADLINE_MS);
            } catch (InterruptedException e) {
                return;
            }
            lab.progress("the suite ran past %d s; stopping (the shutdown hook cleans up)", DEADLINE_MS / 1000);
            System.exit(3);
        });
    }
}

package dev.remolt.bench.load;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.ServerProcess;
import dev.remolt.bench.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code mem.idle}: a server in its own JVM (local runtime); sessions created and attached (one
 * Remolt viewer each, at its prompt, then idle) up to N = 50, 100, 200. At each N, after a full GC,
 * the server's heap in use and RSS against the same server with no session (after one warm-up
 * session, so class loading is not counted): the difference over N is the cost of one session.
 */
public final class MemIdleRow implements Row {
    private static final int[] STEPS = {50, 100, 200};
    private static final long TIME_CAP_NANOS = 150_000_000_000L;

    @Override
    public String id() {
        return "mem.idle";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        Histogram attach = Measurement.newHistogram();
        List<String> notes = new ArrayList<>();
        double heapPer = Double.NaN;
        double rssPer = Double.NaN;
        int reached = 0;
        try (ServerProcess server = lab.serverProcess("mem-idle", Map.of())) {
            try (Sessions warm = new Sessions(server.sessions(), lab.sockets(), server::terminalUri)) {
                warm.growTo(2, null, Measurement.newHistogram());
            }
            Thread.sleep(1000);
            long heap0 = server.heapAfterGc();
            long rss0 = server.rss();
            long threads0 = server.threads();
            notes.add("no session: heap %.1f MB, RSS %.1f MB, %d threads".formatted(heap0 / 1e6, rss0 / 1e6, threads0));
            long start = System.nanoTime();
            try (Sessions sessions = new Sessions(server.sessions(), lab.sockets(), server::terminalUri)) {
                for (int n : STEPS) {
                    if (System.nanoTime() - start > TIME_CAP_NANOS) {
                        notes.add("stopped before N=%d: past the row's %d s".formatted(n, TIME_CAP_NANOS / 1_000_000_000L));
                        break;
                    }
                    sessions.growTo(n, null, attach);
                    Thread.sleep(2000);
                    long heap = server.heapAfterGc();
                    long rss = server.rss();
                    heapPer = (heap - heap0) / (double) n;
                    rssPer = (rss - rss0) / (double) n;
                    reached = n;
                    lab.progress("mem.idle: N=%d heap +%.1f KB/session, RSS +%.1f KB/session", n, heapPer / 1024, rssPer / 1024);
                    notes.add("N=%d: heap %.1f MB (+%.1f KB/session), RSS %.1f MB (+%.0f KB/session), %d threads, %d fds, disconnects %d"
                            .formatted(n, heap / 1e6, heapPer / 1024, rss / 1e6, rssPer / 1024, server.threads(), server.fds(),
                                    sessions.disconnects()));
                }
            }
        }
        Measurement subject = Measurement.of("create+attach to prompt", Role.SUBJECT, attach);
        boolean met = reached > 0 && heapPer <= 100 * 1024 && rssPer <= 512 * 1024;
        return new RowResult(id(), List.of(subject), new Verdict("<= 100 KB heap, <= 0.5 MB RSS per idle attached session", met,
                "at N=%d: %.1f KB heap, %.0f KB RSS per session".formatted(reached, heapPer / 1024, rssPer / 1024)), notes);
    }
}

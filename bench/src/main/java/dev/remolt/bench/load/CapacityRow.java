package dev.remolt.bench.load;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.ServerProcess;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.bench.echo.EchoProbe;
import dev.remolt.sandbox.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code capacity}: a server in its own JVM; N sessions each running a producer of about 40 KB/s
 * (Coder's load profile: 40 lines of 100 bytes every 100 ms), each with one Remolt viewer reading
 * it all. N ramps 10, 25, 50, 100, 150, 200; at each step an idle session's echo (one byte every
 * 10 ms to {@code cat}, 3 s) is probed. The ramp stops at echo p99 > 50 ms, > 1 % disconnects,
 * N = 200 or two minutes, whichever comes first. Baseline: the same probe at N = 0.
 */
public final class CapacityRow implements Row {
    static final String PRODUCER = "perl -e '$|=1; my $l=\"x\" x 90; my $n=0; while(1){ for(1..40){ printf(\"%08d %s\\n\",$n++,$l) } "
            + "select(undef,undef,undef,0.1) }'";
    private static final int[] STEPS = {10, 25, 50, 100, 150, 200};
    private static final int PROBE_SLOTS = 300;
    private static final long TIME_CAP_NANOS = 120_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String id() {
        return "capacity";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        List<Measurement> all = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Histogram attach = Measurement.newHistogram();
        int knee = 0;
        boolean kneeFound = false;
        String stop = "reached N=200 (the bound of this suite)";
        Measurement atKnee = null;
        try (ServerProcess server = lab.serverProcess("capacity", Map.of())) {
            SessionsApi.Created probeSession = server.sessions().createShell();
            EchoProbe probe = new EchoProbe();
            ScreenText screen = new ScreenText();
            try (TerminalSocketClient probeClient = TerminalSocketClient.connect(lab.sockets(),
                    server.terminalUri(probeSession.wsUrl()), (d, o, l, t) -> {
                        screen.received(d, o, l, t);
                        probe.received(d, o, l, t);
                    });
                 Sessions load = new Sessions(server.sessions(), lab.sockets(), server::terminalUri)) {
                probeClient.resize(120, 30);
                screen.await(ScreenText.PROMPT, TIMEOUT);
                probeClient.type("cat\r".getBytes(StandardCharsets.US_ASCII));
                screen.await("cat", TIMEOUT);
                screen.awaitQuiet(Duration.ofMillis(200), TIMEOUT);
                probe.run(probeClient, 100, Measurement.newHistogram());
                Histogram zero = Measurement.newHistogram();
                probe.run(probeClient, PROBE_SLOTS, zero);
                Measurement baseline = Measurement.of("echo at N=0", Role.BASELINE, zero);
                long heap0 = server.heapAfterGc();
                long rss0 = server.rss();
                long start = System.nanoTime();
                List<Measurement> steps = new ArrayList<>();
                for (int n : STEPS) {
                    if (System.nanoTime() - start > TIME_CAP_NANOS) {
                        stop = "stopped before N=%d: past the row's two minutes".formatted(n);
                        break;
                    }
                    load.growTo(n, PRODUCER, attach);
                    Thread.sleep(1000);
                    long bytes0 = load.bytesReceived();
                    long t0 = System.nanoTime();
                    Histogram h = Measurement.newHistogram();
                    long lost = probe.run(probeClient, PROBE_SLOTS, h);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double perViewer = (load.bytesReceived() - bytes0) / seconds / n;
                    Measurement m = new Measurement("echo at N=" + n, Role.PHASE, h, lost);
                    steps.add(m);
                    long rss = server.rss();
                    double cpu = loadAverage();
                    notes.add("N=%d: echo p50 %.2f / p99 %.2f ms, lost %d, disconnects %d, viewer receives %.1f KB/s, server RSS %.0f MB (+%.0f KB/session), load avg %.1f"
                            .formatted(n, m.millisAt(50), m.millisAt(99), lost, load.disconnects(), perViewer / 1024, rss / 1e6,
                                    (rss - rss0) / 1024.0 / n, cpu));
                    lab.progress("capacity: %s", notes.getLast());
                    boolean bad = m.millisAt(99) > 50 || load.disconnects() > n / 100.0 || lost > PROBE_SLOTS / 100;
                    if (bad) {
                        kneeFound = true;
                        stop = "knee: echo p99 %.1f ms, %d disconnects at N=%d".formatted(m.millisAt(99), load.disconnects(), n);
                        break;
                    }
                    knee = n;
                    atKnee = m;
                }
                long heap = server.heapAfterGc();
                notes.add("heap after GC with %d producing sessions: %.1f MB (+%.1f KB/session)".formatted(load.size(), heap / 1e6,
                        load.size() == 0 ? 0 : (heap - heap0) / 1024.0 / load.size()));
                probeClient.type(new byte[] {0x03});
                if (atKnee != null) all.add(new Measurement("echo at knee N=" + knee, Role.SUBJECT, atKnee.histogram(), atKnee.lost()));
                all.add(baseline);
                all.addAll(steps);
                all.add(Measurement.of("create+attach to prompt", Role.PHASE, attach));
            } finally {
                server.sessions().delete(probeSession.sessionId());
            }
        }
        notes.addFirst(stop);
        return new RowResult(id(), all, knee >= 500 || kneeFound
                ? new Verdict(">= 500 sessions at 40 KB/s (echo p99 <= 50 ms, <= 1 % disconnects)", knee >= 500,
                        "knee at N=%d (the last step that held)".formatted(knee))
                : knee >= 500
                ? new Verdict(">= 500 sessions at 40 KB/s (echo p99 <= 50 ms, <= 1 % disconnects)", true, "knee >= " + knee)
                : Verdict.notJudged(">= 500 sessions at 40 KB/s (echo p99 <= 50 ms, <= 1 % disconnects)",
                        "held up to N=%d (ramp bounded at 200 / 2 min, so 500 is not tested)".formatted(knee)), notes);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }
}

package dev.remolt.bench.echo;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.OutputSink;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.Terminal;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.bench.echo.Viewers.Variant;
import dev.remolt.bench.wetty.Wetty;
import dev.remolt.sandbox.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code echo.flood}: echo.idle's probe on window 0 ({@code cat}) while window 1 of the same
 * session runs {@code yes}, watched by its own Remolt viewer that reads as fast as it can. The
 * flood and its viewer stay the same for every variant; the probe takes turns in blocks through
 * Remolt's socket, the direct attach and wetty (when installed), each attached alone.
 */
public final class EchoFloodRow implements Row {
    private static final int WARMUP_SLOTS = 100;
    private static final int BLOCKS = 6;
    private static final int SLOTS_PER_BLOCK = 200;
    private static final TerminalSize SIZE = new TerminalSize(120, 30);
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String id() {
        return "echo.flood";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        List<Variant> variants = new ArrayList<>(List.of(Variant.SOCKET, Variant.DIRECT));
        boolean wettyHere = Wetty.installed(lab.projectDir()).isPresent();
        if (wettyHere) variants.add(Variant.WETTY);
        Histogram[] into = new Histogram[Variant.values().length];
        long[] lost = new long[Variant.values().length];
        for (Variant v : Variant.values()) into[v.ordinal()] = Measurement.newHistogram();
        AtomicLong floodBytes = new AtomicLong();
        long floodStart;
        long floodEnd;
        SessionsApi.Created session = lab.sessions().createShell();
        Wetty wetty = null;
        try {
            EchoIdleRow.startCat(lab, session);
            int window = lab.sessions().openTerminal(session.sessionId());
            ScreenText floodScreen = new ScreenText();
            try (TerminalSocketClient flood = TerminalSocketClient.connect(lab.sockets(),
                    lab.terminalUri(session.wsUrl() + "?window=" + window),
                    (data, offset, length, at) -> {
                        floodBytes.addAndGet(length);
                        if (floodScreen != null && floodBytes.get() < 100_000) floodScreen.received(data, offset, length, at);
                    })) {
                flood.resize(SIZE.cols(), SIZE.rows());
                floodScreen.await(ScreenText.PROMPT, TIMEOUT);
                flood.type("yes\r".getBytes(StandardCharsets.US_ASCII));
                floodScreen.await("yyyyyyyy", TIMEOUT);
                if (wettyHere) wetty = Wetty.start(lab, Wetty.attachCommand(lab, session.sessionId()));
                floodStart = System.nanoTime();
                long bytesAtStart = floodBytes.get();
                for (Variant v : variants) block(lab, session, wetty, v, WARMUP_SLOTS, Measurement.newHistogram(), new long[1]);
                for (int b = 0; b < BLOCKS; b++) {
                    for (Variant v : variants) {
                        long[] l = new long[1];
                        block(lab, session, wetty, v, SLOTS_PER_BLOCK, into[v.ordinal()], l);
                        lost[v.ordinal()] += l[0];
                    }
                }
                floodEnd = System.nanoTime();
                floodBytes.addAndGet(-bytesAtStart);
                flood.type(new byte[] {0x03});
            }
        } finally {
            if (wetty != null) wetty.close();
            lab.sessions().delete(session.sessionId());
        }
        Measurement subject = new Measurement("websocket", Role.SUBJECT, into[Variant.SOCKET.ordinal()], lost[Variant.SOCKET.ordinal()]);
        Measurement baseline = new Measurement("direct attach", Role.BASELINE, into[Variant.DIRECT.ordinal()], lost[Variant.DIRECT.ordinal()]);
        List<Measurement> all = new ArrayList<>(List.of(subject, baseline));
        Measurement wettyM = null;
        if (wettyHere) {
            wettyM = new Measurement("wetty", Role.PHASE, into[Variant.WETTY.ordinal()], lost[Variant.WETTY.ordinal()]);
            all.add(wettyM);
        }
        double seconds = (floodEnd - floodStart) / 1e9;
        List<String> notes = List.of("flood viewer (window 1, yes) received %.1f MB/s of tmux screen updates during the probes"
                .formatted(floodBytes.get() / 1e6 / seconds));
        return new RowResult(id(), all, verdict(subject, baseline, wettyM), notes);
    }

    private static void block(Lab lab, SessionsApi.Created session, Wetty wetty, Variant variant, int slots,
                              Histogram into, long[] lost) throws Exception {
        ScreenText screen = new ScreenText();
        EchoProbe probe = new EchoProbe();
        OutputSink both = (data, offset, length, at) -> {
            screen.received(data, offset, length, at);
            probe.received(data, offset, length, at);
        };
        try (Terminal terminal = Viewers.open(variant, lab.sockets(), lab.terminalUri(session.wsUrl()), lab.runtime(),
                session.sessionId(), wetty, SIZE, both)) {
            screen.awaitQuiet(SETTLE, TIMEOUT);
            terminal.type(new byte[] {0x15});
            screen.awaitQuiet(SETTLE, TIMEOUT);
            lost[0] += probe.run(terminal, slots, into);
        }
    }

    private static Verdict verdict(Measurement subject, Measurement baseline, Measurement wetty) {
        double p99 = subject.millisAt(99);
        boolean ahead = wetty == null || subject.millisAt(99) <= wetty.millisAt(99);
        boolean met = p99 <= 50 && ahead && subject.lost() == 0;
        String vsWetty = wetty == null ? "wetty not installed" : "wetty p50 %.2f / p99 %.2f ms".formatted(wetty.millisAt(50), wetty.millisAt(99));
        return new Verdict("p99 <= 50 ms; ahead of wetty", met, "p99 %.2f ms (%.2fx direct), %s%s".formatted(
                p99, p99 / baseline.millisAt(99), vsWetty,
                subject.lost() + baseline.lost() == 0 ? "" : ", lost %d ws / %d direct".formatted(subject.lost(), baseline.lost())));
    }
}

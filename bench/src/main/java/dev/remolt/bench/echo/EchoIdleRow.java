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
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code echo.idle}: one byte every 10 ms to {@code cat} in an idle session, timed from send to
 * echo at a WebSocket client on loopback, against the runtime's direct attach to the same tmux.
 * The two take turns in blocks, each attached alone, so neither pays for the other's client.
 */
public final class EchoIdleRow implements Row {
    private static final int WARMUP_SLOTS = 200;
    private static final int BLOCKS = 14;
    private static final int SLOTS_PER_BLOCK = 160;
    private static final TerminalSize SIZE = new TerminalSize(120, 30);
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);


    private final Histogram socket = Measurement.newHistogram();
    private final Histogram direct = Measurement.newHistogram();
    private final Histogram wettyHistogram = Measurement.newHistogram();
    private final long[] lost = new long[Variant.values().length];
    private Wetty wetty;

    @Override
    public String id() {
        return "echo.idle";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        SessionsApi.Created session = lab.sessions().createShell();
        boolean wettyHere = Wetty.installed(lab.projectDir()).isPresent();
        try {
            startCat(lab, session);
            if (wettyHere) wetty = Wetty.start(lab, Wetty.attachCommand(lab, session.sessionId()));
            block(lab, session, Variant.SOCKET, WARMUP_SLOTS, Measurement.newHistogram());
            block(lab, session, Variant.DIRECT, WARMUP_SLOTS, Measurement.newHistogram());
            if (wettyHere) block(lab, session, Variant.WETTY, WARMUP_SLOTS, Measurement.newHistogram());
            java.util.Arrays.fill(lost, 0);
            for (int i = 0; i < BLOCKS; i++) {
                block(lab, session, Variant.SOCKET, SLOTS_PER_BLOCK, socket);
                block(lab, session, Variant.DIRECT, SLOTS_PER_BLOCK, direct);
                if (wettyHere) block(lab, session, Variant.WETTY, SLOTS_PER_BLOCK, wettyHistogram);
            }
        } finally {
            if (wetty != null) wetty.close();
            lab.sessions().delete(session.sessionId());
        }
        Measurement subject = new Measurement("websocket", Role.SUBJECT, socket, lost[Variant.SOCKET.ordinal()]);
        Measurement baseline = new Measurement("direct attach", Role.BASELINE, direct, lost[Variant.DIRECT.ordinal()]);
        if (!wettyHere) return new RowResult(id(), List.of(subject, baseline), verdict(subject, baseline, null));
        Measurement peer = new Measurement("wetty", Role.PHASE, wettyHistogram, lost[Variant.WETTY.ordinal()]);
        return new RowResult(id(), List.of(subject, baseline, peer), verdict(subject, baseline, peer));
    }

    static void startCat(Lab lab, SessionsApi.Created session) throws Exception {
        ScreenText screen = new ScreenText();
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(lab.sockets(),
                lab.terminalUri(session.wsUrl()), screen)) {
            screen.await(ScreenText.PROMPT, TIMEOUT);
            terminal.type("cat\r".getBytes(StandardCharsets.US_ASCII));
            screen.await("cat", TIMEOUT);
            screen.awaitQuiet(SETTLE, TIMEOUT);
        }
    }

    /** Attaches one variant alone, lets its first screen settle, clears the line, and probes. */
    private void block(Lab lab, SessionsApi.Created session, Variant variant, int slots, Histogram into)
            throws Exception {
        ScreenText screen = new ScreenText();
        EchoProbe probe = new EchoProbe();
        OutputSink both = (data, offset, length, at) -> {
            screen.received(data, offset, length, at);
            probe.received(data, offset, length, at);
        };
        try (Terminal terminal = open(lab, session, variant, both)) {
            screen.awaitQuiet(SETTLE, TIMEOUT);
            terminal.type(new byte[] {0x15});
            screen.awaitQuiet(SETTLE, TIMEOUT);
            lost[variant.ordinal()] += probe.run(terminal, slots, into);
        }
    }

    private Terminal open(Lab lab, SessionsApi.Created session, Variant variant, OutputSink sink)
            throws Exception {
        return Viewers.open(variant, lab.sockets(), lab.terminalUri(session.wsUrl()), lab.runtime(),
                session.sessionId(), wetty, SIZE, sink);
    }

    private static Verdict verdict(Measurement subject, Measurement baseline, Measurement wetty) {
        double p50 = subject.millisAt(50);
        double p99 = subject.millisAt(99);
        double ratio = p50 / baseline.millisAt(50);
        boolean ahead = wetty == null || (p50 <= wetty.millisAt(50) && p99 <= wetty.millisAt(99));
        boolean met = ratio <= 1.5 && p50 <= 2 && p99 <= 10 && ahead;
        String peer = wetty == null ? " (wetty not installed)"
                : "; wetty p50 %.2f / p99 %.2f ms".formatted(wetty.millisAt(50), wetty.millisAt(99));
        String lostNote = subject.lost() + baseline.lost() == 0 ? ""
                : ", lost echoes %d ws / %d direct".formatted(subject.lost(), baseline.lost());
        return new Verdict("p50 <= 1.5x direct and <= 2 ms; p99 <= 10 ms; ahead of wetty", met,
                "p50 %.2f ms = %.2fx direct, p99 %.2f ms%s%s".formatted(p50, ratio, p99, peer, lostNote));
    }
}

package dev.remolt.bench.session;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.DirectTerminal;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.sandbox.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code reconnect}: a viewer prints a fresh marker ({@code echo RC-$((n))-OK} shows {@code RC-n-OK}
 * only in the command's output), then its socket is dropped without a close handshake; timed from
 * starting the new connection to the marker on the new screen. Baseline: the direct attach to the
 * same screen. Interleaved, each sample with its own marker.
 */
public final class ReconnectRow implements Row {
    private static final int WARMUP = 3;
    private static final int SAMPLES = 25;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Histogram socket = Measurement.newHistogram();
    private final Histogram upgrade = Measurement.newHistogram();
    private final Histogram direct = Measurement.newHistogram();

    @Override
    public String id() {
        return "reconnect";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        SessionsApi.Created session = lab.sessions().createShell();
        try {
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                boolean record = i >= WARMUP;
                String marker = printMarkerAndDrop(lab, session, 2 * i);
                ScreenText screen = new ScreenText();
                long start = System.nanoTime();
                try (TerminalSocketClient client = TerminalSocketClient.connect(lab.sockets(), lab.terminalUri(session.wsUrl()), screen)) {
                    long upgraded = System.nanoTime();
                    long seen = screen.await(marker, TIMEOUT);
                    if (record) {
                        socket.recordValue(seen - start);
                        upgrade.recordValue(upgraded - start);
                    }
                }
                marker = printMarkerAndDrop(lab, session, 2 * i + 1);
                ScreenText direct = new ScreenText();
                start = System.nanoTime();
                try (DirectTerminal terminal = DirectTerminal.attach(lab.runtime(), session.sessionId(), TerminalSize.DEFAULT, direct)) {
                    long seen = direct.await(marker, TIMEOUT);
                    if (record) this.direct.recordValue(seen - start);
                }
            }
        } finally {
            lab.sessions().delete(session.sessionId());
        }
        Measurement subject = Measurement.of("websocket", Role.SUBJECT, socket);
        Measurement baseline = Measurement.of("direct attach", Role.BASELINE, direct);
        double p95 = subject.millisAt(95);
        return new RowResult(id(), List.of(subject, Measurement.of("  ws upgrade (101)", Role.PHASE, upgrade), baseline),
                new Verdict("p95 <= 300 ms", p95 <= 300, "p95 %.1f ms (%.2fx direct)".formatted(p95, p95 / baseline.millisAt(95))));
    }

    /** Prints marker {@code n} through a socket, waits for it, then drops that socket abruptly. */
    private static String printMarkerAndDrop(Lab lab, SessionsApi.Created session, int n) throws Exception {
        String marker = "RC-" + (1000 + n) + "-OK";
        ScreenText screen = new ScreenText();
        TerminalSocketClient client = TerminalSocketClient.connect(lab.sockets(), lab.terminalUri(session.wsUrl()), screen);
        try {
            screen.await(ScreenText.PROMPT, TIMEOUT);
            client.type(("clear; echo RC-$((1000+" + n + "))-OK\r").getBytes(StandardCharsets.US_ASCII));
            screen.await(marker, TIMEOUT);
            screen.awaitQuiet(Duration.ofMillis(50), TIMEOUT);
        } finally {
            client.drop();
        }
        return marker;
    }
}

package dev.remolt.bench.flood;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.Terminal;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.bench.echo.Viewers;
import dev.remolt.bench.echo.Viewers.Variant;
import dev.remolt.bench.wetty.Wetty;
import dev.remolt.sandbox.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code flood.ctrlc}: {@code yes} floods the terminal for half a second, then Ctrl-C; timed from
 * sending it to the shell's prompt on the screen. The prompt is set to a string ({@code CC> }) that
 * neither {@code yes} nor tmux prints, and the screen is cleared before Ctrl-C, so only the new
 * prompt counts. Interleaved: Remolt's socket, direct attach, wetty (when installed).
 */
public final class FloodCtrlCRow implements Row {
    private static final int WARMUP = 2;
    private static final int SAMPLES = 15;
    private static final String PROMPT = "CC> ";
    private static final TerminalSize SIZE = new TerminalSize(120, 30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long FLOOD_MS = 500;

    @Override
    public String id() {
        return "flood.ctrlc";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        List<Variant> variants = new ArrayList<>(List.of(Variant.SOCKET, Variant.DIRECT));
        boolean wettyHere = Wetty.installed(lab.projectDir()).isPresent();
        if (wettyHere) variants.add(Variant.WETTY);
        Histogram[] into = new Histogram[Variant.values().length];
        for (Variant v : Variant.values()) into[v.ordinal()] = Measurement.newHistogram();
        int[] timeouts = new int[Variant.values().length];
        SessionsApi.Created session = lab.sessions().createShell();
        Wetty wetty = null;
        try {
            ScreenText screen = new ScreenText();
            try (TerminalSocketClient setup = TerminalSocketClient.connect(lab.sockets(), lab.terminalUri(session.wsUrl()), screen)) {
                screen.await(ScreenText.PROMPT, TIMEOUT);
                setup.type("PS1='C''C> '\r".getBytes(StandardCharsets.US_ASCII));
                screen.await(PROMPT, TIMEOUT);
            }
            if (wettyHere) wetty = Wetty.start(lab, Wetty.attachCommand(lab, session.sessionId()));
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                for (Variant v : variants) {
                    Histogram target = i < WARMUP ? Measurement.newHistogram() : into[v.ordinal()];
                    if (!sample(lab, session, wetty, v, target)) timeouts[v.ordinal()]++;
                }
            }
        } finally {
            if (wetty != null) wetty.close();
            lab.sessions().delete(session.sessionId());
        }
        Measurement subject = Measurement.of("websocket", Role.SUBJECT, into[Variant.SOCKET.ordinal()]);
        Measurement baseline = Measurement.of("direct attach", Role.BASELINE, into[Variant.DIRECT.ordinal()]);
        List<Measurement> all = new ArrayList<>(List.of(subject, baseline));
        String peer = " (wetty not installed)";
        if (wettyHere) {
            Measurement w = Measurement.of("wetty", Role.PHASE, into[Variant.WETTY.ordinal()]);
            all.add(w);
            peer = "; wetty p95 %.1f ms".formatted(w.millisAt(95));
        }
        double p95 = subject.millisAt(95);
        boolean met = p95 <= 300 && timeouts[Variant.SOCKET.ordinal()] == 0;
        String missing = timeouts[0] + timeouts[1] + timeouts[2] == 0 ? ""
                : ", no prompt within 10 s: %d ws / %d direct / %d wetty".formatted(timeouts[0], timeouts[1], timeouts[2]);
        return new RowResult(id(), all, new Verdict("p95 <= 300 ms", met,
                "p95 %.1f ms (%.2fx direct)%s%s".formatted(p95, p95 / baseline.millisAt(95), peer, missing)));
    }

    /** One flood and Ctrl-C on a fresh attach of {@code variant}; false when the prompt never came back. */
    private static boolean sample(Lab lab, SessionsApi.Created session, Wetty wetty, Variant variant, Histogram into)
            throws Exception {
        ScreenText screen = new ScreenText();
        try (Terminal terminal = Viewers.open(variant, lab.sockets(), lab.terminalUri(session.wsUrl()), lab.runtime(),
                session.sessionId(), wetty, SIZE, screen)) {
            screen.await(PROMPT, TIMEOUT);
            screen.awaitQuiet(Duration.ofMillis(100), TIMEOUT);
            terminal.type("yes\r".getBytes(StandardCharsets.US_ASCII));
            screen.await("yyyyyyyyyyyy", TIMEOUT);
            Thread.sleep(FLOOD_MS);
            screen.clear();
            long sent = System.nanoTime();
            terminal.type(new byte[] {0x03});
            try {
                long prompt = screen.await(PROMPT, TIMEOUT);
                into.recordValue(Math.max(0, prompt - sent));
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                terminal.type(new byte[] {0x03});
                return false;
            } finally {
                screen.awaitQuiet(Duration.ofMillis(100), TIMEOUT);
            }
        }
    }
}

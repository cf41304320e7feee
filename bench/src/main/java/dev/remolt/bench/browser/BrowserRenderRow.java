package dev.remolt.bench.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.DirectTerminal;
import dev.remolt.bench.client.OutputSink;
import dev.remolt.bench.client.PrintableText;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.bench.wetty.Wetty;
import dev.remolt.sandbox.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code browser.render}: headless Chromium (Playwright) with xterm.js from the app's own
 * node_modules, attached to one tmux session through Remolt's socket ({@code flow=ack}, acked after
 * xterm parsed each chunk) and, when installed, through wetty; {@code head -c 15000000 /dev/urandom
 * | base64} (20 MB) then a marker, timed until the marker is in xterm's buffer; then three times
 * {@code yes} and Ctrl-C, timed until the prompt is back at the cursor. Baseline for the 20 MB: the
 * direct attach until the same marker. Interleaved Remolt, wetty, direct; one browser per run.
 */
public final class BrowserRenderRow implements Row {
    private static final int RUNS = 3;
    private static final long BYTES = 20_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "browser.render";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        String target = "20 MB completes, no data dropped, Ctrl-C responsive (p95 <= 300 ms); ahead of wetty";
        Path script = lab.projectDir().resolve("bench/browser/render.mjs");
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) return RowResult.skipped(id(), target, "no /usr/bin/chromium");
        if (!Files.isDirectory(lab.projectDir().resolve("app/node_modules/playwright-core"))) {
            return RowResult.skipped(id(), target, "app/node_modules/playwright-core is missing (npm ci in app/)");
        }
        boolean wettyHere = Wetty.installed(lab.projectDir()).isPresent();
        Histogram remolt = Measurement.newHistogram();
        Histogram remoltCtrlC = Measurement.newHistogram();
        Histogram wettyRender = Measurement.newHistogram();
        Histogram wettyCtrlC = Measurement.newHistogram();
        Histogram direct = Measurement.newHistogram();
        List<String> notes = new ArrayList<>();
        int failures = 0;
        int wettyFailures = 0;
        long remoltReceived = 0;
        long wettyReceived = 0;
        SessionsApi.Created session = lab.sessions().createShell();
        Wetty wetty = null;
        try {
            ScreenText screen = new ScreenText();
            try (TerminalSocketClient c = TerminalSocketClient.connect(lab.sockets(), lab.terminalUri(session.wsUrl()), screen)) {
                screen.await(ScreenText.PROMPT, Duration.ofSeconds(10));
            }
            if (wettyHere) wetty = Wetty.start(lab, Wetty.attachCommand(lab, session.sessionId()));
            for (int run = 0; run < RUNS; run++) {
                JsonNode r = browser(lab, script, Map.of("mode", "remolt", "origin", lab.baseUri().toString(),
                        "wsPath", session.wsUrl()));
                if (!record(r, remolt, remoltCtrlC)) {
                    failures++;
                    notes.add("remolt run %d: %s".formatted(run, r));
                }
                remoltReceived = Math.max(remoltReceived, r.path("received").asLong());
                if (wetty != null) {
                    JsonNode w = browser(lab, script, Map.of("mode", "wetty", "origin", wetty.pageOrigin(), "wsPath", ""));
                    if (!record(w, wettyRender, wettyCtrlC)) {
                        wettyFailures++;
                        notes.add("wetty run %d: %s".formatted(run, w));
                    }
                    wettyReceived = Math.max(wettyReceived, w.path("received").asLong());
                }
                direct.recordValue(directRun(lab, session.sessionId()));
            }
        } finally {
            if (wetty != null) wetty.close();
            lab.sessions().delete(session.sessionId());
        }
        List<Measurement> all = new ArrayList<>();
        Measurement subject = Measurement.of("chromium via remolt", Role.SUBJECT, remolt);
        all.add(subject);
        all.add(Measurement.of("direct attach", Role.BASELINE, direct));
        if (wettyHere) all.add(Measurement.of("chromium via wetty", Role.PHASE, wettyRender));
        Measurement ctrlc = Measurement.of("ctrl-c via remolt", Role.PHASE, remoltCtrlC);
        all.add(ctrlc);
        if (wettyHere) all.add(Measurement.of("ctrl-c via wetty", Role.PHASE, wettyCtrlC));
        notes.addFirst("bytes that reached the page (tmux sends screen updates, not the 20 MB): remolt %.1f MB, wetty %s"
                .formatted(remoltReceived / 1e6, wettyHere ? "%.1f MB".formatted(wettyReceived / 1e6) : "not installed"));
        boolean ahead = !wettyHere || wettyRender.getTotalCount() == 0 || subject.millisAt(50) <= wettyRender.getValueAtPercentile(50) / 1e6;
        boolean met = failures == 0 && remolt.getTotalCount() == RUNS && ctrlc.millisAt(95) <= 300 && ahead;
        return new RowResult(id(), all, new Verdict(target, met,
                "%d/%d runs saw the end marker; ctrl-c p95 %.0f ms; 20 MB p50 %.0f ms vs wetty %s".formatted(
                        remolt.getTotalCount(), RUNS, ctrlc.millisAt(95), subject.millisAt(50),
                        wettyHere ? "%.0f ms (%d failed)".formatted(wettyRender.getValueAtPercentile(50) / 1e6, wettyFailures)
                                : "not installed")), notes);
    }

    private static boolean record(JsonNode r, Histogram render, Histogram ctrlc) {
        double ms = r.path("renderMs").asDouble(-1);
        if (ms < 0 || r.has("error")) return false;
        render.recordValue((long) (ms * 1e6));
        boolean ok = true;
        for (JsonNode c : r.path("ctrlcMs")) {
            if (c.asDouble() < 0) ok = false;
            else ctrlc.recordValue((long) (c.asDouble() * 1e6));
        }
        return ok;
    }

    private static JsonNode browser(Lab lab, Path script, Map<String, String> settings) throws Exception {
        Map<String, Object> args = new java.util.HashMap<>(settings);
        args.put("bytes", BYTES);
        args.put("projectDir", lab.projectDir().toString());
        Process node = new ProcessBuilder("node", script.toString(), JSON.writeValueAsString(args))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(180, TimeUnit.SECONDS)) throw new IllegalStateException("the browser run did not end");
            String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
            return JSON.readTree(last);
        } finally {
            node.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
    }

    /** The same 20 MB through the direct attach; nanoseconds until the end marker arrived. */
    private static long directRun(Lab lab, String sessionId) throws Exception {
        MarkerWatch watch = new MarkerWatch("END-42-MARK");
        try (DirectTerminal terminal = DirectTerminal.attach(lab.runtime(), sessionId, new TerminalSize(120, 30), watch)) {
            Thread.sleep(300);
            // The screen may still show the last run's marker: clear it, then start watching.
            terminal.type("clear\r".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300);
            watch.arm();
            long start = System.nanoTime();
            terminal.type(("head -c %d /dev/urandom | base64 -w 100; echo END-$((6*7))-MARK\r".formatted(BYTES * 3 / 4))
                    .getBytes(StandardCharsets.US_ASCII));
            return watch.await(120_000) - start;
        }
    }

    /** Watches printable output for a marker without keeping it all. */
    private static final class MarkerWatch implements OutputSink {
        private final PrintableText printable = new PrintableText();
        private final String marker;
        private final StringBuilder tail = new StringBuilder();
        private long seen;
        private boolean armed;

        synchronized void arm() {
            armed = true;
            tail.setLength(0);
        }

        MarkerWatch(String marker) {
            this.marker = marker;
        }

        @Override
        public synchronized void received(byte[] data, int offset, int length, long arrivedNanos) {
            if (seen != 0) return;
            printable.feed(data, offset, length, c -> {
                if (armed) tail.append((char) c);
            });
            if (tail.indexOf(marker) >= 0) {
                seen = arrivedNanos;
                notifyAll();
            }
            if (tail.length() > 256) tail.delete(0, tail.length() - 64);
        }

        synchronized long await(long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (seen == 0 && System.currentTimeMillis() < deadline) wait(100);
            if (seen == 0) throw new IllegalStateException("direct attach never showed the end marker");
            return seen;
        }
    }
}

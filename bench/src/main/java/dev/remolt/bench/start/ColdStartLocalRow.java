package dev.remolt.bench.start;

import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.session.SessionIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code start.cold.local}: POST /api/sessions to the first prompt byte on the terminal socket,
 * against raw bwrap+tmux to prompt, interleaved A B A B. Each part of both paths is kept too, so
 * a missed target says where the time went; the runtime's create alone is a third interleaved
 * sample, splitting POST into the runtime and the web layer around it.
 */
public final class ColdStartLocalRow implements Row {
    private static final int WARMUP = 3;
    private static final int SAMPLES = 30;
    private static final Duration PROMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final double TARGET_P50_MS = 80;
    private static final double TARGET_RATIO = 1.5;

    private final Histogram remolt = Measurement.newHistogram();
    private final Histogram post = Measurement.newHistogram();
    private final Histogram upgrade = Measurement.newHistogram();
    private final Histogram firstPrompt = Measurement.newHistogram();
    private final Histogram runtimeCreate = Measurement.newHistogram();
    private final Histogram raw = Measurement.newHistogram();
    private final Histogram rawSocket = Measurement.newHistogram();
    private final Histogram rawPrompt = Measurement.newHistogram();

    @Override
    public String id() {
        return "start.cold.local";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        Agent shell = AgentCatalog.load(lab.agentsDir()).find("shell").orElseThrow();
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            boolean record = i >= WARMUP;
            measureServer(lab, record);
            measureRaw(lab, i, record);
            measureRuntimeCreate(lab, shell, record);
        }
        Measurement subject = Measurement.of("remolt", Role.SUBJECT, remolt);
        Measurement baseline = Measurement.of("raw bwrap+tmux", Role.BASELINE, raw);
        List<Measurement> all = List.of(subject,
                Measurement.of("  POST /api/sessions", Role.PHASE, post),
                Measurement.of("    runtime.create alone", Role.PHASE, runtimeCreate),
                Measurement.of("  ws upgrade (101)", Role.PHASE, upgrade),
                Measurement.of("  101 to prompt", Role.PHASE, firstPrompt),
                baseline,
                Measurement.of("  bwrap to socket", Role.PHASE, rawSocket),
                Measurement.of("  attach to prompt", Role.PHASE, rawPrompt));
        return new RowResult(id(), all, verdict(subject, baseline));
    }

    private void measureServer(Lab lab, boolean record) throws Exception {
        ScreenText screen = new ScreenText();
        long start = System.nanoTime();
        SessionsApi.Created session = lab.sessions().createShell();
        try {
            long created = System.nanoTime();
            try (TerminalSocketClient socket = TerminalSocketClient.connect(lab.sockets(),
                    lab.terminalUri(session.wsUrl()), screen)) {
                long upgraded = System.nanoTime();
                long prompt = screen.await(ScreenText.PROMPT, PROMPT_TIMEOUT);
                if (!record) return;
                remolt.recordValue(prompt - start);
                post.recordValue(created - start);
                upgrade.recordValue(upgraded - created);
                firstPrompt.recordValue(Math.max(0, prompt - upgraded));
            }
        } finally {
            lab.sessions().delete(session.sessionId());
        }
    }

    private void measureRaw(Lab lab, int index, boolean record) throws Exception {
        ScreenText screen = new ScreenText();
        RawSandbox sandbox = lab.track(RawSandbox.prepare(lab.scratchFolder("raw-" + index)));
        try {
            long start = System.nanoTime();
            sandbox.startAndAwaitSocket();
            long socket = System.nanoTime();
            sandbox.attach(screen);
            long prompt = screen.await(ScreenText.PROMPT, PROMPT_TIMEOUT);
            if (!record) return;
            raw.recordValue(prompt - start);
            rawSocket.recordValue(socket - start);
            rawPrompt.recordValue(prompt - socket);
        } finally {
            sandbox.close();
            lab.untrack(sandbox);
        }
    }

    /** The runtime's create on its own, no HTTP or session manager: what POST spends outside it is the web layer's. */
    private void measureRuntimeCreate(Lab lab, Agent shell, boolean record) throws Exception {
        String id = SessionIds.next();
        long start = System.nanoTime();
        try {
            lab.runtime().create(new SandboxSpec(id, "bench", shell, Map.of(), Instant.now().getEpochSecond()));
            if (record) runtimeCreate.recordValue(System.nanoTime() - start);
        } finally {
            lab.runtime().destroy(id);
        }
    }

    private static Verdict verdict(Measurement subject, Measurement baseline) {
        double p50 = subject.millisAt(50);
        double ratio = p50 / baseline.millisAt(50);
        boolean met = p50 <= TARGET_P50_MS && ratio <= TARGET_RATIO;
        return new Verdict("p50 <= 80 ms; <= 1.5x raw", met, "p50 %.1f ms, %.2fx raw".formatted(p50, ratio));
    }
}

package dev.remolt.bench.start;

import dev.remolt.bench.DockerEngine;
import dev.remolt.bench.ExtraServer;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * {@code start.warm} (local) and {@code start.warm.docker}: a second server with
 * {@code REMOLT_WARM_POOL=1}; before each sample the pool is given time to be ready again
 * ({@code pool().readyCount}), then POST /api/sessions and the terminal socket, until the first
 * prompt byte. Baseline: the runtime's direct attach to an already running sandbox of that server,
 * until its prompt shows; a Remolt socket attach to that running session is kept as a phase (the
 * part of a warm start no pool can remove). Interleaved.
 */
public final class StartWarmRow implements Row {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final double TARGET_P50_MS = 50;

    private final boolean docker;
    private final int samples;
    private final LaunchTiming launch = new LaunchTiming();
    private final Histogram socketRunning = Measurement.newHistogram();
    private final Histogram direct = Measurement.newHistogram();
    private final Histogram refill = Measurement.newHistogram();

    public StartWarmRow(boolean docker) {
        this.docker = docker;
        this.samples = docker ? 12 : 25;
    }

    @Override
    public String id() {
        return docker ? "start.warm.docker" : "start.warm";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        String target = "p50 <= 50 ms (pool ready before each sample)";
        Map<String, String> settings = new HashMap<>(Map.of("REMOLT_WARM_POOL", "1"));
        if (docker) {
            Optional<String> why = DockerEngine.unusable(List.of("remolt-shell"));
            if (why.isPresent()) return RowResult.skipped(id(), target, why.get());
            settings.putAll(DockerEngine.serverSettings(lab.projectDir()));
        }
        try (ExtraServer warm = lab.extraServer(docker ? "warm-docker" : "warm-local", settings)) {
            awaitPool(warm, Duration.ofSeconds(120));
            SessionsApi.Created running = warm.sessions().createShell();
            try {
                ScreenText first = new ScreenText();
                try (TerminalSocketClient c = TerminalSocketClient.connect(lab.sockets(), warm.terminalUri(running.wsUrl()), first)) {
                    first.await(ScreenText.PROMPT, TIMEOUT);
                }
                for (int i = 0; i < 2 + samples; i++) {
                    boolean record = i >= 2;
                    long waited = System.nanoTime();
                    awaitPool(warm, Duration.ofSeconds(60));
                    if (record) refill.recordValue(System.nanoTime() - waited);
                    Thread.sleep(docker ? 300 : 100); // let the refill's last steps (its tmux, bash) go quiet
                    launch.measure(lab, warm, TIMEOUT, record);
                    measureDirect(warm, running.sessionId(), record);
                    measureSocketRunning(lab, warm, running, record);
                }
            } finally {
                warm.sessions().delete(running.sessionId());
            }
        }
        Measurement subject = Measurement.of("remolt (pooled)", Role.SUBJECT, launch.total);
        Measurement baseline = Measurement.of("direct attach, running", Role.BASELINE, direct);
        List<Measurement> all = launch.lines(subject, List.of(
                Measurement.of("ws attach, running", Role.PHASE, socketRunning),
                baseline,
                Measurement.of("pool refill wait", Role.PHASE, refill)));
        double p50 = subject.millisAt(50);
        return new RowResult(id(), all, new Verdict(target, p50 <= TARGET_P50_MS,
                "p50 %.1f ms (%.2fx direct attach to a running sandbox)".formatted(p50, p50 / baseline.millisAt(50))));
    }

    private static void awaitPool(ExtraServer warm, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (warm.server().pool().readyCount("shell") < 1) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the warm pool was not ready within " + timeout);
            Thread.sleep(5);
        }
    }

    private void measureDirect(ExtraServer warm, String sessionId, boolean record) throws Exception {
        ScreenText screen = new ScreenText();
        long start = System.nanoTime();
        try (DirectTerminal terminal = DirectTerminal.attach(warm.server().runtime(), sessionId, TerminalSize.DEFAULT, screen)) {
            long seen = screen.await(ScreenText.PROMPT, TIMEOUT);
            if (record) direct.recordValue(seen - start);
        }
    }

    private void measureSocketRunning(Lab lab, ExtraServer warm, SessionsApi.Created running, boolean record) throws Exception {
        ScreenText screen = new ScreenText();
        long start = System.nanoTime();
        try (TerminalSocketClient socket = TerminalSocketClient.connect(lab.sockets(), warm.terminalUri(running.wsUrl()), screen)) {
            long seen = screen.await(ScreenText.PROMPT, TIMEOUT);
            if (record) socketRunning.recordValue(seen - start);
        }
    }
}

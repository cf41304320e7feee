package dev.remolt.bench.start;

import com.github.dockerjava.api.DockerClient;
import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.bench.DockerEngine;
import dev.remolt.bench.ExtraServer;
import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * {@code start.cold.docker}: a server on the docker runtime without a pool, POST /api/sessions to
 * the first prompt on the terminal socket, against raw Engine API create+start+ready+exec to the
 * prompt ({@link RawContainer}), interleaved; every container is removed after its sample.
 */
public final class ColdStartDockerRow implements Row {
    private static final int WARMUP = 2;
    private static final int SAMPLES = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LaunchTiming launch = new LaunchTiming();
    private final Histogram raw = Measurement.newHistogram();
    private final Histogram rawCreate = Measurement.newHistogram();
    private final Histogram rawStart = Measurement.newHistogram();
    private final Histogram rawReady = Measurement.newHistogram();
    private final Histogram rawPrompt = Measurement.newHistogram();

    @Override
    public String id() {
        return "start.cold.docker";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        String target = "<= 1.1x raw create+start+exec; p50 <= 400 ms";
        Optional<String> why = DockerEngine.unusable(List.of("remolt-shell"));
        if (why.isPresent()) return RowResult.skipped(id(), target, why.get());
        Agent shell = AgentCatalog.load(lab.agentsDir()).find("shell").orElseThrow();
        try (DockerClient docker = DockerEngine.open();
             ExtraServer server = lab.extraServer("cold-docker", DockerEngine.serverSettings(lab.projectDir()))) {
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                boolean record = i >= WARMUP;
                launch.measure(lab, server, TIMEOUT, record);
                measureRaw(docker, shell, record);
            }
        }
        Measurement subject = Measurement.of("remolt", Role.SUBJECT, launch.total);
        Measurement baseline = Measurement.of("raw engine API", Role.BASELINE, raw);
        List<Measurement> all = launch.lines(subject, List.of(
                baseline,
                Measurement.of("  create", Role.PHASE, rawCreate),
                Measurement.of("  start", Role.PHASE, rawStart),
                Measurement.of("  log to ready", Role.PHASE, rawReady),
                Measurement.of("  exec to prompt", Role.PHASE, rawPrompt)));
        double p50 = subject.millisAt(50);
        double ratio = p50 / baseline.millisAt(50);
        return new RowResult(id(), all, new Verdict(target, ratio <= 1.1 && p50 <= 400,
                "p50 %.0f ms, %.2fx raw".formatted(p50, ratio)));
    }

    private void measureRaw(DockerClient docker, Agent shell, boolean record) throws Exception {
        ScreenText screen = new ScreenText();
        try (RawContainer container = new RawContainer(docker)) {
            long start = System.nanoTime();
            container.create(shell);
            long created = System.nanoTime();
            container.start();
            long started = System.nanoTime();
            container.awaitReady(TIMEOUT.toMillis());
            long ready = System.nanoTime();
            container.attach(screen);
            long seen = screen.await(ScreenText.PROMPT, TIMEOUT);
            if (!record) return;
            raw.recordValue(seen - start);
            rawCreate.recordValue(created - start);
            rawStart.recordValue(started - created);
            rawReady.recordValue(ready - started);
            rawPrompt.recordValue(seen - ready);
        }
    }
}

package dev.remolt.bench.start;

import dev.remolt.bench.ExtraServer;
import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One launch through the API, as a user sees it: POST /api/sessions, then the terminal socket,
 * until the prompt shows; timed whole and in its three phases. The session is deleted after.
 */
final class LaunchTiming {
    final Histogram total = Measurement.newHistogram();
    private final Histogram post = Measurement.newHistogram();
    private final Histogram upgrade = Measurement.newHistogram();
    private final Histogram prompt = Measurement.newHistogram();

    void measure(Lab lab, ExtraServer server, Duration timeout, boolean record) throws Exception {
        ScreenText screen = new ScreenText();
        long start = System.nanoTime();
        SessionsApi.Created session = server.sessions().createShell();
        try {
            long created = System.nanoTime();
            try (TerminalSocketClient socket = TerminalSocketClient.connect(lab.sockets(), server.terminalUri(session.wsUrl()), screen)) {
                long upgraded = System.nanoTime();
                long seen = screen.await(ScreenText.PROMPT, timeout);
                if (!record) return;
                total.recordValue(seen - start);
                post.recordValue(created - start);
                upgrade.recordValue(upgraded - created);
                prompt.recordValue(Math.max(0, seen - upgraded));
            }
        } finally {
            server.sessions().delete(session.sessionId());
        }
    }

    /** The row's lines: {@code subject}, this launch's three phases under it, then {@code rest}. */
    List<Measurement> lines(Measurement subject, List<Measurement> rest) {
        List<Measurement> lines = new ArrayList<>(List.of(subject,
                Measurement.of("  POST /api/sessions", Role.PHASE, post),
                Measurement.of("  ws upgrade (101)", Role.PHASE, upgrade),
                Measurement.of("  101 to prompt", Role.PHASE, prompt)));
        lines.addAll(rest);
        return lines;
    }
}

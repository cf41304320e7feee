package dev.remolt.bench.load;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.ServerProcess;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.DirectTerminal;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.sandbox.TerminalSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code churn}: 1,000 attach/detach cycles of a Remolt socket on one session of a server in its
 * own JVM: connect, wait for the prompt on the screen (the attach time), close. Every fifth cycle a
 * direct attach does the same (the baseline). Before and after (given up to 30 s to wind down):
 * the server's threads, file descriptors, host tmux client processes, and tmux's own client count.
 */
public final class ChurnRow implements Row {
    private static final int CYCLES = 1000;
    private static final int DIRECT_EVERY = 5;
    private static final long TIME_CAP_NANOS = 150_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private record Counts(long threads, long fds, long tmuxProcesses, long tmuxClients) {
        boolean within(Counts base) {
            return threads <= base.threads + 2 && fds <= base.fds + 2 && tmuxProcesses <= base.tmuxProcesses
                    && tmuxClients <= base.tmuxClients;
        }

        @Override
        public String toString() {
            return "%d threads, %d fds, %d tmux client processes, %d tmux clients".formatted(threads, fds, tmuxProcesses, tmuxClients);
        }
    }

    @Override
    public String id() {
        return "churn";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        Histogram socket = Measurement.newHistogram();
        Histogram direct = Measurement.newHistogram();
        List<String> notes = new ArrayList<>();
        int done = 0;
        boolean back;
        try (ServerProcess server = lab.serverProcess("churn", Map.of())) {
            SessionsApi.Created session = server.sessions().createShell();
            try {
                for (int i = 0; i < 20; i++) cycle(lab, server, session, Measurement.newHistogram());
                Thread.sleep(2000);
                Counts before = counts(server, session.sessionId());
                long start = System.nanoTime();
                for (; done < CYCLES && System.nanoTime() - start < TIME_CAP_NANOS; done++) {
                    cycle(lab, server, session, socket);
                    if (done % DIRECT_EVERY == 0) {
                        ScreenText screen = new ScreenText();
                        long t0 = System.nanoTime();
                        try (DirectTerminal t = DirectTerminal.attach(server.runtime(), session.sessionId(), TerminalSize.DEFAULT, screen)) {
                            direct.recordValue(screen.await(ScreenText.PROMPT, TIMEOUT) - t0);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Counts after = counts(server, session.sessionId());
                long settleStart = System.nanoTime();
                while (!(back = after.within(before)) && System.nanoTime() - settleStart < 30_000_000_000L) {
                    Thread.sleep(500);
                    after = counts(server, session.sessionId());
                }
                notes.add("%d cycles in %.0f s; before: %s".formatted(done, seconds, before));
                notes.add("after (%.1f s to settle): %s%s".formatted((System.nanoTime() - settleStart) / 1e9, after,
                        back ? "" : "  <-- not back to baseline"));
            } finally {
                server.sessions().delete(session.sessionId());
            }
        }
        Measurement subject = Measurement.of("websocket attach", Role.SUBJECT, socket);
        Measurement baseline = Measurement.of("direct attach", Role.BASELINE, direct);
        double p50 = subject.millisAt(50);
        return new RowResult(id(), List.of(subject, baseline), new Verdict(
                "attach p50 <= 100 ms; threads, fds, tmux clients back to baseline", p50 <= 100 && back && done == CYCLES,
                "p50 %.1f ms (%.2fx direct), %d cycles, %s".formatted(p50, p50 / baseline.millisAt(50), done,
                        back ? "back to baseline" : "LEAK (see notes)")), notes);
    }

    private static void cycle(Lab lab, ServerProcess server, SessionsApi.Created session, Histogram into) throws Exception {
        ScreenText screen = new ScreenText();
        long start = System.nanoTime();
        try (TerminalSocketClient client = TerminalSocketClient.connect(lab.sockets(), server.terminalUri(session.wsUrl()), screen)) {
            into.recordValue(screen.await(ScreenText.PROMPT, TIMEOUT) - start);
        }
    }

    private static Counts counts(ServerProcess server, String sessionId) throws Exception {
        return new Counts(server.threads(), server.fds(), server.tmuxClientProcesses(), server.tmuxClients(sessionId));
    }
}

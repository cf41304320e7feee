package dev.remolt.bench.flood;

import dev.remolt.bench.Lab;
import dev.remolt.bench.Measurement;
import dev.remolt.bench.Measurement.Role;
import dev.remolt.bench.Row;
import dev.remolt.bench.RowResult;
import dev.remolt.bench.ServerProcess;
import dev.remolt.bench.Verdict;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.bench.echo.EchoProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code flood.stalled}: a server in its own JVM; window 1 of a session runs {@code yes} with one
 * healthy Remolt viewer reading it all; window 0 runs {@code cat} under an echo probe. Rounds
 * alternate: without stalled viewers, then with two on the flooding window (a raw socket that
 * never reads after its handshake, and a {@code flow=ack} client that reads but never acks).
 * Measured in each round, after a full GC: the server's heap and RSS; and the probe's echo.
 */
public final class FloodStalledRow implements Row {
    private static final int ROUNDS = 3;
    private static final int SLOTS = 200;
    private static final int STALLED = 2;
    private static final long HIGH_WATERMARK = 256 * 1024;
    private static final long FRAME = 16 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String id() {
        return "flood.stalled";
    }

    @Override
    public RowResult run(Lab lab) throws Exception {
        Histogram alone = Measurement.newHistogram();
        Histogram stalled = Measurement.newHistogram();
        long[] heapAlone = new long[ROUNDS];
        long[] heapStalled = new long[ROUNDS];
        long[] rssAlone = new long[ROUNDS];
        long[] rssStalled = new long[ROUNDS];
        long[] heapHealthy = new long[ROUNDS];
        long ackClientBytes = 0;
        AtomicLong healthyBytes = new AtomicLong();
        long lostAlone = 0;
        long lostStalled = 0;
        try (ServerProcess server = lab.serverProcess("stalled", Map.of())) {
            SessionsApi.Created session = server.sessions().createShell();
            try {
                int window = server.sessions().openTerminal(session.sessionId());
                String floodPath = session.wsUrl() + "?window=" + window;
                EchoProbe probe = new EchoProbe();
                ScreenText screen = new ScreenText();
                ScreenText floodScreen = new ScreenText();
                try (TerminalSocketClient echo = TerminalSocketClient.connect(lab.sockets(), server.terminalUri(session.wsUrl()),
                        (d, o, l, t) -> {
                            screen.received(d, o, l, t);
                            probe.received(d, o, l, t);
                        });
                     TerminalSocketClient flood = TerminalSocketClient.connect(lab.sockets(), server.terminalUri(floodPath),
                             (d, o, l, t) -> {
                                 if (healthyBytes.addAndGet(l) < 100_000) floodScreen.received(d, o, l, t);
                             })) {
                    echo.resize(120, 30);
                    screen.await(ScreenText.PROMPT, TIMEOUT);
                    echo.type("cat\r".getBytes(StandardCharsets.US_ASCII));
                    screen.await("cat", TIMEOUT);
                    floodScreen.await(ScreenText.PROMPT, TIMEOUT);
                    flood.type("yes\r".getBytes(StandardCharsets.US_ASCII));
                    floodScreen.await("yyyyyyyy", TIMEOUT);
                    probe.run(echo, 100, Measurement.newHistogram());
                    for (int round = 0; round < ROUNDS; round++) {
                        lostAlone += probe.run(echo, SLOTS, alone);
                        heapAlone[round] = server.heapAfterGc();
                        rssAlone[round] = server.rss();
                        // Control: two extra viewers of the flood that keep up (one plain, one acking), so
                        // what a viewer costs anyway is told apart from what stalling costs.
                        try (TerminalSocketClient plain = TerminalSocketClient.connect(lab.sockets(),
                                server.terminalUri(floodPath), (d, o, l, t) -> {});
                             AckingClient acking = AckingClient.connect(lab, server.terminalUri(floodPath + "&flow=ack"))) {
                            Thread.sleep(1500);
                            heapHealthy[round] = server.heapAfterGc();
                        }
                        Thread.sleep(500);
                        AtomicLong acked = new AtomicLong();
                        try (StalledSocket raw = new StalledSocket(server.terminalUri("/").getPort(), floodPath);
                             TerminalSocketClient noAcks = TerminalSocketClient.connect(lab.sockets(),
                                     server.terminalUri(floodPath + "&flow=ack"), (d, o, l, t) -> acked.addAndGet(l))) {
                            Thread.sleep(1500); // both fill up: the raw one's TCP window, the other's 256 KiB of credit
                            lostStalled += probe.run(echo, SLOTS, stalled);
                            heapStalled[round] = server.heapAfterGc();
                            rssStalled[round] = server.rss();
                            ackClientBytes = Math.max(ackClientBytes, acked.get());
                        }
                        Thread.sleep(500);
                    }
                    flood.type(new byte[] {0x03});
                    echo.type(new byte[] {0x03});
                }
            } finally {
                server.sessions().delete(session.sessionId());
            }
        }
        long heapGrowth = median(heapStalled) - median(heapAlone);
        long viewerCost = median(heapHealthy) - median(heapAlone);
        long stallCost = median(heapStalled) - median(heapHealthy);
        long rssGrowth = median(rssStalled) - median(rssAlone);
        long bound = STALLED * (HIGH_WATERMARK + FRAME);
        Measurement subject = new Measurement("echo, 2 stalled viewers", Role.SUBJECT, stalled, lostStalled);
        Measurement baseline = new Measurement("echo, none stalled", Role.BASELINE, alone, lostAlone);
        double p99 = subject.millisAt(99);
        double p99Base = baseline.millisAt(99);
        boolean echoOk = p99 <= Math.max(1.5 * p99Base, p99Base + 5);
        boolean memOk = stallCost <= bound;
        List<String> notes = List.of(
                "server heap after GC, median of %d rounds: %.1f MB alone, %.1f MB with stalled viewers: %+.0f KB (bound %d KB = 2 x (256 KiB watermark + 16 KiB frame))"
                        .formatted(ROUNDS, median(heapAlone) / 1e6, median(heapStalled) / 1e6, heapGrowth / 1024.0, bound / 1024),
                "two viewers that keep up cost %+.0f KB of heap; stalling them instead costs %+.0f KB more (judged against the bound)"
                        .formatted(viewerCost / 1024.0, stallCost / 1024.0),
                "server RSS: %.1f MB alone, %.1f MB with stalled viewers: %+.0f KB (JVM RSS moves with GC and arenas; heap is the judge)"
                        .formatted(median(rssAlone) / 1e6, median(rssStalled) / 1e6, rssGrowth / 1024.0),
                "the flow=ack client that never acks received %d KB before the server paused it (watermark 256 KiB + one 16 KiB frame)"
                        .formatted(ackClientBytes / 1024));
        return new RowResult(id(), List.of(subject, baseline), new Verdict(
                "heap for 2 stalled viewers (beyond 2 that keep up) <= 2 x (watermark + frame); other viewer's echo p99 unaffected (<= 1.5x or +5 ms)",
                echoOk && memOk, "stall costs %+.0f KB heap (bound %d KB; %+.0f KB with the viewers' own cost), echo p99 %.2f vs %.2f ms alone"
                        .formatted(stallCost / 1024.0, bound / 1024, heapGrowth / 1024.0, p99, p99Base)),
                notes);
    }

    /** A flow=ack viewer that acks every frame at once, as a browser tab that keeps up does. */
    private static final class AckingClient implements AutoCloseable {
        private final TerminalSocketClient client;

        private AckingClient(TerminalSocketClient client) {
            this.client = client;
        }

        static AckingClient connect(Lab lab, java.net.URI uri) throws Exception {
            TerminalSocketClient[] self = new TerminalSocketClient[1];
            AtomicLong pending = new AtomicLong();
            TerminalSocketClient client = TerminalSocketClient.connect(lab.sockets(), uri, (d, o, l, t) -> {
                TerminalSocketClient c = self[0];
                long owed = pending.addAndGet(l);
                if (c != null && pending.compareAndSet(owed, 0)) c.sendText("{\"type\":\"ack\",\"bytes\":" + owed + "}");
            });
            self[0] = client;
            client.sendText("{\"type\":\"ack\",\"bytes\":" + pending.getAndSet(0) + "}");
            return new AckingClient(client);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

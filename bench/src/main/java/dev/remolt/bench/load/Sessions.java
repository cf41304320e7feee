package dev.remolt.bench.load;

import dev.remolt.bench.client.OutputSink;
import dev.remolt.bench.client.ScreenText;
import dev.remolt.bench.client.SessionsApi;
import dev.remolt.bench.client.TerminalSocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Many attached sessions on one server, for the load rows: each created through the API with one
 * Remolt viewer that reads everything and counts it, and that notices when its socket closes
 * without being asked to (a disconnect).
 */
public final class Sessions implements AutoCloseable {
    /** One attached session. */
    public static final class Attached {
        public final SessionsApi.Created session;
        public final TerminalSocketClient client;
        volatile boolean closing;

        Attached(SessionsApi.Created session, TerminalSocketClient client) {
            this.session = session;
            this.client = client;
        }
    }

    private final SessionsApi api;
    private final WebSocketClient sockets;
    private final Function<String, URI> uriOf;
    private final List<Attached> attached = new ArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    public Sessions(SessionsApi api, WebSocketClient sockets, Function<String, URI> uriOf) {
        this.api = api;
        this.sockets = sockets;
        this.uriOf = uriOf;
    }

    /** Adds sessions until there are {@code total}, four at a time; each is attached and at its prompt. {@code command} (if any) is typed. */
    public void growTo(int total, String command, Histogram createToPrompt) throws Exception {
        List<Future<Attached>> futures = new ArrayList<>();
        for (int i = size(); i < total; i++) futures.add(workers.submit(() -> attachOne(command, createToPrompt)));
        Exception failure = null;
        for (Future<Attached> f : futures) {
            try {
                Attached a = f.get();
                synchronized (attached) {
                    attached.add(a);
                }
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    private Attached attachOne(String command, Histogram createToPrompt) throws Exception {
        ScreenText screen = new ScreenText();
        boolean[] prompted = {false};
        Attached[] self = new Attached[1];
        OutputSink sink = (data, offset, length, at) -> {
            bytes.addAndGet(length);
            if (!prompted[0]) screen.received(data, offset, length, at);
        };
        long start = System.nanoTime();
        SessionsApi.Created session = api.createShell();
        TerminalSocketClient client;
        try {
            client = TerminalSocketClient.connect(sockets, uriOf.apply(session.wsUrl()), sink, () -> {
                if (self[0] == null || !self[0].closing) disconnects.incrementAndGet();
            });
        } catch (Exception e) {
            api.delete(session.sessionId());
            throw e;
        }
        Attached a = new Attached(session, client);
        self[0] = a;
        long seen = screen.await(ScreenText.PROMPT, Duration.ofSeconds(30));
        prompted[0] = true;
        synchronized (createToPrompt) {
            createToPrompt.recordValue(Math.max(0, seen - start));
        }
        if (command != null) client.type((command + "\r").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return a;
    }

    public int size() {
        synchronized (attached) {
            return attached.size();
        }
    }

    public long bytesReceived() {
        return bytes.get();
    }

    public int disconnects() {
        return disconnects.get();
    }

    /** Closes every viewer and deletes every session, four at a time. */
    @Override
    public void close() {
        List<Attached> all;
        synchronized (attached) {
            all = new ArrayList<>(attached);
            attached.clear();
        }
        List<Future<?>> futures = new ArrayList<>();
        for (Attached a : all) {
            futures.add(workers.submit(() -> {
                a.closing = true;
                a.client.close();
                try {
                    api.delete(a.session.sessionId());
                } catch (Exception e) {
                    // the server's own cleanup (ServerProcess.close) destroys what is left
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                // as above
            }
        }
        workers.shutdownNow();
    }
}

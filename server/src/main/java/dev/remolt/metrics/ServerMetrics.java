package dev.remolt.metrics;

import dev.remolt.BuildInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The server's metrics on one Micrometer Prometheus registry: counters incremented where their events
 * happen (static, as Prometheus clients keep them, so a counter is one line at its call site), gauges
 * (sessions, connections) set from their owners at scrape time so they cannot drift, and the JVM's and
 * the process's own metrics (memory, GC, threads, classes, CPU, uptime, file descriptors).
 */
public final class ServerMetrics {
    /** The Prometheus text format, version 0.0.4: what every scraper reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public static final Counter SESSION_STARTS = new Counter(REGISTRY, "remolt.session.starts",
            "Sessions started, by runtime, agent and result (ok or failed).", "runtime", "agent", "result");
    public static final Histogram SESSION_START_SECONDS = new Histogram(REGISTRY, "remolt.session.start",
            "Time from a create request to a sandbox ready to attach.",
            new double[] {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}, "runtime", "agent");
    public static final Counter SESSION_ENDS = new Counter(REGISTRY, "remolt.session.ends",
            "Sessions ended, by reason (user, idle, sandbox_gone, ...).", "reason");
    public static final Counter TERMINAL_BYTES = new Counter(REGISTRY, "remolt.terminal.bytes",
            "Terminal bytes: out = sandbox to browser, in = browser to sandbox.", "direction");
    public static final Counter PROXY_REQUESTS = new Counter(REGISTRY, "remolt.proxy.requests",
            "Requests proxied to apps inside sandboxes.");
    public static final Counter HTTP_ERRORS = new Counter(REGISTRY, "remolt.http.errors",
            "HTTP answers with a 5xx status, by status.", "status");

    private static final MultiGauge SESSIONS_ACTIVE = MultiGauge.builder("remolt.sessions.active")
            .description("Sessions running now, by runtime and agent.").register(REGISTRY);
    private static final AtomicLong TERMINAL_CONNECTIONS = new AtomicLong();

    static {
        Gauge.builder("remolt.terminal.connections", TERMINAL_CONNECTIONS, AtomicLong::get)
                .description("Terminal WebSockets attached now.").register(REGISTRY);
        // The info-metric convention: a constant 1 whose labels carry the build, to join on in queries.
        BuildInfo build = BuildInfo.current();
        Gauge.builder("remolt.build.info", () -> 1).description("The running build: version and git commit (always 1).")
                .tags("version", build.version(), "commit", build.commit()).register(REGISTRY);
        new JvmMemoryMetrics().bindTo(REGISTRY);
        new JvmGcMetrics().bindTo(REGISTRY);
        new JvmThreadMetrics().bindTo(REGISTRY);
        new ClassLoaderMetrics().bindTo(REGISTRY);
        new ProcessorMetrics().bindTo(REGISTRY);
        new UptimeMetrics().bindTo(REGISTRY);
        new FileDescriptorMetrics().bindTo(REGISTRY);
    }

    private ServerMetrics() {}

    /** Sets the gauges from their owners' current numbers, then writes every metric in Prometheus's text format. */
    public static synchronized String scrape(String runtime, Map<String, Long> activeSessionsByAgent, long terminalConnections) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        activeSessionsByAgent.forEach((agent, count) ->
                rows.add(MultiGauge.Row.of(Tags.of("runtime", runtime, "agent", agent), count)));
        SESSIONS_ACTIVE.register(rows, true);
        TERMINAL_CONNECTIONS.set(terminalConnections);
        return REGISTRY.scrape(CONTENT_TYPE);
    }

    static List<Tag> tags(List<String> names, List<String> values) {
        return IntStream.range(0, names.size()).mapToObj(i -> Tag.of(names.get(i), values.get(i))).toList();
    }
}

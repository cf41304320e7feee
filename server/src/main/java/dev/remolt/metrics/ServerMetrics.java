package dev.remolt.metrics;

import dev.remolt.BuildInfo;
import java.util.List;

/**
 * The server's counters, incremented where their events happen. Static, as Prometheus clients
 * keep them, so a counter is one line at its call site; gauges (sessions, connections) are read
 * from their owners at scrape time instead, so they cannot drift.
 */
public final class ServerMetrics {
    public static final Counter SESSION_STARTS = new Counter("remolt_session_starts_total",
            "Sessions started, by runtime, agent and result (ok or failed).", "runtime", "agent", "result");
    public static final Histogram SESSION_START_SECONDS = new Histogram("remolt_session_start_seconds",
            "Time from a create request to a sandbox ready to attach.",
            new double[] {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}, "runtime", "agent");
    public static final Counter SESSION_ENDS = new Counter("remolt_session_ends_total",
            "Sessions ended, by reason (user, idle, sandbox_gone, ...).", "reason");
    public static final Counter TERMINAL_BYTES = new Counter("remolt_terminal_bytes_total",
            "Terminal bytes: out = sandbox to browser, in = browser to sandbox.", "direction");
    public static final Counter PROXY_REQUESTS = new Counter("remolt_proxy_requests_total",
            "Requests proxied to apps inside sandboxes.");
    public static final Counter HTTP_ERRORS = new Counter("remolt_http_errors_total",
            "HTTP answers with a 5xx status, by status.", "status");

    private ServerMetrics() {}

    /** Every counter and histogram, after the gauges the caller wrote first. */
    public static void writeTo(PrometheusText out) {
        // The info-metric convention: a constant 1 whose labels carry the build, to join on in queries.
        BuildInfo build = BuildInfo.current();
        out.header("remolt_build_info", "The running build: version and git commit (the value is always 1).", "gauge");
        out.sample("remolt_build_info", List.of("version", "commit"), List.of(build.version(), build.commit()), 1);
        SESSION_STARTS.writeTo(out);
        SESSION_START_SECONDS.writeTo(out);
        SESSION_ENDS.writeTo(out);
        TERMINAL_BYTES.writeTo(out);
        PROXY_REQUESTS.writeTo(out);
        HTTP_ERRORS.writeTo(out);
    }
}

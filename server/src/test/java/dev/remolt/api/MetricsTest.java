package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.metrics.ServerMetrics;
import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics} on a real server with the local runtime: counters move where their events happen. */
@Timeout(60)
class MetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    @DisplayName("metrics count session starts, active sessions, terminal connections and bytes, and ends by reason")
    void metricsFollowASessionsLife() throws Exception {
        long startsBefore = ServerMetrics.SESSION_STARTS.value("local", "shell", "ok");
        long latencyBefore = ServerMetrics.SESSION_START_SECONDS.count("local", "shell");
        long endsBefore = ServerMetrics.SESSION_ENDS.value("user");
        long inBefore = ServerMetrics.TERMINAL_BYTES.value("in");
        try (TestServer server = TestServer.start()) {
            String id = server.createShell();
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", WAIT);
                terminal.type("echo metrics\r");
                terminal.awaitOutput("metrics", WAIT);

                HttpResponse<String> scrape = server.get("/metrics");
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
                assertThat(scrape.body()).contains("remolt_sessions_active{agent=\"shell\",runtime=\"local\"} 1.0\n")
                        .contains("remolt_terminal_connections 1.0\n")
                        .contains("remolt_session_start_seconds_bucket{agent=\"shell\",runtime=\"local\",le=\"+Inf\"} ")
                        .contains("remolt_proxy_requests_total 0.0\n")
                        .contains("# TYPE remolt_session_starts_total counter")
                        .contains("remolt_build_info{commit=\"" + dev.remolt.BuildInfo.current().commit()
                                + "\",version=\"" + dev.remolt.BuildInfo.current().version() + "\"} 1\n");
                assertThat(ServerMetrics.SESSION_STARTS.value("local", "shell", "ok")).isEqualTo(startsBefore + 1);
                assertThat(ServerMetrics.SESSION_START_SECONDS.count("local", "shell")).isEqualTo(latencyBefore + 1);
                assertThat(ServerMetrics.TERMINAL_BYTES.value("in")).isEqualTo(inBefore + "echo metrics\r".length());
                assertThat(ServerMetrics.TERMINAL_BYTES.value("out")).isPositive();
            }
            server.delete("/api/sessions/" + id);
            assertThat(ServerMetrics.SESSION_ENDS.value("user")).isEqualTo(endsBefore + 1);
            assertThat(server.get("/metrics").body()).doesNotContain("remolt_sessions_active{");
        }
    }

    @Test
    @DisplayName("the JVM's and the process's metrics are there, and every name follows Prometheus's conventions")
    void jvmAndProcessMetricsWithConventionalNames() throws Exception {
        try (TestServer server = TestServer.start()) {
            String body = server.get("/metrics").body();
            assertThat(body).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_", "jvm_threads_live_threads ",
                    "jvm_classes_loaded_classes ", "process_cpu_usage ", "process_uptime_seconds ", "process_start_time_seconds ",
                    "process_files_open_files ", "system_cpu_count ");
            for (String line : body.lines().filter(l -> l.startsWith("# TYPE ")).toList()) {
                String[] parts = line.split(" ");
                assertThat(parts[2]).as(line).matches("[a-z_][a-z0-9_]*");
                if (parts[3].equals("counter")) assertThat(parts[2]).as(line).endsWith("_total");
            }
        }
    }

    @Test
    @DisplayName("with REMOLT_METRICS_TOKEN set, /metrics needs the bearer token and refuses anything else with 401")
    void aTokenGuardsMetrics() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_METRICS_TOKEN", "s3cret-scrape"))) {
            assertThat(server.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(scrape(server, "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(scrape(server, "Bearer s3cret-scrape-and-more").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = scrape(server, "Bearer s3cret-scrape");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("# TYPE remolt_terminal_connections gauge");
            HttpResponse<String> refused = scrape(server, "Basic czNjcmV0");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
            assertThat(refused.body()).contains("\"error\":\"unauthorized\"").doesNotContain("s3cret");
        }
    }

    private static HttpResponse<String> scrape(TestServer server, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                .header("Authorization", authorization).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }
}

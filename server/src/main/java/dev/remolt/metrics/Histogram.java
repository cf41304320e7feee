package dev.remolt.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A histogram of durations in seconds with fixed buckets on the server's registry, one series per label values. */
public final class Histogram {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Duration[] buckets;
    private final MeterRegistry registry;
    private final Map<List<String>, Timer> series = new ConcurrentHashMap<>();

    Histogram(MeterRegistry registry, String name, String help, double[] bucketSeconds, String... labelNames) {
        this.registry = registry;
        this.name = name;
        this.help = help;
        this.buckets = Arrays.stream(bucketSeconds).mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
        this.labelNames = List.of(labelNames);
    }

    public void observe(double seconds, String... labelValues) {
        series.computeIfAbsent(List.of(labelValues), values -> Timer.builder(name).description(help)
                        .tags(ServerMetrics.tags(labelNames, values)).serviceLevelObjectives(buckets).register(registry))
                .record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    public long count(String... labelValues) {
        Timer timer = series.get(List.of(labelValues));
        return timer == null ? 0 : timer.count();
    }
}

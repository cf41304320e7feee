package dev.remolt.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A counter with fixed label names on the server's registry; each combination of label values counts
 * apart. Call sites pass label values in order, as a Prometheus client's counter takes them.
 */
public final class Counter {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final MeterRegistry registry;
    private final Map<List<String>, io.micrometer.core.instrument.Counter> series = new ConcurrentHashMap<>();

    Counter(MeterRegistry registry, String name, String help, String... labelNames) {
        this.registry = registry;
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelNames);
        // A counter without labels shows 0 before its first event, so dashboards see it exists.
        if (labelNames.length == 0) series(List.of());
    }

    public void inc(String... labelValues) {
        add(1, labelValues);
    }

    public void add(long amount, String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
        }
        series(List.of(labelValues)).increment(amount);
    }

    public long value(String... labelValues) {
        io.micrometer.core.instrument.Counter counter = series.get(List.of(labelValues));
        return counter == null ? 0 : (long) counter.count();
    }

    private io.micrometer.core.instrument.Counter series(List<String> labelValues) {
        return series.computeIfAbsent(labelValues, values -> io.micrometer.core.instrument.Counter.builder(name)
                .description(help).tags(ServerMetrics.tags(labelNames, values)).register(registry));
    }
}

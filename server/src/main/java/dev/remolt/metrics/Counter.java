package dev.remolt.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus counter with fixed label names; each combination of label values counts apart. */
public final class Counter {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

    Counter(String name, String help, String... labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelNames);
        // A counter without labels shows 0 before its first event, so dashboards see it exists.
        if (labelNames.length == 0) values.put(List.of(), new LongAdder());
    }

    public void inc(String... labelValues) {
        add(1, labelValues);
    }

    public void add(long amount, String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
        }
        values.computeIfAbsent(List.of(labelValues), k -> new LongAdder()).add(amount);
    }

    public long value(String... labelValues) {
        LongAdder adder = values.get(List.of(labelValues));
        return adder == null ? 0 : adder.sum();
    }

    void writeTo(PrometheusText out) {
        out.header(name, help, "counter");
        values.forEach((labels, adder) -> out.sample(name, labelNames, labels, adder.sum()));
    }
}

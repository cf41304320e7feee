package dev.remolt.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of seconds with fixed buckets, one series per label value combination. */
public final class Histogram {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final double[] bounds;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, String... labelNames) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.labelNames = List.of(labelNames);
    }

    public void observe(double seconds, String... labelValues) {
        Series s = series.computeIfAbsent(List.of(labelValues), k -> new Series(bounds.length));
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) s.buckets[i].increment();
        }
        s.count.increment();
        s.sum.add(seconds);
    }

    public long count(String... labelValues) {
        Series s = series.get(List.of(labelValues));
        return s == null ? 0 : s.count.sum();
    }

    void writeTo(PrometheusText out) {
        out.header(name, help, "histogram");
        List<String> bucketLabels = new java.util.ArrayList<>(labelNames);
        bucketLabels.add("le");
        series.forEach((labels, s) -> {
            for (int i = 0; i < bounds.length; i++) {
                out.sample(name + "_bucket", bucketLabels, with(labels, PrometheusText.number(bounds[i])), s.buckets[i].sum());
            }
            out.sample(name + "_bucket", bucketLabels, with(labels, "+Inf"), s.count.sum());
            out.sample(name + "_count", labelNames, labels, s.count.sum());
            out.sample(name + "_sum", labelNames, labels, s.sum.sum());
        });
    }

    private static List<String> with(List<String> labels, String le) {
        List<String> all = new java.util.ArrayList<>(labels);
        all.add(le);
        return all;
    }

    private static final class Series {
        final LongAdder[] buckets;
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Series(int size) {
            buckets = new LongAdder[size];
            for (int i = 0; i < size; i++) buckets[i] = new LongAdder();
        }
    }
}

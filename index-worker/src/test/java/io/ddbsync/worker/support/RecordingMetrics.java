package io.ddbsync.worker.support;

import io.ddbsync.worker.metrics.MetricsSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps every recorded metric value so tests can assert them. */
public final class RecordingMetrics implements MetricsSink {

    private final Map<String, List<Double>> values = new ConcurrentHashMap<>();

    @Override
    public void record(String name, double value, Unit unit) {
        values.computeIfAbsent(name, n -> java.util.Collections.synchronizedList(new ArrayList<>())).add(value);
    }

    @Override
    public void flush() {
    }

    public long sum(String name) {
        List<Double> v = values.getOrDefault(name, List.of());
        synchronized (v) {
            return Math.round(v.stream().mapToDouble(Double::doubleValue).sum());
        }
    }

    public List<Double> values(String name) {
        List<Double> v = values.getOrDefault(name, List.of());
        synchronized (v) {
            return List.copyOf(v);
        }
    }

    public void reset() {
        values.clear();
    }
}

package io.ddbsync.worker.metrics;

import io.ddbsync.model.metrics.MetricDimensions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;

/**
 * The worker's metrics as CloudWatch embedded metric format, written by {@code aws-embedded-metrics}:
 * counts are summed and timings kept as values until {@link #flush()}, which writes one line per
 * table seen (dimension sets [Service] and [Service, Table]; the library splits a line past 100
 * values) or, for values of no table, one line with [Service]. Every counter of
 * {@link WorkerMetricNames#COUNTERS} is written on each flush, zeros included, so dashboards and
 * alarms see every invocation (the forwarder does the same).
 */
public final class EmfMetricsSink implements MetricsSink {

    private final Environment environment;
    private final Clock clock;
    /** Series per table ("" for values of no table), then per metric name. */
    private final Map<String, Map<String, Series>> byTable = new LinkedHashMap<>();

    /**
     * @param environment where the lines go ({@code EmfEnvironments.lambda()} in Lambda)
     */
    public EmfMetricsSink(Environment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    /** The library's units (MetricsSink.Unit, inherited, shadows the simple name). */
    private static final software.amazon.cloudwatchlogs.emf.model.Unit COUNT = software.amazon.cloudwatchlogs.emf.model.Unit.COUNT;
    private static final software.amazon.cloudwatchlogs.emf.model.Unit MILLISECONDS =
            software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS;

    private static final class Series {
        final boolean count;
        final List<Double> values = new ArrayList<>();
        double sum;

        Series(boolean count) {
            this.count = count;
        }
    }

    @Override
    public void record(String name, double value, Unit unit) {
        record(null, name, value, unit);
    }

    @Override
    public synchronized void record(String table, String name, double value, Unit unit) {
        Series s = byTable.computeIfAbsent(table == null ? "" : table, t -> new LinkedHashMap<>())
                .computeIfAbsent(name, n -> new Series(unit == Unit.COUNT));
        if (s.count) {
            s.sum += value;
        } else {
            s.values.add(value);
        }
    }

    @Override
    public void flush() {
        Map<String, Map<String, Series>> recorded;
        synchronized (this) {
            recorded = new LinkedHashMap<>(byTable);
            byTable.clear();
        }
        if (recorded.isEmpty()) {
            recorded.put("", Map.of());
        }
        recorded.forEach(this::write);
    }

    private void write(String table, Map<String, Series> series) {
        MetricsLogger logger = new MetricsLogger(environment);
        logger.setNamespace(MetricDimensions.NAMESPACE);
        logger.setTimestamp(clock.instant());
        DimensionSet service = DimensionSet.of(MetricDimensions.SERVICE, WorkerMetricNames.SERVICE);
        if (table.isEmpty()) {
            logger.setDimensions(service);
        } else {
            logger.setDimensions(service, DimensionSet.of(MetricDimensions.SERVICE, WorkerMetricNames.SERVICE,
                    MetricDimensions.TABLE, table));
        }
        for (String counter : WorkerMetricNames.COUNTERS) {
            if (!series.containsKey(counter)) {
                logger.putMetric(counter, 0, COUNT);
            }
        }
        series.forEach((name, s) -> {
            if (s.count) {
                logger.putMetric(name, s.sum, COUNT);
            } else {
                s.values.forEach(v -> logger.putMetric(name, v, MILLISECONDS));
            }
        });
        logger.flush();
    }
}

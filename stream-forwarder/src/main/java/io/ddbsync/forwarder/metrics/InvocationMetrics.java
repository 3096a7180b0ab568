package io.ddbsync.forwarder.metrics;

import io.ddbsync.model.metrics.MetricDimensions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Counters of one invocation, written as one CloudWatch embedded-metric-format line by
 * {@code aws-embedded-metrics}. Not thread-safe: one instance per invocation.
 */
public final class InvocationMetrics {

    private final Map<String, Long> values = new LinkedHashMap<>();
    private final String table;

    /** Counters with the {@code Service} dimension only. */
    public InvocationMetrics() {
        this(null);
    }

    /**
     * @param table the source table (from the records' stream ARN), or null when unknown: with a table
     *              the line carries both dimension sets, [Service] and [Service, Table]
     */
    public InvocationMetrics(String table) {
        this.table = table;
        for (String name : ForwarderMetricNames.ALL) {
            values.put(name, 0L);
        }
    }

    public void add(String name, long amount) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("unknown metric " + name);
        }
        values.merge(name, amount, Long::sum);
    }

    public long get(String name) {
        Long v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown metric " + name);
        }
        return v;
    }

    /** Writes all counters (zeros included, so dashboards see every invocation) as one EMF line to {@code environment}. */
    public void flush(Environment environment, Clock clock) {
        MetricsLogger logger = new MetricsLogger(environment);
        logger.setNamespace(MetricDimensions.NAMESPACE);
        logger.setTimestamp(clock.instant());
        DimensionSet service = DimensionSet.of(MetricDimensions.SERVICE, ForwarderMetricNames.SERVICE);
        if (table == null) {
            logger.setDimensions(service);
        } else {
            logger.setDimensions(service, DimensionSet.of(MetricDimensions.SERVICE, ForwarderMetricNames.SERVICE,
                    MetricDimensions.TABLE, table));
        }
        values.forEach((name, value) -> logger.putMetric(name, value,
                ForwarderMetricNames.BYTES_SENT.equals(name) ? Unit.BYTES : Unit.COUNT));
        logger.flush();
    }
}

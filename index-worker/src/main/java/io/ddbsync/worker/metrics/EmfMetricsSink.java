package io.ddbsync.worker.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch embedded metric format: counts are summed and timings kept as value arrays (at most
 * 100 values per metric per line, as EMF allows) until {@link #flush()} prints them as JSON lines.
 */
public final class EmfMetricsSink implements MetricsSink {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_VALUES_PER_LINE = 100;

    private final PrintStream out;
    private final Clock clock;
    private final String service;
    /** Series per table ("" for values of no table), then per metric name. */
    private final Map<String, Map<String, Series>> byTable = new LinkedHashMap<>();

    public EmfMetricsSink(PrintStream out, Clock clock, String service) {
        this.out = out;
        this.clock = clock;
        this.service = service;
    }

    private static final class Series {
        final Unit unit;
        final List<Double> values = new ArrayList<>();
        double sum;

        Series(Unit unit) {
            this.unit = unit;
        }
    }

    @Override
    public void record(String name, double value, Unit unit) {
        record(null, name, value, unit);
    }

    @Override
    public synchronized void record(String table, String name, double value, Unit unit) {
        Series s = byTable.computeIfAbsent(table == null ? "" : table, t -> new LinkedHashMap<>())
                .computeIfAbsent(name, n -> new Series(unit));
        if (unit == Unit.COUNT) {
            s.sum += value;
        } else {
            s.values.add(value);
        }
    }

    @Override
    public void flush() {
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            byTable.forEach((table, series) -> lines(table, series, lines));
            byTable.clear();
        }
        synchronized (out) {
            lines.forEach(out::println);
        }
    }

    /** The lines of one table's series: with a table, the dimension sets [Service] and [Service, Table]. */
    private void lines(String table, Map<String, Series> series, List<String> lines) {
        int chunk = 0;
        boolean more = true;
        while (more) {
            more = false;
            ObjectNode line = MAPPER.createObjectNode();
            ObjectNode aws = line.putObject("_aws");
            aws.put("Timestamp", clock.millis());
            ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", MetricNames.NAMESPACE);
            ArrayNode dimensions = directive.putArray("Dimensions");
            dimensions.addArray().add(MetricNames.SERVICE_DIMENSION);
            if (!table.isEmpty()) {
                dimensions.addArray().add(MetricNames.SERVICE_DIMENSION).add(MetricNames.TABLE_DIMENSION);
                line.put(MetricNames.TABLE_DIMENSION, table);
            }
            ArrayNode metrics = directive.putArray("Metrics");
            line.put(MetricNames.SERVICE_DIMENSION, service);
            for (Map.Entry<String, Series> e : series.entrySet()) {
                Series s = e.getValue();
                if (s.unit == Unit.COUNT) {
                    if (chunk == 0) {
                        metrics.addObject().put("Name", e.getKey()).put("Unit", "Count");
                        line.put(e.getKey(), s.sum);
                    }
                    continue;
                }
                int from = chunk * MAX_VALUES_PER_LINE;
                if (from >= s.values.size()) {
                    continue;
                }
                int to = Math.min(s.values.size(), from + MAX_VALUES_PER_LINE);
                more |= to < s.values.size();
                metrics.addObject().put("Name", e.getKey()).put("Unit", "Milliseconds");
                ArrayNode values = line.putArray(e.getKey());
                s.values.subList(from, to).forEach(values::add);
            }
            if (!metrics.isEmpty()) {
                lines.add(line.toString());
            }
            chunk++;
        }
    }
}

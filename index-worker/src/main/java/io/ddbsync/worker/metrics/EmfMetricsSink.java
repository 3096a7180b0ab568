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
    private final Map<String, Series> series = new LinkedHashMap<>();

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
    public synchronized void record(String name, double value, Unit unit) {
        Series s = series.computeIfAbsent(name, n -> new Series(unit));
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
            if (series.isEmpty()) {
                return;
            }
            int chunk = 0;
            boolean more = true;
            while (more) {
                more = false;
                ObjectNode line = MAPPER.createObjectNode();
                ObjectNode aws = line.putObject("_aws");
                aws.put("Timestamp", clock.millis());
                ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
                directive.put("Namespace", MetricNames.NAMESPACE);
                directive.putArray("Dimensions").addArray().add("Service");
                ArrayNode metrics = directive.putArray("Metrics");
                line.put("Service", service);
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
            series.clear();
        }
        synchronized (out) {
            lines.forEach(out::println);
        }
    }
}

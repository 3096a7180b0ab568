package io.ddbsync.forwarder.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one invocation, written as one CloudWatch embedded-metric-format line. Not thread-safe:
 * one instance per invocation.
 */
public final class InvocationMetrics {

    private static final String[][] UNITS = {
        {MetricNames.RECORDS_FORWARDED, "Count"},
        {MetricNames.MESSAGES_SENT, "Count"},
        {MetricNames.SEND_REQUESTS, "Count"},
        {MetricNames.SEND_RETRIES, "Count"},
        {MetricNames.OVERSIZE_RECORDS, "Count"},
        {MetricNames.BYTES_SENT, "Bytes"},
    };

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
        for (String[] metric : UNITS) {
            values.put(metric[0], 0L);
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

    /** Writes all counters (zeros included, so dashboards see every invocation) as one EMF line. */
    public void flush(MetricsSink sink, Clock clock) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode line = json.objectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", MetricNames.NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add(MetricNames.SERVICE_DIMENSION);
        if (table != null) {
            dimensions.addArray().add(MetricNames.SERVICE_DIMENSION).add(MetricNames.TABLE_DIMENSION);
            line.put(MetricNames.TABLE_DIMENSION, table);
        }
        ArrayNode metrics = directive.putArray("Metrics");
        for (String[] metric : UNITS) {
            metrics.addObject().put("Name", metric[0]).put("Unit", metric[1]);
        }
        line.put(MetricNames.SERVICE_DIMENSION, MetricNames.SERVICE);
        values.forEach(line::put);
        sink.emit(line.toString());
    }
}

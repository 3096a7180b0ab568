package io.ddbsync.forwarder.metrics;

/** Where embedded-metric-format lines go: stdout in Lambda (CloudWatch Logs extracts them), a list in tests. */
@FunctionalInterface
public interface MetricsSink {

    void emit(String emfJsonLine);

    static MetricsSink stdout() {
        return line -> System.out.println(line);
    }
}

package io.ddbsync.worker.metrics;

/** Where the worker's metrics go; thread-safe. {@link #flush()} publishes what was recorded since the last flush. */
public interface MetricsSink {

    enum Unit { COUNT, MILLISECONDS }

    void record(String name, double value, Unit unit);

    default void count(String name, long n) {
        if (n != 0) {
            record(name, n, Unit.COUNT);
        }
    }

    default void millis(String name, long ms) {
        record(name, ms, Unit.MILLISECONDS);
    }

    void flush();
}

package io.ddbsync.worker.metrics;

/** Where the worker's metrics go; thread-safe. {@link #flush()} publishes what was recorded since the last flush. */
public interface MetricsSink {

    enum Unit { COUNT, MILLISECONDS }

    void record(String name, double value, Unit unit);

    /**
     * Records a value of one table's series (emitted with the dimension sets [Service] and
     * [Service, Table]); sinks that do not tell tables apart record it as {@link #record(String, double, Unit)}.
     */
    default void record(String table, String name, double value, Unit unit) {
        record(name, value, unit);
    }

    /** A view recording every value for {@code table}. */
    default MetricsSink forTable(String table) {
        MetricsSink parent = this;
        return new MetricsSink() {
            @Override
            public void record(String name, double value, Unit unit) {
                parent.record(table, name, value, unit);
            }

            @Override
            public void flush() {
                parent.flush();
            }
        };
    }

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

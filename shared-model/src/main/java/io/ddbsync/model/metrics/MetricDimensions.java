package io.ddbsync.model.metrics;

/**
 * What every ddbsync metric shares: the CloudWatch namespace and the dimension names. Each emitter
 * names its own metrics ({@code ForwarderMetricNames}, {@code WorkerMetricNames}); every metric is
 * emitted with the dimension sets {@code [Service]} and, when the source table is known,
 * {@code [Service, Table]}.
 */
public final class MetricDimensions {

    public static final String NAMESPACE = "ddbsync";
    /** The dimension every metric carries: the emitting function ({@code stream-forwarder}, {@code index-worker}). */
    public static final String SERVICE = "Service";
    /** The second dimension set's extra dimension: the source table of the counted records. */
    public static final String TABLE = "Table";

    private MetricDimensions() {
    }
}

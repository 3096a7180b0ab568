package io.ddbsync.infra;

import java.util.List;

/**
 * The custom CloudWatch metrics the Lambdas emit (embedded metric format), as the dashboard and
 * alarms read them. Every name is taken from the emitting module's own constants
 * ({@code io.ddbsync.forwarder.metrics.MetricNames}, {@code io.ddbsync.worker.metrics.MetricNames}).
 *
 * <p>Dimensions: the dimension sets {@code [Service]} and {@code [Service, Table]}; the dashboard's
 * per-table rows and the per-table alarms read {@code [Service, Table]}, so deployments (and tables)
 * sharing an account and region keep separate series.
 */
public final class MetricNames {

    public static final String NAMESPACE = io.ddbsync.worker.metrics.MetricNames.NAMESPACE;
    public static final String DIMENSION = io.ddbsync.forwarder.metrics.MetricNames.SERVICE_DIMENSION;
    public static final String TABLE_DIMENSION = "Table";
    public static final String FORWARDER_SERVICE = io.ddbsync.forwarder.metrics.MetricNames.SERVICE;
    /** The worker's Service value; index-worker passes it as a literal to its EMF sink (no constant yet). */
    public static final String WORKER_SERVICE = "index-worker";

    // stream-forwarder
    public static final String RECORDS_FORWARDED = io.ddbsync.forwarder.metrics.MetricNames.RECORDS_FORWARDED;
    public static final String MESSAGES_SENT = io.ddbsync.forwarder.metrics.MetricNames.MESSAGES_SENT;
    public static final String SEND_REQUESTS = io.ddbsync.forwarder.metrics.MetricNames.SEND_REQUESTS;
    public static final String SEND_RETRIES = io.ddbsync.forwarder.metrics.MetricNames.SEND_RETRIES;
    public static final String OVERSIZE_RECORDS = io.ddbsync.forwarder.metrics.MetricNames.OVERSIZE_RECORDS;
    public static final String BYTES_SENT = io.ddbsync.forwarder.metrics.MetricNames.BYTES_SENT;

    // index-worker
    public static final String DOCUMENTS_UPSERTED = io.ddbsync.worker.metrics.MetricNames.DOCUMENTS_UPSERTED;
    public static final String DOCUMENTS_DELETED = io.ddbsync.worker.metrics.MetricNames.DOCUMENTS_DELETED;
    public static final String STALE_SKIPPED = io.ddbsync.worker.metrics.MetricNames.STALE_SKIPPED;
    public static final String RECORDS_FAILED = io.ddbsync.worker.metrics.MetricNames.RECORDS_FAILED;
    public static final String DUPLICATE_MESSAGES_SKIPPED = io.ddbsync.worker.metrics.MetricNames.DUPLICATE_MESSAGES_SKIPPED;
    public static final String END_TO_END_LAG_MS = io.ddbsync.worker.metrics.MetricNames.END_TO_END_LAG_MS;
    public static final String BULK_LATENCY_MS = io.ddbsync.worker.metrics.MetricNames.BULK_LATENCY_MS;
    public static final String THROTTLED_RETRIES = io.ddbsync.worker.metrics.MetricNames.THROTTLED_RETRIES;

    public static final List<String> FORWARDER = List.of(RECORDS_FORWARDED, MESSAGES_SENT, SEND_REQUESTS,
            SEND_RETRIES, OVERSIZE_RECORDS, BYTES_SENT);
    public static final List<String> WORKER = List.of(DOCUMENTS_UPSERTED, DOCUMENTS_DELETED, STALE_SKIPPED,
            RECORDS_FAILED, DUPLICATE_MESSAGES_SKIPPED, END_TO_END_LAG_MS, BULK_LATENCY_MS, THROTTLED_RETRIES);

    private MetricNames() {
    }
}

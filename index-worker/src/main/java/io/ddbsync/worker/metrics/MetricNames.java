package io.ddbsync.worker.metrics;

/** The worker's CloudWatch metric names (namespace {@link #NAMESPACE}), defined once. */
public final class MetricNames {

    public static final String NAMESPACE = "ddbsync";

    /** Documents created or replaced by a newer version. */
    public static final String DOCUMENTS_UPSERTED = "DocumentsUpserted";
    /** Tombstones written (REMOVE, or a fetch record whose item is gone). */
    public static final String DOCUMENTS_DELETED = "DocumentsDeleted";
    /** Writes the version guard turned into a noop (an equal or newer version was already indexed). */
    public static final String STALE_SKIPPED = "StaleSkipped";
    /** Records that failed permanently (rejected by OpenSearch, unconvertible, raw) or ran out of retry time. */
    public static final String RECORDS_FAILED = "RecordsFailed";
    /** Messages skipped because the idempotency store had already completed them. */
    public static final String DUPLICATE_MESSAGES_SKIPPED = "DuplicateMessagesSkipped";
    /** now − ApproximateCreationDateTime of a written record, in milliseconds. */
    public static final String END_TO_END_LAG_MS = "EndToEndLagMs";
    /** Duration of one {@code _bulk} request, in milliseconds. */
    public static final String BULK_LATENCY_MS = "BulkLatencyMs";
    /** Bulk items (or whole requests' items) retried after 429, 5xx, a version conflict or a transport error. */
    public static final String THROTTLED_RETRIES = "ThrottledRetries";

    private MetricNames() {
    }
}

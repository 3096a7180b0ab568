package io.ddbsync.worker.metrics;

/** The worker's CloudWatch metric names (namespace {@link #NAMESPACE}), defined once. */
public final class MetricNames {

    public static final String NAMESPACE = "ddbsync";
    /** The dimension every metric carries: {@code index-worker} (or the purge's service name). */
    public static final String SERVICE_DIMENSION = "Service";
    /** The second dimension set's extra dimension: the source table of the counted records. */
    public static final String TABLE_DIMENSION = "Table";

    /** Documents created or replaced by a newer version. */
    public static final String DOCUMENTS_UPSERTED = "DocumentsUpserted";
    /** Tombstones written (REMOVE records). */
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

    /** Bulk items read and decided again because another writer changed the document first (HTTP 409). */
    public static final String VERSION_CONFLICT_RETRIES = "VersionConflictRetries";
    /** Bulk requests split in two after OpenSearch answered 413 (request too large). */
    public static final String BULK_SPLITS = "BulkSplits";
    /**
     * Changes older than the tombstone retention (minus a margin) replaced by a consistent read of the
     * current item (DESIGN.md: a redriven message can outlive its tombstones).
     */
    public static final String OLD_CHANGES_REREAD = "OldChangesReread";
    /** Fetch records (and re-read old changes) whose item no longer exists: left to the item's REMOVE record. */
    public static final String FETCHED_ITEMS_MISSING = "FetchedItemsMissing";

    private MetricNames() {
    }
}

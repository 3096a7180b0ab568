package io.ddbsync.worker.metrics;

import io.ddbsync.model.metrics.MetricDimensions;
import java.util.List;

/**
 * Every metric the worker emits (namespace {@link MetricDimensions#NAMESPACE}, dimension
 * {@link MetricDimensions#SERVICE} = {@link #SERVICE}), defined once: infra-cdk's dashboard and
 * alarms read these constants.
 */
public final class WorkerMetricNames {

    /** The worker's value of the {@code Service} dimension. */
    public static final String SERVICE = "index-worker";

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
    /**
     * {@code _bulk} requests sent to OpenSearch. Without {@code BULK_PER_INVOCATION} one (or more, by
     * {@code BULK_MAX_BYTES}) per message and round; with it, the messages of an invocation share them.
     */
    public static final String BULK_REQUESTS = "BulkRequests";
    /** Bulk requests split in two after OpenSearch answered 413 (request too large). */
    public static final String BULK_SPLITS = "BulkSplits";
    /**
     * Changes older than the tombstone retention (minus a margin) replaced by a consistent read of the
     * current item (docs/DESIGN.md: a redriven message can outlive its tombstones).
     */
    public static final String OLD_CHANGES_REREAD = "OldChangesReread";
    /**
     * Stream changes that met a stored image read from the table within {@code Versions.READ_WINDOW_SECONDS}
     * of the change (their order unknown), replaced by a consistent read of the current item.
     */
    public static final String READ_WINDOW_REREADS = "ReadWindowRereads";
    /** Fetch records (and re-read old changes) whose item no longer exists: left to the item's REMOVE record. */
    public static final String FETCHED_ITEMS_MISSING = "FetchedItemsMissing";

    /**
     * Fields moved out of written documents into the metadata's non-indexed quarantine because the index mapping
     * refused them, per table: one per field of each document written with it (docs/DESIGN.md "Quarantine").
     */
    public static final String QUARANTINED_FIELDS = "QuarantinedFields";

    /** Every counter: each is written on every flush, zeros included (as the forwarder's). */
    public static final List<String> COUNTERS = List.of(DOCUMENTS_UPSERTED, DOCUMENTS_DELETED, STALE_SKIPPED,
            RECORDS_FAILED, DUPLICATE_MESSAGES_SKIPPED, THROTTLED_RETRIES, VERSION_CONFLICT_RETRIES, BULK_SPLITS,
            BULK_REQUESTS, OLD_CHANGES_REREAD, READ_WINDOW_REREADS, FETCHED_ITEMS_MISSING, QUARANTINED_FIELDS);
    /** Every timing (milliseconds): one value per measurement, written only when measured. */
    public static final List<String> TIMINGS = List.of(END_TO_END_LAG_MS, BULK_LATENCY_MS);

    private WorkerMetricNames() {
    }
}

package io.ddbsync.infra.config;

/**
 * The backfill on Lambda: its function, the SQS event source mapping that invokes it from the backfill queue, and the
 * export bucket's retention.
 *
 * @param timeoutSeconds      timeout of the backfill function (10–900 s): one work item (a Scan segment from its
 *                            continuation, or one export data file) per invocation, which enqueues its continuation
 *                            before the time runs out; the backfill queue's visibility timeout is six times this (AWS's
 *                            advice for an SQS event source)
 * @param exportRetentionDays days a table export is kept under {@code exports/} in the export bucket (1–3650)
 * @param maxConcurrency      the mapping's maximum concurrency (2–1000, the range Lambda takes for an SQS event source's
 *                            {@code ScalingConfig.MaximumConcurrency}): how many segments are scanned at once, so the
 *                            bound on the backfill's read rate and on its share of the change queue and the worker
 * @param memoryMb            memory of the backfill function (128–10240 MB)
 */
public record BackfillSettings(int timeoutSeconds, int exportRetentionDays, int maxConcurrency, int memoryMb) {

    /** Default backfill function timeout: a segment's pages for two minutes, then a continuation. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 120;
    /** Default days an export is kept: long enough to import it again after a failed attempt. */
    public static final int DEFAULT_EXPORT_RETENTION_DAYS = 7;
    /**
     * Default maximum concurrency: Lambda's smallest for an SQS mapping, so a backfill started without thought takes
     * two segments' worth of the table's read capacity and of the worker's throughput beside the live stream.
     */
    public static final int DEFAULT_MAX_CONCURRENCY = 2;
    /** Lambda's range for an SQS event source mapping's maximum concurrency. */
    public static final int MIN_MAX_CONCURRENCY = 2;
    public static final int MAX_MAX_CONCURRENCY = 1000;
    /** Default memory: the forwarder's, doubled for a Scan page (up to 1 MB) packed into 1 MiB messages. */
    public static final int DEFAULT_MEMORY_MB = 1024;
}

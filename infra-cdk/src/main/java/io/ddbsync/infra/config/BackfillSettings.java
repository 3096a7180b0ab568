package io.ddbsync.infra.config;

/**
 * The backfill's stack resources: the work-item queue's timing and the export bucket's retention.
 *
 * @param timeoutSeconds      timeout of the backfill function that consumes the backfill queue (10–900 s): one work
 *                            item (a Scan segment from its continuation, or one export data file) per invocation, which
 *                            enqueues its continuation before the time runs out; the queue's visibility timeout is six
 *                            times this (AWS's advice for an SQS event source)
 * @param exportRetentionDays days a table export is kept under {@code exports/} in the export bucket (1–3650)
 */
public record BackfillSettings(int timeoutSeconds, int exportRetentionDays) {

    /** Default backfill function timeout: a segment's pages for two minutes, then a continuation. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 120;
    /** Default days an export is kept: long enough to import it again after a failed attempt. */
    public static final int DEFAULT_EXPORT_RETENTION_DAYS = 7;
}

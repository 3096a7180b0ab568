package io.ddbsync.infra;

/**
 * The environment variable names the stack sets on the Lambdas. shared-model's config parsers
 * ({@code ForwarderConfig.fromEnv}, {@code WorkerConfig.fromEnv}) read them by literal name and
 * expose no constants yet, so they are kept here, once; the contract test feeds the synthesized
 * environment to those parsers, so a rename on either side fails the build. Move them to
 * shared-model when it publishes constants.
 */
public final class EnvNames {

    // stream-forwarder (ForwarderConfig)
    public static final String CHANGE_QUEUE_URL = "CHANGE_QUEUE_URL";
    public static final String MAX_MESSAGE_BYTES = "MAX_MESSAGE_BYTES";

    // backfill-worker (BackfillConfig): CHANGE_QUEUE_URL and MAX_MESSAGE_BYTES as the forwarder's, and these
    /** shared-model's own constant ({@code BackfillConfig.BACKFILL_QUEUE_URL}): where continuations go. */
    public static final String BACKFILL_QUEUE_URL = io.ddbsync.model.config.BackfillConfig.BACKFILL_QUEUE_URL;
    /** shared-model's own constant ({@code BackfillConfig.BACKFILL_BUCKET}): the export bucket, runs' state. */
    public static final String BACKFILL_BUCKET = io.ddbsync.model.config.BackfillConfig.BACKFILL_BUCKET;

    // index-worker and tombstone purge (WorkerConfig)
    public static final String OPENSEARCH_ENDPOINT = "OPENSEARCH_ENDPOINT";
    public static final String OPENSEARCH_AUTH = "OPENSEARCH_AUTH";
    /** shared-model's own constant ({@code SearchTargetConfig.SIGNING_SERVICE_VARIABLE}). */
    public static final String OPENSEARCH_SIGNING_SERVICE = io.ddbsync.model.config.SearchTargetConfig.SIGNING_SERVICE_VARIABLE;
    public static final String INDEX_MAP = "INDEX_MAP";
    public static final String IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE";
    public static final String TTL_DELETES = "TTL_DELETES";
    /** shared-model's own constant ({@code WorkerConfig.QUARANTINE_VARIABLE}). */
    public static final String QUARANTINE = io.ddbsync.model.config.WorkerConfig.QUARANTINE_VARIABLE;
    public static final String TOMBSTONE_RETENTION_DAYS = "TOMBSTONE_RETENTION_DAYS";
    /** shared-model's own constant ({@code Shaping.VARIABLE}): the per-table shaping steps. */
    public static final String DOCUMENT_SHAPING = io.ddbsync.model.shape.Shaping.VARIABLE;
    /** index-worker's own constant ({@code IndexTemplates.ENV}). */
    public static final String INDEX_TEMPLATES = io.ddbsync.worker.opensearch.IndexTemplates.ENV;
    /** index-worker's own constant ({@code IndexTemplates.TEXT_ANALYSIS_ENV}). */
    public static final String TEXT_ANALYSIS = io.ddbsync.worker.opensearch.IndexTemplates.TEXT_ANALYSIS_ENV;

    // every function: Powertools Logging's service name, the "service" field of its log lines
    public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    /** The purge's service name in its log lines (the worker's and the forwarder's are their metrics' Service). */
    public static final String PURGE_SERVICE = "tombstone-purge";
    /** The backfill function's service name in its log lines: its module's name. */
    public static final String BACKFILL_SERVICE = "backfill-worker";

    private EnvNames() {
    }
}

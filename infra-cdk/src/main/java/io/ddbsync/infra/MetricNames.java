package io.ddbsync.infra;

import java.util.List;

/**
 * The custom CloudWatch metrics the two Lambdas emit (embedded metric format), as the dashboard
 * and alarms read them.
 *
 * <p>Contract: namespace {@value #NAMESPACE}; every metric carries exactly one dimension,
 * {@value #DIMENSION}, whose value names the emitting module: {@value #FORWARDER_SERVICE} or
 * {@value #WORKER_SERVICE} (that is what the handlers emit). Consequence: two deployments in the
 * same account and region share these custom series; the AWS/Lambda and AWS/SQS metrics on the
 * dashboard are always per deployment.
 */
public final class MetricNames {

    public static final String NAMESPACE = "ddbsync";
    public static final String DIMENSION = "Service";
    public static final String FORWARDER_SERVICE = "stream-forwarder";
    public static final String WORKER_SERVICE = "index-worker";

    // stream-forwarder
    public static final String RECORDS_FORWARDED = "RecordsForwarded";
    public static final String MESSAGES_SENT = "MessagesSent";
    public static final String SEND_REQUESTS = "SendRequests";
    public static final String SEND_RETRIES = "SendRetries";
    public static final String OVERSIZE_RECORDS = "OversizeRecords";
    public static final String BYTES_SENT = "BytesSent";

    // index-worker
    public static final String DOCUMENTS_UPSERTED = "DocumentsUpserted";
    public static final String DOCUMENTS_DELETED = "DocumentsDeleted";
    public static final String STALE_SKIPPED = "StaleSkipped";
    public static final String RECORDS_FAILED = "RecordsFailed";
    public static final String DUPLICATE_MESSAGES_SKIPPED = "DuplicateMessagesSkipped";
    public static final String END_TO_END_LAG_MS = "EndToEndLagMs";
    public static final String BULK_LATENCY_MS = "BulkLatencyMs";
    public static final String THROTTLED_RETRIES = "ThrottledRetries";

    public static final List<String> FORWARDER = List.of(RECORDS_FORWARDED, MESSAGES_SENT, SEND_REQUESTS,
            SEND_RETRIES, OVERSIZE_RECORDS, BYTES_SENT);
    public static final List<String> WORKER = List.of(DOCUMENTS_UPSERTED, DOCUMENTS_DELETED, STALE_SKIPPED,
            RECORDS_FAILED, DUPLICATE_MESSAGES_SKIPPED, END_TO_END_LAG_MS, BULK_LATENCY_MS, THROTTLED_RETRIES);

    private MetricNames() {
    }
}

package io.ddbsync.forwarder.metrics;

/** Every metric the forwarder emits, in the CloudWatch namespace {@link #NAMESPACE}. */
public final class MetricNames {

    public static final String NAMESPACE = "ddbsync";
    public static final String SERVICE_DIMENSION = "Service";
    /** The second dimension set's extra dimension: the source table. */
    public static final String TABLE_DIMENSION = "Table";
    public static final String SERVICE = "stream-forwarder";

    /** Stream records carried by messages SQS accepted. */
    public static final String RECORDS_FORWARDED = "RecordsForwarded";
    /** Messages SQS accepted. */
    public static final String MESSAGES_SENT = "MessagesSent";
    /** SendMessageBatch calls made, retries included. */
    public static final String SEND_REQUESTS = "SendRequests";
    /** SendMessageBatch calls that were retries of failed entries or calls. */
    public static final String SEND_RETRIES = "SendRetries";
    /** Records sent keys-only ({@code fetch}) because their image did not fit in a message. */
    public static final String OVERSIZE_RECORDS = "OversizeRecords";
    /** Message body bytes SQS accepted. */
    public static final String BYTES_SENT = "BytesSent";

    private MetricNames() {
    }
}

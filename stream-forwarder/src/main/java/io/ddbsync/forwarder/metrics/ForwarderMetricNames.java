package io.ddbsync.forwarder.metrics;

import io.ddbsync.model.metrics.MetricDimensions;
import java.util.List;

/**
 * Every metric the forwarder emits (namespace {@link MetricDimensions#NAMESPACE}, dimension
 * {@link MetricDimensions#SERVICE} = {@link #SERVICE}), defined once: infra-cdk's dashboard and
 * alarms read these constants.
 */
public final class ForwarderMetricNames {

    /** The forwarder's value of the {@code Service} dimension. */
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

    /** Every counter, in the order of an EMF line; each is written on every invocation, zeros included. */
    public static final List<String> ALL = List.of(RECORDS_FORWARDED, MESSAGES_SENT, SEND_REQUESTS, SEND_RETRIES,
            OVERSIZE_RECORDS, BYTES_SENT);

    private ForwarderMetricNames() {
    }
}

package io.ddbsync.testbench.local;

import io.ddbsync.aws.sqs.QueueAttributes;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The pipeline's queues, as the deployed stack has them: the change queue with a redrive policy to
 * its dead-letter queue after 5 receives (as deployed; fewer for short local retries), and the stream-failure queue for the stream poller's
 * on-failure metadata.
 *
 * @param changeQueueUrl        change envelopes (forwarder and backfill → worker)
 * @param deadLetterQueueUrl    messages the worker failed 5 times
 * @param streamFailureQueueUrl stream batches that exhausted their retries (metadata only)
 */
public record Queues(String changeQueueUrl, String deadLetterQueueUrl, String streamFailureQueueUrl) {

    public static final int MAX_RECEIVE_COUNT = 5;
    /** 14 days: a DLQ keeps the original enqueue time, so it must outlive the source queue's retention. */
    static final String DLQ_RETENTION_SECONDS = "1209600";
    static final String CHANGE_RETENTION_SECONDS = "345600";
    static final String MAX_MESSAGE_BYTES = "262144";

    /** Creates the three queues ({@code prefix}-changes, -changes-dlq, -stream-failures); {@code visibilitySeconds} ≥ 6 × the worker's timeout in AWS. */
    public static Queues create(SqsClient sqs, String prefix, int visibilitySeconds) {
        return create(sqs, prefix, visibilitySeconds, MAX_RECEIVE_COUNT);
    }

    /** The same, dead-lettering a message after {@code maxReceiveCount} receives. */
    public static Queues create(SqsClient sqs, String prefix, int visibilitySeconds, int maxReceiveCount) {
        String dlq = sqs.createQueue(b -> b.queueName(prefix + "-changes-dlq")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS))).queueUrl();
        String dlqArn = arn(sqs, dlq);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String change = createOrUpdate(sqs, prefix + "-changes", Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, CHANGE_RETENTION_SECONDS,
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, MAX_MESSAGE_BYTES));
        String failures = sqs.createQueue(b -> b.queueName(prefix + "-stream-failures")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS))).queueUrl();
        return new Queues(change, dlq, failures);
    }

    /**
     * Creates the queue, or — when a queue of that name was kept from an earlier run ({@code --data-dir}) with other
     * attributes, which CreateQueue refuses with QueueNameExists as SQS does — sets these attributes on it.
     */
    static String createOrUpdate(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
            return url;
        }
    }

    static String arn(SqsClient sqs, String url) {
        return QueueAttributes.arn(sqs, url);
    }

    /** {@link QueueAttributes#depth}. */
    public static long depth(SqsClient sqs, String url) {
        return QueueAttributes.depth(sqs, url);
    }
}

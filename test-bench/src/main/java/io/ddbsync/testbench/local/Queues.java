package io.ddbsync.testbench.local;

import io.ddbsync.aws.sqs.QueueAttributes;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
        String change = sqs.createQueue(b -> b.queueName(prefix + "-changes").attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, CHANGE_RETENTION_SECONDS,
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, MAX_MESSAGE_BYTES))).queueUrl();
        String failures = sqs.createQueue(b -> b.queueName(prefix + "-stream-failures")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS))).queueUrl();
        return new Queues(change, dlq, failures);
    }

    static String arn(SqsClient sqs, String url) {
        return QueueAttributes.arn(sqs, url);
    }

    /** {@link QueueAttributes#depth}. */
    public static long depth(SqsClient sqs, String url) {
        return QueueAttributes.depth(sqs, url);
    }
}

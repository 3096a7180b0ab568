package io.ddbsync.testbench.local;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The backfill queue of work items and its dead-letter queue, as the stack has them (infra-cdk's {@code Backfill}):
 * 256 KiB messages, 7 days, to the DLQ after {@code maxReceiveCount} receives; the DLQ keeps 14 days.
 *
 * @param queueUrl           work items (the CLI's and the backfill Lambda's continuations) → backfill Lambda
 * @param deadLetterQueueUrl work items that failed {@code maxReceiveCount} times; {@code ddbsync redrive} moves them back
 */
public record BackfillQueues(String queueUrl, String deadLetterQueueUrl) {

    static final String RETENTION_SECONDS = "604800";

    /** Creates {@code prefix}-backfill and {@code prefix}-backfill-dlq (or updates them, when kept from an earlier run). */
    public static BackfillQueues create(SqsClient sqs, String prefix, int visibilitySeconds, int maxReceiveCount) {
        String dlq = Queues.createOrUpdate(sqs, prefix + "-backfill-dlq",
                Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Queues.DLQ_RETENTION_SECONDS));
        String redrive = "{\"deadLetterTargetArn\":\"" + Queues.arn(sqs, dlq) + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String queue = Queues.createOrUpdate(sqs, prefix + "-backfill", Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, RETENTION_SECONDS,
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Queues.MAX_MESSAGE_BYTES));
        return new BackfillQueues(queue, dlq);
    }
}

package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * The queues of the pipeline: the change queue between the Lambdas, its dead-letter queue
 * (messages that failed {@code maxReceiveCount} times; redrive back with a message move task) and,
 * when the stream mappings' on-failure destination is SQS, the stream-failure queue (metadata of stream
 * batches the forwarder gave up on).
 *
 * <p>The DLQ allows redrive only from the change queue. The change queue has a fixed name
 * ({@code <stack name>-changes}) so the DLQ can name it without a circular reference.
 */
public class ChangeQueues extends Construct {

    /** How long the change queue keeps a message (DLQ keeps it longer, 14 days). */
    public static final int CHANGE_QUEUE_RETENTION_DAYS = 4;
    public static final String CHANGE_QUEUE_NAME_SUFFIX = "-changes";

    private final Queue changeQueue;
    private final Queue deadLetterQueue;
    private final Optional<Queue> streamFailureQueue;

    public ChangeQueues(Construct scope, String id, ChangeQueuesProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String changeQueueName = stack.getStackName() + CHANGE_QUEUE_NAME_SUFFIX;
        if (changeQueueName.length() > 80) {
            throw new InvalidSettingException("stackName",
                    "is too long: the change queue is named '<stack name>-changes', at most 80 characters");
        }
        String changeQueueArn = stack.formatArn(ArnComponents.builder()
                .service("sqs").resource(changeQueueName).build());
        IQueue changeQueueRef = Queue.fromQueueArn(this, "ChangeQueueRef", changeQueueArn);

        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .retentionPeriod(Duration.days(DdbSyncSettings.DLQ_RETENTION_DAYS))
                .maxMessageSizeBytes(props.maxMessageBytes())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.BY_QUEUE)
                        .sourceQueues(List.of(changeQueueRef))
                        .build())
                .build();

        this.changeQueue = Queue.Builder.create(this, "ChangeQueue")
                .queueName(changeQueueName)
                .visibilityTimeout(Duration.seconds(props.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.days(CHANGE_QUEUE_RETENTION_DAYS))
                .maxMessageSizeBytes(props.maxMessageBytes())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(props.maxReceiveCount())
                        .build())
                .build();

        this.streamFailureQueue = props.streamFailureQueue() ? Optional.of(Queue.Builder.create(this, "StreamFailureQueue")
                .retentionPeriod(Duration.days(DdbSyncSettings.DLQ_RETENTION_DAYS))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build()) : Optional.empty();
    }

    public Queue changeQueue() {
        return changeQueue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** The stream-failure queue, when the stream mappings' on-failure destination is SQS. */
    public Optional<Queue> streamFailureQueue() {
        return streamFailureQueue;
    }
}

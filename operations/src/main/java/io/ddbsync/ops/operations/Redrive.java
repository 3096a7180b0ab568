package io.ddbsync.ops.operations;

import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Moves a dead-letter queue's messages back with an SQS message move task (to the queues that fed
 * it, or to a given queue), following its progress with ListMessageMoveTasks until it ends.
 * {@link #cancel()} (called on Ctrl-C) cancels the running task.
 */
public final class Redrive {

    /** Final or intermediate state of the task. */
    public record Progress(String status, long moved, long toMove, String failureReason) {

        public boolean finished() {
            return !"RUNNING".equals(status) && !"CANCELLING".equals(status);
        }
    }

    private final SqsClient sqs;
    private final long pollMillis;
    private volatile String taskHandle;
    private volatile boolean finished;

    public Redrive(SqsClient sqs, long pollMillis) {
        this.sqs = sqs;
        this.pollMillis = pollMillis;
    }

    public String queueArn(String queueUrl) {
        try {
            return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        } catch (SdkException e) {
            throw new OpsException("cannot read the ARN of queue " + queueUrl, e);
        }
    }

    /**
     * Starts the task and waits for its end, reporting progress; returns the last state.
     *
     * @param ratePerSecond messages per second (1..500), or empty for SQS's optimised rate
     */
    public Progress run(String dlqUrl, Optional<String> toUrl, Optional<Integer> ratePerSecond, Consumer<Progress> onProgress)
            throws InterruptedException {
        String source = queueArn(dlqUrl);
        Optional<String> destination = toUrl.map(this::queueArn);
        try {
            taskHandle = sqs.startMessageMoveTask(b -> {
                b.sourceArn(source);
                destination.ifPresent(b::destinationArn);
                ratePerSecond.ifPresent(b::maxNumberOfMessagesPerSecond);
            }).taskHandle();
        } catch (SqsException e) {
            throw new OpsException("cannot start a message move task from " + source
                    + destination.map(d -> " to " + d).orElse(" to its source queue(s)"), e);
        }
        try {
            while (true) {
                Progress p = progress(source);
                onProgress.accept(p);
                if (p.finished()) {
                    return p;
                }
                Thread.sleep(pollMillis);
            }
        } finally {
            finished = true;
        }
    }

    /** The newest move task of the source queue. */
    Progress progress(String sourceArn) {
        var tasks = sqs.listMessageMoveTasks(b -> b.sourceArn(sourceArn).maxResults(1)).results();
        if (tasks.isEmpty()) {
            throw new OpsException("SQS lists no message move task for " + sourceArn);
        }
        ListMessageMoveTasksResultEntry t = tasks.get(0);
        long moved = orZero(t.approximateNumberOfMessagesMoved());
        // some SQS implementations report 0 to move once the task is over: never show fewer than moved
        return new Progress(t.status(), moved, Math.max(moved, orZero(t.approximateNumberOfMessagesToMove())), t.failureReason());
    }

    /** Cancels the task if it is still running; true when a cancel was sent. */
    public boolean cancel() {
        String handle = taskHandle;
        if (handle == null || finished) {
            return false;
        }
        try {
            sqs.cancelMessageMoveTask(b -> b.taskHandle(handle));
            return true;
        } catch (SqsException e) {
            return false; // already finished
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}

package io.ddbsync.forwarder.send;

import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.model.pack.PackedMessage;
import java.util.List;
import java.util.function.LongSupplier;

/** The change queue, as the forwarder needs it: one SendMessageBatch worth of messages at a time. */
public interface ChangeQueue {

    /**
     * Enqueues at most 10 messages whose sizes fit one SendMessageBatch, retrying what fails
     * transiently while time is left; returns the messages that are still not enqueued (empty when all are).
     *
     * @param remainingMillis time left in the invocation
     */
    List<EntryFailure> send(List<PackedMessage> messages, InvocationMetrics metrics, LongSupplier remainingMillis);
}

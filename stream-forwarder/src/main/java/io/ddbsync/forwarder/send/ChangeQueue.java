package io.ddbsync.forwarder.send;

import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.model.pack.PackedMessage;
import java.util.List;

/** The change queue, as the forwarder needs it: one SendMessageBatch worth of messages at a time. */
public interface ChangeQueue {

    /**
     * Enqueues at most 10 messages whose sizes fit one SendMessageBatch, retrying what fails
     * transiently; returns the messages that are still not enqueued (empty when all are).
     */
    List<EntryFailure> send(List<PackedMessage> messages, InvocationMetrics metrics);
}

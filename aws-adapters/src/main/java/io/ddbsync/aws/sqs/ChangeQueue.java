package io.ddbsync.aws.sqs;

import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** The change queue: packed change messages go in, one SendMessageBatch worth at a time. */
public interface ChangeQueue {

    /**
     * Enqueues at most 10 messages whose sizes fit one SendMessageBatch, retrying what fails
     * transiently while time is left; returns the messages that are still not enqueued (empty when all are).
     *
     * @param remainingMillis time left in the invocation
     */
    List<EntryFailure> send(List<PackedMessage> messages, SendObserver observer, LongSupplier remainingMillis);

    /**
     * Enqueues every message, in order, in as many SendMessageBatch requests as their count and sizes
     * need, with no time limit (operator commands). Stops at the first request with a message that
     * could not be enqueued.
     *
     * @throws ChangeQueueException naming the first message not enqueued; the messages before its
     *                              request are enqueued
     */
    default void sendAll(List<PackedMessage> messages) {
        int offset = 0;
        for (List<PackedMessage> request : SendBatches.group(messages, SendBatches.MAX_ENTRIES,
                SendBatches.MAX_TOTAL_BYTES, MessageAttributes.MAX_BYTES)) {
            List<EntryFailure> failures = send(request, SendObserver.NONE, () -> Long.MAX_VALUE);
            if (!failures.isEmpty()) {
                List<EntryFailure> shifted = new ArrayList<>(failures.size());
                for (EntryFailure f : failures) {
                    shifted.add(new EntryFailure(offset + f.index(), f.code(), f.message(), f.permanent()));
                }
                EntryFailure first = failures.get(0);
                PackedMessage m = request.get(first.index());
                throw new ChangeQueueException(failures.size() + " message(s) not enqueued"
                        + (first.permanent() ? " (refused by SQS)" : " (retries exhausted)") + ", first: envelope "
                        + m.envelope().id() + " of table " + m.envelope().table() + ": " + first.code() + " "
                        + first.message(), shifted);
            }
            offset += request.size();
        }
    }
}

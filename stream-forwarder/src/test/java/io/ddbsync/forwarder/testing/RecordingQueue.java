package io.ddbsync.forwarder.testing;

import io.ddbsync.aws.sqs.SendObserver;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.EntryFailure;
import io.ddbsync.model.pack.PackedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An in-memory change queue for unit tests of the forwarding logic: keeps what it accepts and
 * refuses the messages whose overall number (0-based, in the order offered) is in {@code failing}.
 */
public final class RecordingQueue implements ChangeQueue {

    private final Set<Integer> failing;
    private final List<PackedMessage> enqueued = new ArrayList<>();
    private final List<List<PackedMessage>> requests = new ArrayList<>();
    private int offered;

    public RecordingQueue(Set<Integer> failing) {
        this.failing = Set.copyOf(failing);
    }

    @Override
    public List<EntryFailure> send(List<PackedMessage> messages, SendObserver observer, LongSupplier remainingMillis) {
        requests.add(List.copyOf(messages));
        List<EntryFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (failing.contains(offered++)) {
                failures.add(new EntryFailure(i, "InternalError", "injected", false));
            } else {
                enqueued.add(messages.get(i));
            }
        }
        return failures;
    }

    public List<PackedMessage> enqueued() {
        return enqueued;
    }

    public List<List<PackedMessage>> requests() {
        return requests;
    }
}

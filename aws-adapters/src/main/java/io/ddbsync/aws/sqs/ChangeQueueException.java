package io.ddbsync.aws.sqs;

import java.util.List;

/**
 * Messages could not be enqueued: SQS refused them (sender fault) or retries ran out. Names the
 * queue and the first message not enqueued (envelope id, table, SQS error code); never a body.
 */
public class ChangeQueueException extends RuntimeException {

    private final List<EntryFailure> failures;

    public ChangeQueueException(String message, List<EntryFailure> failures) {
        super(message);
        this.failures = List.copyOf(failures);
    }

    /** The messages not enqueued, by their index in the list given to {@link ChangeQueue#sendAll}. */
    public List<EntryFailure> failures() {
        return failures;
    }
}

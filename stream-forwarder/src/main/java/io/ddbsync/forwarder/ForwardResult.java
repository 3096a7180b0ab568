package io.ddbsync.forwarder;

import java.util.List;
import java.util.Optional;

/**
 * What one invocation achieved.
 *
 * @param resumeSequenceNumber the sequence number Lambda must resume from (the first record not safely
 *                             enqueued), empty when every record is enqueued
 * @param resumePosition       that record's index in the event, -1 when none
 * @param failures             why sending stopped (SQS codes and messages), empty on success
 */
public record ForwardResult(Optional<String> resumeSequenceNumber, int resumePosition, List<String> failures) {

    public ForwardResult {
        failures = List.copyOf(failures);
    }

    public static ForwardResult complete() {
        return new ForwardResult(Optional.empty(), -1, List.of());
    }

    public boolean isComplete() {
        return resumeSequenceNumber.isEmpty();
    }
}

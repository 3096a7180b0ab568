package io.ddbsync.aws.sqs;

/**
 * A message SQS did not accept.
 *
 * @param index     its position in the list given to {@link ChangeQueue#send}
 * @param code      the SQS error code or exception type
 * @param message   what SQS said
 * @param permanent true for sender faults (retrying the same request cannot help), false when retries ran out
 */
public record EntryFailure(int index, String code, String message, boolean permanent) {
}

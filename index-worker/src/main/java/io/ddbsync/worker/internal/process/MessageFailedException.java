package io.ddbsync.worker.internal.process;

/** Thrown inside the idempotency guard so a failed message leaves no idempotency record behind. */
public class MessageFailedException extends RuntimeException {

    private final String failedKey;
    private final String failedSequenceNumber;

    public MessageFailedException(String message) {
        this(message, null, null);
    }

    /** Records of the message failed; the first one that did has this key and sequence number. */
    public MessageFailedException(String message, String failedKey, String failedSequenceNumber) {
        super(message);
        this.failedKey = failedKey;
        this.failedSequenceNumber = failedSequenceNumber;
    }

    public MessageFailedException(String message, Throwable cause) {
        super(message, cause);
        this.failedKey = null;
        this.failedSequenceNumber = null;
    }

    /** The key (DynamoDB JSON) of the first record that failed; null when the message failed as a whole. */
    public String failedKey() {
        return failedKey;
    }

    public String failedSequenceNumber() {
        return failedSequenceNumber;
    }
}

package io.ddbsync.worker.internal.idempotency;

/** Another invocation holds the in-progress record of this message: it must be retried later. */
public class MessageInProgressException extends RuntimeException {

    public MessageInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}

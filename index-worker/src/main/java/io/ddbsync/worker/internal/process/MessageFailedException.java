package io.ddbsync.worker.internal.process;

/** Thrown inside the idempotency guard so a failed message leaves no idempotency record behind. */
public class MessageFailedException extends RuntimeException {

    public MessageFailedException(String message) {
        super(message);
    }

    public MessageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

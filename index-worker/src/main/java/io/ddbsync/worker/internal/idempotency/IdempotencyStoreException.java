package io.ddbsync.worker.internal.idempotency;

/** The idempotency store failed (unreachable, misconfigured, inconsistent record): the message is retried. */
public class IdempotencyStoreException extends RuntimeException {

    public IdempotencyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

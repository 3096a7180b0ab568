package io.ddbsync.worker.internal.process;

/** What became of one SQS message. */
public sealed interface MessageResult {

    String messageId();

    /** Every record was written or found stale. */
    record Done(String messageId) implements MessageResult {
    }

    /** Already completed earlier (idempotency record found): nothing written. */
    record Duplicate(String messageId) implements MessageResult {
    }

    /** Must be reported as a batch item failure (retried, then dead-lettered). */
    record Failed(String messageId, String reason) implements MessageResult {
    }

    default boolean failed() {
        return this instanceof Failed;
    }
}

package io.ddbsync.worker.delivery;

/**
 * What became of one {@link Delivery}: a transport handler maps {@link Failed} to its own failure report (SQS: a
 * batch item failure naming the message id) and everything else to success.
 */
public sealed interface DeliveryOutcome {

    /** The {@link Delivery#id()} this outcome is for. */
    String id();

    /** Every record was written or found stale. */
    record Done(String id) implements DeliveryOutcome {
    }

    /** Already completed earlier (idempotency record found): nothing written. */
    record Duplicate(String id) implements DeliveryOutcome {
    }

    /**
     * Must be reported as failed, so the transport delivers it again (SQS: retried, then dead-lettered).
     *
     * @param reason               one line naming what failed (table, key, sequence number where known); never an
     *                             item's values
     * @param failedKey            the key (DynamoDB JSON) of the first record that failed; null when no single record did
     * @param failedSequenceNumber that record's sequence number; null with {@code failedKey}
     */
    record Failed(String id, String reason, String failedKey, String failedSequenceNumber) implements DeliveryOutcome {

        /** A failure of the whole message, not of one of its records. */
        public Failed(String id, String reason) {
            this(id, reason, null, null);
        }
    }

    default boolean failed() {
        return this instanceof Failed;
    }
}

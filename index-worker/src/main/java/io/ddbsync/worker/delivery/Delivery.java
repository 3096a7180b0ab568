package io.ddbsync.worker.delivery;

import java.util.Objects;

/**
 * One message as the worker's core sees it, whatever transport delivered it: the transport's id for it (SQS's
 * {@code messageId}; what a failure is reported under), its body (a change envelope, {@code WireCodec}), and how
 * often it has been delivered.
 *
 * @param id           the transport's message id; never null or blank
 * @param body         the message body (a wire-format change envelope); never null
 * @param receiveCount deliveries so far, this one included (SQS's {@code ApproximateReceiveCount}); 0 when unknown
 */
public record Delivery(String id, String body, int receiveCount) {

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a delivery's id must not be blank");
        }
        if (receiveCount < 0) {
            throw new IllegalArgumentException("receiveCount must be >= 0: " + receiveCount);
        }
    }
}

package io.ddbsync.forwarder;

/**
 * Sending stopped before a record that has no readable sequence number to resume from: the
 * whole batch must be retried (re-sending what was already enqueued is safe).
 */
public class ForwardingException extends RuntimeException {

    public ForwardingException(String message) {
        super(message);
    }
}

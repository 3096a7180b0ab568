package io.ddbsync.localstack;

/** A local service could not be prepared, started or stopped; the message names the service and what failed. */
public final class LocalStackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}

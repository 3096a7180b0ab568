package io.ddbsync.localstack.esm;

/**
 * An event source mapping emulator could not do its own work (bad configuration, a queue or stream it
 * cannot reach, an event the runtime serializer rejects); the message names the poller and what failed.
 * Failures of the handler are not thrown: they are Lambda's business (retry, bisect, DLQ, on-failure).
 */
public final class EsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EsmException(String message) {
        super(message);
    }

    public EsmException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ddbsync.localstack.streams;

/**
 * The emulator could not do its own work: start its HTTP server, reach the DynamoDB server behind it, or read
 * an item image it needs for a stream record. The message names the table or operation; the cause is kept.
 */
public final class StreamsEmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamsEmulatorException(String message) {
        super(message);
    }

    public StreamsEmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}

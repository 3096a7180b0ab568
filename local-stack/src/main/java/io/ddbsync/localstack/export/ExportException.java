package io.ddbsync.localstack.export;

/**
 * A local table export could not be written (a bucket that does not exist or refuses the write, a temporary file
 * that cannot be written, a table that cannot be read); the message names the export and what failed.
 */
public final class ExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}

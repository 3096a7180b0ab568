package io.ddbsync.backfill.export;

/** A data file of a table export could not be read or its items not enqueued; the message names the file (never an item's values). */
public class ExportException extends RuntimeException {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}

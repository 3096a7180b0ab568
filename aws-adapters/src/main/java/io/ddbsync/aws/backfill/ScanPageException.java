package io.ddbsync.aws.backfill;

/**
 * A page of a backfill Scan could not be read or made into records (the Scan failed, an item lacks a key
 * attribute); the message names the table and segment, never item values; the cause is kept.
 */
public final class ScanPageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScanPageException(String message) {
        super(message);
    }

    public ScanPageException(String message, Throwable cause) {
        super(message, cause);
    }
}

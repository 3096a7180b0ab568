package io.ddbsync.backfill;

/** A work item could not be scanned or continued; the message names run, table and segment, the cause is kept. */
public final class BackfillWorkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackfillWorkException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ddbsync.ops.backfill;

/** A backfill could not finish: the scan, the queue or the checkpoint failed. The checkpoint keeps what was done. */
public final class BackfillException extends RuntimeException {

    public BackfillException(String message) {
        super(message);
    }

    public BackfillException(String message, Throwable cause) {
        super(message, cause);
    }
}

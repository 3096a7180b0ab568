package io.ddbsync.aws.backfill;

/** Reading or writing a backfill run's state in S3 failed; the message names the bucket and key, the cause is kept. */
public final class BackfillStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackfillStateException(String message) {
        super(message);
    }

    public BackfillStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

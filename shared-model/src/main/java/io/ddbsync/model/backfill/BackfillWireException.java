package io.ddbsync.model.backfill;

/** A backfill work item or run-state object that is not valid JSON of its type; the message names the field, never item values. */
public final class BackfillWireException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackfillWireException(String message) {
        super(message);
    }

    public BackfillWireException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ddbsync.aws.search;

/** The failure-notes index answered a read with an error. */
public class FailureNotesException extends RuntimeException {

    public FailureNotesException(String message) {
        super(message);
    }
}

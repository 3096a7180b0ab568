package io.ddbsync.aws.opensearch;

/** The failure-notes index answered a read with an error. */
public class FailureNotesException extends RuntimeException {

    public FailureNotesException(String message) {
        super(message);
    }
}

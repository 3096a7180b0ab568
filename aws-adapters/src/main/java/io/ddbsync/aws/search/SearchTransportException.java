package io.ddbsync.aws.search;

/**
 * A call to the search target got no answer (connection refused or reset, I/O error, interrupted): retryable. An
 * answer with an error status is not this exception but a {@link SearchReply} the caller judges.
 */
public class SearchTransportException extends RuntimeException {

    public SearchTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

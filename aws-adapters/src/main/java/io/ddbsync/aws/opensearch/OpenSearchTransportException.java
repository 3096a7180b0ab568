package io.ddbsync.aws.opensearch;

/** The request did not get an answer from OpenSearch (connection, timeout, I/O): retryable. */
public class OpenSearchTransportException extends RuntimeException {

    public OpenSearchTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

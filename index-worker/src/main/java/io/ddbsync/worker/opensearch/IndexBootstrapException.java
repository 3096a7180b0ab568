package io.ddbsync.worker.opensearch;

/** The index, its aliases, its template or the stored script could not be created. */
public class IndexBootstrapException extends RuntimeException {

    public IndexBootstrapException(String message) {
        super(message);
    }

    public IndexBootstrapException(String message, Throwable cause) {
        super(message, cause);
    }
}

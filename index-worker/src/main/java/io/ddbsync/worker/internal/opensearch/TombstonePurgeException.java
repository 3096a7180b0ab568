package io.ddbsync.worker.internal.opensearch;

/** A tombstone purge that OpenSearch refused or only partly ran. */
public class TombstonePurgeException extends RuntimeException {

    public TombstonePurgeException(String message) {
        super(message);
    }
}

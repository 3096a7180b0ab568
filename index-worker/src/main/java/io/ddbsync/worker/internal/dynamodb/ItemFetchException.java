package io.ddbsync.worker.internal.dynamodb;

/** Items could not be read from DynamoDB (throttled past the time budget, unreachable, no access). */
public class ItemFetchException extends RuntimeException {

    public ItemFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}

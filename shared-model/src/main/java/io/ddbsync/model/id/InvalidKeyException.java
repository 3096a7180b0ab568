package io.ddbsync.model.id;

/** Key attributes that cannot name a document (wrong type tag, malformed number or binary); the message says which. */
public class InvalidKeyException extends IllegalArgumentException {

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}

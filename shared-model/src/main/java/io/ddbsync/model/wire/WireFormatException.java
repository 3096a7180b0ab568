package io.ddbsync.model.wire;

/** A message body that is not a valid version-1 envelope; the message says what is wrong. */
public class WireFormatException extends RuntimeException {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

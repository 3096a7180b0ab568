package io.ddbsync.ops.operations;

/** An operation that cannot go on (bad input, a service refusing a call); the message is shown to the operator as one line. */
public class OpsException extends RuntimeException {

    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}

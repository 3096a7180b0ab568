package io.ddbsync.forwarder.internal.map;

/** A stream attribute that is not valid typed DynamoDB data; the message names its path and what is wrong. */
public class InvalidAttributeException extends RuntimeException {

    public InvalidAttributeException(String path, String problem) {
        super("attribute " + path + ": " + problem);
    }

    public InvalidAttributeException(String path, String problem, Throwable cause) {
        super("attribute " + path + ": " + problem, cause);
    }
}

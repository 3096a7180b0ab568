package io.ddbsync.model.pack;

/** A record that cannot be sent in any message, even reduced to its keys; the message names table and sequence number. */
public class PackingException extends RuntimeException {

    public PackingException(String message) {
        super(message);
    }
}

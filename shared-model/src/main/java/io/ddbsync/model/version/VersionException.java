package io.ddbsync.model.version;

/** A timestamp or sequence number that cannot be encoded as a version; the message says which and why. */
public class VersionException extends IllegalArgumentException {

    public VersionException(String message) {
        super(message);
    }
}

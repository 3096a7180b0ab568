package io.ddbsync.model.wire;

/** The stream event name of a change. */
public enum Op {
    INSERT,
    MODIFY,
    REMOVE
}

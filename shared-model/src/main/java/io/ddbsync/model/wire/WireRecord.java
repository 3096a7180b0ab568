package io.ddbsync.model.wire;

/**
 * One entry of an envelope's {@code records}: either a change the forwarder understood or a
 * stream record it could not interpret, carried verbatim so the worker fails it into the DLQ.
 */
public sealed interface WireRecord permits ChangeRecord, RawRecord {

    /** The stream sequence number; may be null only for a {@link RawRecord} whose number was unreadable. */
    String sequenceNumber();
}

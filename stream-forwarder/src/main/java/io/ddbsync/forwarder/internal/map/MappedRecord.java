package io.ddbsync.forwarder.internal.map;

import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireRecord;
import java.util.Objects;

/**
 * One stream record of an invocation, mapped.
 *
 * @param position its index in the event's record list (stream order)
 * @param table    the table it belongs to ({@link StreamRecordMapper#UNKNOWN_TABLE} when the ARN is unreadable)
 * @param record   the wire record: a change, or the record as received when it could not be interpreted
 */
public record MappedRecord(int position, String table, WireRecord record) {

    public MappedRecord {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(record, "record");
    }

    public boolean isRaw() {
        return record instanceof RawRecord;
    }

    /** The record's sequence number when it is a valid one, else null. */
    public String sequenceNumber() {
        return record.sequenceNumber();
    }
}

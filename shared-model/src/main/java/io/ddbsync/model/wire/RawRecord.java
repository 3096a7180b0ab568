package io.ddbsync.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A stream record the forwarder could not interpret, carried as received so it reaches the
 * dead-letter queue with its data. The worker always fails the message that holds it.
 *
 * @param raw    the record as received (JSON)
 * @param reason why the forwarder could not interpret it
 * @param sequenceNumber its SequenceNumber if readable, else null
 */
public record RawRecord(JsonNode raw, String reason, String sequenceNumber) implements WireRecord {

    public RawRecord {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
        raw = raw.deepCopy();
    }

    /** The raw record without a copy, for serialisation inside this package only: never mutate or leak. */
    JsonNode rawShared() {
        return raw;
    }

    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }
}

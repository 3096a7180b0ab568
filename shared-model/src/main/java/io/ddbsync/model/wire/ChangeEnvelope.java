package io.ddbsync.model.wire;

import java.util.List;
import java.util.Objects;

/**
 * The body of one change-queue message (wire format version 1): many changes of one table,
 * in stream order. {@code id} is deterministic and serves as the idempotency key.
 */
public record ChangeEnvelope(int v, String id, String table, List<WireRecord> records) {

    public static final int VERSION = 1;

    public ChangeEnvelope {
        if (v != VERSION) {
            throw new WireFormatException("unsupported envelope version " + v + " (this build reads " + VERSION + ")");
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(table, "table");
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new WireFormatException("envelope " + id + " of table " + table + " has no records");
        }
    }
}

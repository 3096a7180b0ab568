package io.ddbsync.model.wire;

import java.util.List;

/** Deterministic envelope ids: the idempotency key of a message. */
public final class EnvelopeIds {

    private EnvelopeIds() {
    }

    /**
     * An id derived from the table and the records (first and last sequence number, and for
     * backfill records whose seq is "0" also their keys), at most 80 characters of [A-Za-z0-9_-].
     */
    public static String of(String table, List<? extends WireRecord> records) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}

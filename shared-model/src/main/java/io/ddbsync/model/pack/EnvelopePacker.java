package io.ddbsync.model.pack;

import io.ddbsync.model.wire.WireRecord;
import java.util.List;

/**
 * Packs records of one table, in order, into envelopes of at most {@code maxMessageBytes}
 * (UTF-8, envelope overhead included), in time linear in the number of records. A record too
 * large for any message becomes a keys-only {@code fetch} record.
 */
public final class EnvelopePacker {

    public EnvelopePacker(int maxMessageBytes) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    public List<PackedMessage> pack(String table, List<? extends WireRecord> records) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}

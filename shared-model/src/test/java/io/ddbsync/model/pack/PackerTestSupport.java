package io.ddbsync.model.pack;

import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.EnvelopeIds;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Independent size oracle: encodes a one-record envelope the slow, obvious way. */
final class PackerTestSupport {

    private PackerTestSupport() {
    }

    static int alone(String table, WireRecord r) {
        String id = EnvelopeIds.of(table, List.of(r));
        return WireCodec.encode(new ChangeEnvelope(1, id, table, List.of(r))).getBytes(StandardCharsets.UTF_8).length;
    }
}

package io.ddbsync.model.wire;

import static io.ddbsync.model.wire.WireCodecTest.SEQ1;
import static io.ddbsync.model.wire.WireCodecTest.SEQ2;
import static io.ddbsync.model.wire.WireCodecTest.json;
import static io.ddbsync.model.wire.WireCodecTest.modify;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvelopeIdsTest {

    static ChangeRecord backfill(String id, long ts) {
        return new ChangeRecord(Op.INSERT, json("{\"id\":{\"S\":\"" + id + "\"}}"), json("{\"id\":{\"S\":\"" + id + "\"}}"),
                "0", ts, false, false);
    }

    @Test
    void of_sameInput_sameId() {
        List<ChangeRecord> records = List.of(modify("a", SEQ1), modify("b", SEQ2));

        assertThat(EnvelopeIds.of("Posts", records)).isEqualTo(EnvelopeIds.of("Posts", List.copyOf(records)));
    }

    @Test
    void of_anyInput_isShortAndSafe() {
        String longTable = "a.very-long_table.name".repeat(12);
        for (String table : List.of("Posts", longTable, "x.y", "ü")) {
            String id = EnvelopeIds.of(table, List.of(modify("a", SEQ1)));
            assertThat(id).matches("[A-Za-z0-9_-]{1,80}");
            assertThat(id).hasSize(EnvelopeIds.length(table));
        }
        assertThat(EnvelopeIds.of("Posts", List.of(modify("a", SEQ1)))).startsWith("Posts-");
    }

    @Test
    void of_differentTableOrRange_differentIds() {
        Set<String> ids = new HashSet<>();
        ids.add(EnvelopeIds.of("Posts", List.of(modify("a", SEQ1))));
        ids.add(EnvelopeIds.of("Users", List.of(modify("a", SEQ1))));
        ids.add(EnvelopeIds.of("Posts", List.of(modify("a", SEQ2))));
        ids.add(EnvelopeIds.of("Posts", List.of(modify("a", SEQ1), modify("a", SEQ2))));

        assertThat(ids).hasSize(4);
    }

    @Test
    void of_backfillEnvelopesWithSeqZero_distinctByKeysAndScan() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(EnvelopeIds.of("Posts", List.of(backfill("k" + i, 100), backfill("k" + (i + 1), 100))));
        }
        ids.add(EnvelopeIds.of("Posts", List.of(backfill("k0", 200), backfill("k1", 200))));

        assertThat(ids).hasSize(1001);
    }

    @Test
    void of_keyAttributeOrder_doesNotChangeId() {
        ChangeRecord ab = new ChangeRecord(Op.REMOVE, json("{\"a\":{\"S\":\"1\"},\"b\":{\"N\":\"2\"}}"), null, "0", 1, false, false);
        ChangeRecord ba = new ChangeRecord(Op.REMOVE, json("{\"b\":{\"N\":\"2\"},\"a\":{\"S\":\"1\"}}"), null, "0", 1, false, false);

        assertThat(EnvelopeIds.of("T", List.of(ab))).isEqualTo(EnvelopeIds.of("T", List.of(ba)));
    }

    @Test
    void of_rawRecordsWithoutSeq_distinctByContent() {
        String a = EnvelopeIds.of("T", List.of(new RawRecord(json("{\"x\":1}"), "r", null)));
        String b = EnvelopeIds.of("T", List.of(new RawRecord(json("{\"x\":2}"), "r", null)));

        assertThat(a).isNotEqualTo(b);
    }
}

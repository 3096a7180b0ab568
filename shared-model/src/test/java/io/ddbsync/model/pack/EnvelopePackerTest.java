package io.ddbsync.model.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopePackerTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ALPHABET = {"a", "b", "\"", "\\", "\n", "\u0001", "é", "✓", "😀", "/", " ", "\uFFFE", "\uFFFF"};

    static String seq(long n) {
        return String.format("%026d", 10_000_000_000_000_000L + n);
    }

    static ChangeRecord record(long n, String body) {
        ObjectNode keys = NODES.objectNode();
        keys.putObject("id").put("S", "k" + n);
        ObjectNode image = keys.deepCopy();
        image.putObject("body").put("S", body);
        image.putObject("n").put("N", Long.toString(n));
        return new ChangeRecord(n % 7 == 0 ? Op.INSERT : Op.MODIFY, keys, image, seq(n), 1_700_000_000L + n % 13, false, false);
    }

    static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1023, 1_048_577, -1})
    void constructor_limitOutOfRange_fails(int max) {
        assertThatThrownBy(() -> new EnvelopePacker(max)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024..1048576");
    }

    @Test
    void pack_noRecords_noMessages() {
        assertThat(new EnvelopePacker(1024).pack("T", List.of())).isEmpty();
    }

    @Test
    void pack_smallRecords_oneMessageEqualToEncode() {
        List<ChangeRecord> records = List.of(record(1, "x"), record(2, "y"), record(3, "z"));

        List<PackedMessage> out = new EnvelopePacker(262_144).pack("Posts", records);

        assertThat(out).hasSize(1);
        PackedMessage m = out.get(0);
        assertThat(m.body()).isEqualTo(WireCodec.encode(m.envelope()));
        assertThat(m.bodyBytes()).isEqualTo(utf8(m.body()));
        assertThat(m.envelope().records()).containsExactlyElementsOf(records);
        assertThat(m.firstSequenceNumber()).isEqualTo(seq(1));
        assertThat(m.lastSequenceNumber()).isEqualTo(seq(3));
        assertThat(m.oldestTs()).isEqualTo(1_700_000_001L);
        assertThat(m.oversizeRecords()).isZero();
        assertThat(WireCodec.decode(m.body())).isEqualTo(m.envelope());
    }

    @Test
    void pack_recordExactlyFillingTheLimit_fits() {
        EnvelopePacker packer = new EnvelopePacker(2048);
        // grow one record until the message is exactly 2048 bytes
        int pad = 0;
        PackedMessage m;
        do {
            m = packer.pack("T", List.of(record(1, "x".repeat(pad++)))).get(0);
        } while (m.bodyBytes() < 2048 && m.oversizeRecords() == 0);

        assertThat(m.bodyBytes()).isEqualTo(2048);
        assertThat(m.oversizeRecords()).isZero();
        assertThat(packer.pack("T", List.of(record(1, "x".repeat(pad)))).get(0).oversizeRecords()).isEqualTo(1);
    }

    @Test
    void pack_singleRecordLargerThanLimit_becomesFetchRecord() {
        ChangeRecord big = record(5, "x".repeat(5000));
        List<ChangeRecord> records = List.of(record(4, "a"), big, record(6, "b"));

        List<PackedMessage> out = new EnvelopePacker(1024).pack("T", records);

        List<WireRecord> all = out.stream().flatMap(m -> m.envelope().records().stream()).toList();
        assertThat(all).containsExactly(records.get(0), big.asFetch(), records.get(2));
        assertThat(out.stream().mapToInt(PackedMessage::oversizeRecords).sum()).isEqualTo(1);
        ChangeRecord fetch = (ChangeRecord) all.get(1);
        assertThat(fetch.fetch()).isTrue();
        assertThat(fetch.image()).isNull();
        assertThat(fetch.keys()).isEqualTo(big.keys());
    }

    @Test
    void pack_keysTooLargeEvenForFetch_failsNamingSeq() {
        ObjectNode keys = NODES.objectNode();
        keys.putObject("id").put("S", "k".repeat(2000));
        ChangeRecord r = new ChangeRecord(Op.REMOVE, keys, null, seq(9), 1, false, false);

        assertThatThrownBy(() -> new EnvelopePacker(1024).pack("T", List.of(r))).isInstanceOf(PackingException.class)
                .hasMessageContaining("seq " + seq(9));
    }

    @Test
    void pack_rawRecord_travelsAlone() {
        RawRecord raw = new RawRecord(Json.MAPPER.getNodeFactory().objectNode().put("eventName", "X"), "unknown event", seq(2));
        List<WireRecord> records = List.of(record(1, "a"), raw, record(3, "b"));

        List<PackedMessage> out = new EnvelopePacker(262_144).pack("T", records);

        assertThat(out).hasSize(3);
        assertThat(out.get(1).envelope().records()).containsExactly(raw);
        assertThat(out.get(1).oldestTs()).isZero();
    }

    @Test
    void pack_rawRecordTooLarge_truncatedWithReasonSaySo() {
        ObjectNode original = NODES.objectNode();
        original.put("eventName", "X");
        original.put("blob", "\"é\\\n\uFFFF😀".repeat(3000));
        RawRecord raw = new RawRecord(original, "unknown event", seq(2));

        List<PackedMessage> out = new EnvelopePacker(4096).pack("Table", List.of(raw));

        assertThat(out).hasSize(1);
        PackedMessage m = out.get(0);
        assertThat(m.bodyBytes()).isEqualTo(utf8(m.body())).isLessThanOrEqualTo(4096).isGreaterThan(3000);
        assertThat(m.oversizeRecords()).isEqualTo(1);
        RawRecord sent = (RawRecord) WireCodec.decode(m.body()).records().get(0);
        assertThat(sent.sequenceNumber()).isEqualTo(seq(2));
        assertThat(sent.reason()).startsWith("unknown event [raw record of ").contains("truncated");
        assertThat(sent.raw().isTextual()).isTrue();
        assertThat(Json.write(original)).startsWith(sent.raw().textValue());
    }

    @Test
    void pack_randomSizes_everyMessageWithinLimitEveryRecordOnceInOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            int max = 1024 + random.nextInt(round % 3 == 0 ? 2000 : 60_000);
            int count = 1 + random.nextInt(120);
            String table = round % 2 == 0 ? "Posts" : "Täble.with-a-longer_name." + "x".repeat(random.nextInt(200));
            List<WireRecord> records = new ArrayList<>();
            List<WireRecord> expected = new ArrayList<>();
            int expectedOversize = 0;
            EnvelopePacker packer = new EnvelopePacker(max);
            for (int i = 0; i < count; i++) {
                int size = random.nextInt(20) == 0 ? random.nextInt(3 * max) : random.nextInt(Math.max(1, max / 8));
                if (random.nextInt(50) == 0) {
                    RawRecord raw = new RawRecord(NODES.textNode(randomText(random, size)), "reason " + i,
                            random.nextBoolean() ? seq(i) : null);
                    records.add(raw);
                    expected.add(raw);
                    continue;
                }
                ChangeRecord r = record(i, randomText(random, size));
                records.add(r);
                boolean fits = PackerTestSupport.alone(table, r) <= max;
                expected.add(fits ? r : r.asFetch());
                expectedOversize += fits ? 0 : 1;
            }

            List<PackedMessage> out = packer.pack(table, records);

            List<WireRecord> seen = new ArrayList<>();
            int oversize = 0;
            for (int i = 0; i < out.size(); i++) {
                PackedMessage m = out.get(i);
                assertThat(m.bodyBytes()).as("exact size").isEqualTo(utf8(m.body()));
                assertThat(m.bodyBytes()).as("within limit").isLessThanOrEqualTo(max);
                assertThat(m.body()).as("sendable to SQS").doesNotContain("\uFFFE").doesNotContain("\uFFFF");
                assertThat(m.body()).isEqualTo(WireCodec.encode(m.envelope()));
                ChangeEnvelope decoded = WireCodec.decode(m.body());
                assertThat(decoded).isEqualTo(m.envelope());
                List<WireRecord> rs = m.envelope().records();
                if (rs.stream().anyMatch(r -> r instanceof RawRecord)) {
                    assertThat(rs).hasSize(1);
                } else if (i + 1 < out.size() && out.get(i + 1).envelope().records().get(0) instanceof ChangeRecord next) {
                    // greedy: the next message's first record did not fit in this one
                    int nextSize = utf8(Json.write(WireCodec.toJson(next)));
                    assertThat(m.bodyBytes() + 1 + nextSize).isGreaterThan(max);
                }
                seen.addAll(rs);
                oversize += m.oversizeRecords();
            }
            List<WireRecord> expectedNonRaw = expected.stream().filter(r -> r instanceof ChangeRecord).toList();
            assertThat(seen.stream().filter(r -> r instanceof ChangeRecord).toList()).isEqualTo(expectedNonRaw);
            assertThat(seen).hasSameSizeAs(records);
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i) instanceof RawRecord raw) {
                    RawRecord got = (RawRecord) seen.get(i);
                    assertThat(got.sequenceNumber()).isEqualTo(raw.sequenceNumber());
                    assertThat(got.reason()).startsWith(raw.reason());
                    if (!got.equals(raw)) {
                        oversize--; // a truncated raw record also counts as oversize
                    }
                }
            }
            assertThat(oversize).isEqualTo(expectedOversize);
        }
    }
}

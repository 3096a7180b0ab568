package io.ddbsync.model.pack;

import static io.ddbsync.model.pack.EnvelopePackerTest.randomText;
import static io.ddbsync.model.pack.EnvelopePackerTest.record;
import static io.ddbsync.model.pack.EnvelopePackerTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing into version-2 (gzip + base64) bodies: exact sizes on the encoded body, every record once, in order. */
class CompressedPackingTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Text that compresses like prose: words drawn from a small vocabulary. */
    private static String prose(Random random, int length) {
        String[] words = {"포스트", "검색", "DynamoDB", "stream", "인덱스", "the", "queue", "람다", "변경", "블록", "✓", "\"q\""};
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return sb.substring(0, length);
    }

    @Test
    void pack_gzip_bodyIsVersion2AndDecodesToTheEnvelope() {
        List<WireRecord> records = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 300; i++) {
            records.add(record(i, prose(random, 1000)));
        }

        List<PackedMessage> out = new EnvelopePacker(262_144, Compression.GZIP).pack("Posts", records);

        assertThat(out).hasSize(1);
        PackedMessage m = out.get(0);
        assertThat(m.body()).startsWith("{\"v\":2,\"id\":\"" + m.envelope().id() + "\",\"table\":\"Posts\",\"enc\":\"gzip\"");
        assertThat(m.bodyBytes()).isEqualTo(utf8(m.body()));
        assertThat(WireCodec.decode(m.body())).isEqualTo(m.envelope());
        assertThat(m.envelope().records()).isEqualTo(records);
        // the same records plain take about 1.2 KB each; compressed far less
        assertThat(m.bodyBytes()).isLessThan(new EnvelopePacker(1_048_576).pack("Posts", records).get(0).bodyBytes() / 2);
    }

    @Test
    void pack_gzipRandomSizesAndEntropy_everyBodyExactAndWithinLimitEveryRecordOnceInOrder() {
        Random random = new Random(11);
        for (int round = 0; round < 40; round++) {
            int max = 1024 + random.nextInt(round % 3 == 0 ? 3000 : 120_000);
            int count = 1 + random.nextInt(300);
            String table = round % 2 == 0 ? "Posts" : "Täble.with-a-longer_name." + "x".repeat(random.nextInt(200));
            boolean incompressible = round % 4 == 1;
            List<WireRecord> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int size = random.nextInt(20) == 0 ? random.nextInt(3 * max) : random.nextInt(Math.max(1, max / 6));
                if (random.nextInt(60) == 0) {
                    records.add(new RawRecord(NODES.textNode(prose(random, size)), "reason " + i, null));
                    continue;
                }
                records.add(record(i, incompressible ? randomText(random, size) : prose(random, size)));
            }

            List<PackedMessage> out = new EnvelopePacker(max, Compression.GZIP).pack(table, records);

            List<WireRecord> seen = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                PackedMessage m = out.get(i);
                assertThat(m.bodyBytes()).as("exact size").isEqualTo(utf8(m.body()));
                assertThat(m.bodyBytes()).as("within limit").isLessThanOrEqualTo(max);
                ChangeEnvelope decoded = WireCodec.decode(m.body());
                assertThat(decoded).isEqualTo(m.envelope());
                boolean raw = m.envelope().records().get(0) instanceof RawRecord;
                assertThat(m.body()).startsWith(raw ? "{\"v\":1," : "{\"v\":2,");
                if (!raw && i + 1 < out.size() && out.get(i + 1).envelope().records().get(0) instanceof ChangeRecord next
                        && !next.fetch()) {
                    // greedy: this message plus the next one's first record, gzipped in one pass, is (nearly) too large
                    List<WireRecord> plusOne = new ArrayList<>(m.envelope().records());
                    plusOne.add(next);
                    String best = WireCodec.encodeCompressed(new ChangeEnvelope(1, m.envelope().id(), table, plusOne));
                    // the flushes that make sizes exact cost a little: within 2.5 % of one-pass gzip from 16 KB
                    int slack = (max < 16_384 ? max / 6 : max / 40) + 300;
                    assertThat(utf8(best)).as("round %d message %d could have taken the next record", round, i)
                            .isGreaterThan(max - slack);
                }
                seen.addAll(m.envelope().records());
            }
            assertThat(seen).hasSameSizeAs(records);
            for (int i = 0; i < records.size(); i++) {
                WireRecord want = records.get(i);
                WireRecord got = seen.get(i);
                if (want instanceof ChangeRecord c && !got.equals(c)) {
                    assertThat(got).as("only oversize records change, to keys only").isEqualTo(c.asFetch());
                }
                assertThat(got.sequenceNumber()).isEqualTo(want.sequenceNumber());
            }
        }
    }

    @Test
    void pack_gzipIncompressibleRecordThatFitsOnlyPlain_becomesFetch() {
        Random random = new Random(3);
        // random printable ASCII (6.5 bits a byte): gzip saves less than base64 adds, so it fits plain only
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3600; i++) {
            char c = (char) (' ' + random.nextInt(95));
            text.append(c == '"' || c == '\\' ? 'q' : c);
        }
        ChangeRecord r = record(1, text.toString());
        int plain = PackerTestSupport.alone("T", r);
        assertThat(plain).isBetween(3600, 4096);

        List<PackedMessage> out = new EnvelopePacker(4096, Compression.GZIP).pack("T", List.of(r));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).envelope().records()).containsExactly(r.asFetch());
        assertThat(out.get(0).oversizeRecords()).isEqualTo(1);
        assertThat(out.get(0).bodyBytes()).isLessThanOrEqualTo(4096);
    }

    @Test
    void gzipRecords_manyFlushes_producesOneValidMemberOfTheKeptRecords() {
        Random random = new Random(5);
        GzipRecords gzip = new GzipRecords(java.util.zip.Deflater.DEFAULT_COMPRESSION);
        List<WireRecord> kept = new ArrayList<>();
        int room = 6000;
        for (int i = 0; ; i++) {
            ChangeRecord r = record(i, randomText(random, 300));
            if (!gzip.tryAdd(WireCodec.encodeRecord(r).getBytes(java.nio.charset.StandardCharsets.UTF_8), room)) {
                break;
            }
            kept.add(r);
        }
        byte[] member = gzip.finish();

        assertThat(member.length).isLessThanOrEqualTo(room).isGreaterThan(room - 1200);
        String body = WireCodec.compressedPrefix("e", "T") + java.util.Base64.getEncoder().encodeToString(member)
                + WireCodec.COMPRESSED_SUFFIX;
        assertThat(WireCodec.decode(body).records()).isEqualTo(kept);
    }
}

package io.ddbsync.model.pack;

import com.fasterxml.jackson.databind.node.TextNode;
import io.ddbsync.model.json.Json;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.EnvelopeIds;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * Packs records of one table, in order, into envelopes of at most {@code maxMessageBytes}
 * (UTF-8, envelope overhead included), in time linear in the number of records. A record too
 * large for any message becomes a keys-only {@code fetch} record.
 *
 * <p>Each record is serialised once; its exact UTF-8 size plus one comma is added to a running
 * total that starts at the exact envelope overhead (the id's length is fixed per table), so the
 * buffer is never re-serialised. A {@link RawRecord} always travels alone (the worker fails its
 * whole message); one too large for a message is replaced by a raw record holding its JSON text
 * truncated to fit, with the reason saying so. Records are never dropped: one that cannot fit even
 * as keys only is a {@link PackingException}.
 *
 * <p>With {@link Compression#GZIP} change records travel in version-2 bodies (records gzipped,
 * base64 in a JSON string) and every body is at most {@code maxMessageBytes} as sent, i.e. after
 * compression and base64: {@link GzipRecords} knows the exact gzip size before it keeps a record,
 * and the body adds a fixed prefix and suffix and 4 bytes of base64 per 3 bytes of gzip. Each
 * record is still serialised once and compressed once (the record that closes a message twice).
 * A record that fits a plain message but not a compressed one alone (incompressible text grows by
 * base64's third) becomes a {@code fetch} record. Raw records always travel plain (version 1), so
 * the dead-letter queue shows them as they are.
 */
public final class EnvelopePacker {

    public static final int MIN_MESSAGE_BYTES = 1024;
    public static final int MAX_MESSAGE_BYTES = 1_048_576;
    /** The reason of a truncated raw record is cut to this many characters so the raw text keeps room. */
    static final int MAX_REASON_CHARS = 1000;

    private final int maxMessageBytes;
    private final Compression compression;

    /** A packer of plain (version-1) bodies. */
    public EnvelopePacker(int maxMessageBytes) {
        this(maxMessageBytes, Compression.NONE);
    }

    public EnvelopePacker(int maxMessageBytes, Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be in " + MIN_MESSAGE_BYTES + ".." + MAX_MESSAGE_BYTES
                    + ", got " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public Compression compression() {
        return compression;
    }

    public List<PackedMessage> pack(String table, List<? extends WireRecord> records) {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("table must be named");
        }
        List<PackedMessage> out = new ArrayList<>();
        if (records.isEmpty()) {
            return out;
        }
        int overhead = overhead(table);
        Batch batch = new Batch(table, overhead);
        CompressedBatch compressed = compression == Compression.GZIP ? new CompressedBatch(table) : null;
        try {
            for (WireRecord record : records) {
                Encoded e = encode(record);
                if (overhead + e.bytes > maxMessageBytes) {
                    e = shrink(table, record, overhead);
                }
                if (compressed != null && !(e.record instanceof RawRecord)) {
                    compressed.add(e, out);
                    continue;
                }
                if (compressed != null) {
                    compressed.flushTo(out);
                }
                packPlain(e, batch, out);
            }
            if (compressed != null) {
                compressed.flushTo(out);
            }
        } finally {
            if (compressed != null) {
                compressed.gzip.discard();
            }
        }
        batch.flushTo(out);
        return out;
    }

    private void packPlain(Encoded e, Batch batch, List<PackedMessage> out) {
            if (e.record instanceof RawRecord) {
                batch.flushTo(out);
                batch.add(e);
                batch.flushTo(out);
                return;
            }
            if (!batch.isEmpty() && batch.bytes + 1 + e.bytes > maxMessageBytes) {
                batch.flushTo(out);
            }
            batch.add(e);
    }

    /** Exact UTF-8 size of a version-2 body of {@code table} without its base64 text. */
    static int compressedOverhead(String table) {
        String placeholderId = "x".repeat(EnvelopeIds.length(table));
        return Json.utf8Length(WireCodec.compressedPrefix(placeholderId, table)) + WireCodec.COMPRESSED_SUFFIX.length();
    }

    /** Exact UTF-8 size of an envelope of {@code table} without records: prefix (with the id) and suffix. */
    static int overhead(String table) {
        String placeholderId = "x".repeat(EnvelopeIds.length(table));
        return Json.utf8Length(WireCodec.envelopePrefix(placeholderId, table)) + WireCodec.ENVELOPE_SUFFIX.length();
    }

    private static Encoded encode(WireRecord record) {
        String text = WireCodec.encodeRecord(record);
        return new Encoded(record, text, Json.utf8Length(text), false);
    }

    private Encoded shrink(String table, WireRecord record, int overhead) {
        int room = maxMessageBytes - overhead;
        if (record instanceof ChangeRecord c) {
            Encoded fetch = encode(c.asFetch());
            if (fetch.bytes > room) {
                throw new PackingException("table " + table + " seq " + c.sequenceNumber() + ": record of keys only is " + fetch.bytes
                        + " bytes, more than the " + room + " bytes a message of " + maxMessageBytes + " bytes leaves");
            }
            return new Encoded(fetch.record, fetch.text, fetch.bytes, true);
        }
        RawRecord raw = (RawRecord) record;
        String original = Json.write(raw.raw());
        String reason = raw.reason().length() > MAX_REASON_CHARS ? raw.reason().substring(0, MAX_REASON_CHARS) + "…" : raw.reason();
        reason = reason + " [raw record of " + Json.utf8Length(original) + " bytes truncated to fit a message of "
                + maxMessageBytes + " bytes]";
        Encoded empty = encode(new RawRecord(TextNode.valueOf(""), reason, raw.sequenceNumber()));
        int budget = room - empty.bytes;
        if (budget < 0) {
            throw new PackingException("table " + table + " seq " + raw.sequenceNumber() + ": raw record cannot fit a message of "
                    + maxMessageBytes + " bytes even truncated");
        }
        int length = prefixFitting(original, budget);
        while (true) {
            Encoded truncated = encode(new RawRecord(TextNode.valueOf(original.substring(0, length)), reason, raw.sequenceNumber()));
            if (truncated.bytes <= room) {
                return new Encoded(truncated.record, truncated.text, truncated.bytes, true);
            }
            // the cost table is an upper bound, so this is not expected; shrink rather than overflow
            length = Math.max(0, Math.min(length - 1, length - (truncated.bytes - room)));
            if (length > 0 && Character.isLowSurrogate(original.charAt(length))) {
                length--;
            }
        }
    }

    /** Length of the longest prefix of {@code s} whose JSON string escaping takes at most {@code budget} UTF-8 bytes. */
    static int prefixFitting(String s, int budget) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int width = 1;
            int cost;
            if (c == '"' || c == '\\') {
                cost = 2;
            } else if (c == '\uFFFE' || c == '\uFFFF') {
                cost = 6; // written as \\ufffe / \\uffff so SQS accepts the body
            } else if (c < 0x20) {
                cost = 6; // \n, \t… take 2, others \\u00XX 6: count the worst case
            } else if (c < 0x80) {
                cost = 1;
            } else if (c < 0x800) {
                cost = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                cost = 4;
                width = 2;
            } else {
                cost = 3;
            }
            if (used + cost > budget) {
                break;
            }
            used += cost;
            i += width;
        }
        return i;
    }

    private record Encoded(WireRecord record, String text, int bytes, boolean oversize) {
    }

    /** Change records of the version-2 message being filled; its exact size is known at each step. */
    private final class CompressedBatch {
        private final String table;
        private final int overhead;
        /** The largest gzip member whose base64 fits the body: 3 bytes per 4 characters. */
        private final int room;
        private final GzipRecords gzip = new GzipRecords(Deflater.DEFAULT_COMPRESSION);
        private List<WireRecord> records = new ArrayList<>();
        private int oversize;

        CompressedBatch(String table) {
            this.table = table;
            this.overhead = compressedOverhead(table);
            this.room = (maxMessageBytes - overhead) / 4 * 3;
        }

        void add(Encoded e, List<PackedMessage> out) {
            if (tryAdd(e)) {
                return;
            }
            if (!records.isEmpty()) {
                flushTo(out);
                if (tryAdd(e)) {
                    return;
                }
            }
            // Alone it does not fit compressed (base64 makes incompressible text larger): keys only.
            gzip.reset();
            ChangeRecord c = (ChangeRecord) e.record;
            Encoded fetch = encode(c.asFetch());
            if (!tryAdd(new Encoded(fetch.record, fetch.text, fetch.bytes, true))) {
                throw new PackingException("table " + table + " seq " + c.sequenceNumber() + ": record of keys only does not fit a "
                        + "compressed message of " + maxMessageBytes + " bytes");
            }
        }

        private boolean tryAdd(Encoded e) {
            if (!gzip.tryAdd(e.text.getBytes(StandardCharsets.UTF_8), room)) {
                return false;
            }
            records.add(e.record);
            oversize += e.oversize ? 1 : 0;
            return true;
        }

        void flushTo(List<PackedMessage> out) {
            if (records.isEmpty()) {
                return;
            }
            byte[] member = gzip.finish();
            String id = EnvelopeIds.of(table, records);
            String body = WireCodec.compressedPrefix(id, table) + Base64.getEncoder().encodeToString(member)
                    + WireCodec.COMPRESSED_SUFFIX;
            int bytes = overhead + (member.length + 2) / 3 * 4;
            if (member.length > room || bytes > maxMessageBytes) {
                throw new IllegalStateException("compressed message of table " + table + " takes " + bytes + " bytes, more than "
                        + maxMessageBytes);
            }
            long oldestTs = Long.MAX_VALUE;
            for (WireRecord r : records) {
                oldestTs = Math.min(oldestTs, ((ChangeRecord) r).ts());
            }
            out.add(new PackedMessage(new ChangeEnvelope(ChangeEnvelope.VERSION, id, table, records), body, bytes,
                    records.get(0).sequenceNumber(), records.get(records.size() - 1).sequenceNumber(), oldestTs, oversize));
            records = new ArrayList<>();
            oversize = 0;
            gzip.reset();
        }
    }

    /** The records of the message being filled, with their text and the message's exact size so far. */
    private static final class Batch {
        private final String table;
        private final int overhead;
        private List<WireRecord> records = new ArrayList<>();
        private List<String> texts = new ArrayList<>();
        private int bytes;
        private int oversize;

        Batch(String table, int overhead) {
            this.table = table;
            this.overhead = overhead;
            this.bytes = overhead;
        }

        boolean isEmpty() {
            return records.isEmpty();
        }

        void add(Encoded e) {
            bytes += e.bytes + (records.isEmpty() ? 0 : 1);
            records.add(e.record);
            texts.add(e.text);
            oversize += e.oversize ? 1 : 0;
        }

        void flushTo(List<PackedMessage> out) {
            if (records.isEmpty()) {
                return;
            }
            String id = EnvelopeIds.of(table, records);
            String body = WireCodec.assemble(id, table, texts);
            long oldestTs = Long.MAX_VALUE;
            for (WireRecord r : records) {
                if (r instanceof ChangeRecord c) {
                    oldestTs = Math.min(oldestTs, c.ts());
                }
            }
            out.add(new PackedMessage(new ChangeEnvelope(ChangeEnvelope.VERSION, id, table, records), body, bytes,
                    records.get(0).sequenceNumber(), records.get(records.size() - 1).sequenceNumber(),
                    oldestTs == Long.MAX_VALUE ? 0 : oldestTs, oversize));
            records = new ArrayList<>();
            texts = new ArrayList<>();
            bytes = overhead;
            oversize = 0;
        }
    }
}

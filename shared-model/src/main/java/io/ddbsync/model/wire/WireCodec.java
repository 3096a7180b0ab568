package io.ddbsync.model.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Strict JSON encoding/decoding of the wire format (see docs/DESIGN.md and this module's README).
 *
 * <p>Version 1 carries the records as a JSON array; version 2 carries the same array gzipped and
 * base64-encoded in a string: {@code {"v":2,"id":..,"table":..,"enc":"gzip","records":"H4sI.."}}.
 * {@link #decode} reads both, so messages of either kind drain during an upgrade; both decode to
 * the same {@link ChangeEnvelope}.
 *
 * <p>Envelope: {@code {"v":1,"id":..,"table":..,"records":[..]}}. A change record has exactly the
 * fields {@code op, keys, image, seq, ts, fetch, ttl} ({@code image} is {@code null} for fetch records and for a
 * REMOVE, except the old image a TTL removal may carry — decoders from before that reject it, so upgrade the worker
 * first); a raw record has exactly {@code raw, reason, seq} ({@code seq} may be null).
 * Decoding rejects unknown versions, missing, extra or wrongly typed fields, unknown ops, malformed
 * sequence numbers and trailing content, naming the field and, where known, the envelope id,
 * record index and sequence number.
 */
public final class WireCodec {

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    private static final Set<String> ENVELOPE_FIELDS = Set.of("v", "id", "table", "records");
    private static final Set<String> COMPRESSED_ENVELOPE_FIELDS = Set.of("v", "id", "table", "enc", "records");

    /** Wire version of a body whose records are compressed. */
    public static final int COMPRESSED_VERSION = 2;
    /** The one {@code enc} value of version 2. */
    public static final String GZIP = "gzip";
    /**
     * Largest decompressed records array a version-2 body may hold (a guard against a body that
     * inflates without bound; a full 1 MiB message of real changes inflates to a few MiB).
     */
    public static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;
    private static final Set<String> CHANGE_FIELDS = Set.of("op", "keys", "image", "seq", "ts", "fetch", "ttl");
    private static final Set<String> RAW_FIELDS = Set.of("raw", "reason", "seq");

    /** Largest {@code ts} that fits the 12 digits of a version. */
    static final long MAX_TS = 999_999_999_999L;

    private WireCodec() {
    }

    /** The message body of an envelope (compact JSON, UTF-8 when sent). */
    public static String encode(ChangeEnvelope envelope) {
        List<String> parts = new ArrayList<>(envelope.records().size());
        for (WireRecord r : envelope.records()) {
            parts.add(encodeRecord(r));
        }
        return assemble(envelope.id(), envelope.table(), parts);
    }

    /**
     * The envelope body from already encoded records. {@link #encode} is exactly this, so a caller
     * that sized each record's text can know the body's size without serialising it again.
     */
    public static String assemble(String id, String table, List<String> encodedRecords) {
        String prefix = envelopePrefix(id, table);
        int length = prefix.length() + ENVELOPE_SUFFIX.length() + encodedRecords.size();
        for (String s : encodedRecords) {
            length += s.length();
        }
        StringBuilder sb = new StringBuilder(length).append(prefix);
        for (int i = 0; i < encodedRecords.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(encodedRecords.get(i));
        }
        return sb.append(ENVELOPE_SUFFIX).toString();
    }

    /** Everything before the first record: {@code {"v":1,"id":"..","table":"..","records":[}. */
    public static String envelopePrefix(String id, String table) {
        return "{\"v\":" + ChangeEnvelope.VERSION + ",\"id\":" + Json.quote(id) + ",\"table\":" + Json.quote(table)
                + ",\"records\":[";
    }

    /** Everything after the last record. */
    public static final String ENVELOPE_SUFFIX = "]}";

    /** The version-2 body of an envelope: its records' JSON array, gzipped, in base64. */
    public static String encodeCompressed(ChangeEnvelope envelope) {
        StringBuilder array = new StringBuilder("[");
        for (WireRecord r : envelope.records()) {
            array.append(array.length() == 1 ? "" : ",").append(encodeRecord(r));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(array.append(']').toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip in memory", e);
        }
        return compressedPrefix(envelope.id(), envelope.table()) + Base64.getEncoder().encodeToString(bytes.toByteArray())
                + COMPRESSED_SUFFIX;
    }

    /** Everything before the base64 text of a version-2 body: {@code {"v":2,"id":"..","table":"..","enc":"gzip","records":"}. */
    public static String compressedPrefix(String id, String table) {
        return "{\"v\":" + COMPRESSED_VERSION + ",\"id\":" + Json.quote(id) + ",\"table\":" + Json.quote(table)
                + ",\"enc\":\"" + GZIP + "\",\"records\":\"";
    }

    /** Everything after the base64 text of a version-2 body. */
    public static final String COMPRESSED_SUFFIX = "\"}";

    /** Parses a message body; any unknown version, missing field or wrong type is a {@link WireFormatException} naming it. */
    public static ChangeEnvelope decode(String body) {
        if (body == null || body.isBlank()) {
            throw new WireFormatException("envelope: body is empty");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WireFormatException("envelope: body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WireFormatException("envelope: body must be a JSON object, got " + kind(root));
        }
        Where where = new Where(null, -1, null);
        // Check the version first: a future version may have a different shape.
        JsonNode v = required(root, "v", where);
        if (!v.isIntegralNumber()) {
            throw where.error("field 'v' must be an integer, got " + kind(v));
        }
        if (v.canConvertToInt() && v.intValue() == COMPRESSED_VERSION) {
            return decodeCompressed(root);
        }
        if (!v.canConvertToInt() || v.intValue() != ChangeEnvelope.VERSION) {
            throw where.error("unsupported version v=" + v.asText() + " (this build reads " + ChangeEnvelope.VERSION + " and "
                    + COMPRESSED_VERSION + ")");
        }
        String id = text(root, "id", where);
        if (id.isEmpty()) {
            throw where.error("field 'id' must not be empty");
        }
        where = new Where(id, -1, null);
        rejectUnknownFields(root, ENVELOPE_FIELDS, where);
        String table = text(root, "table", where);
        if (table.isEmpty()) {
            throw where.error("field 'table' must not be empty");
        }
        return envelope(id, table, required(root, "records", where), where);
    }

    private static ChangeEnvelope decodeCompressed(JsonNode root) {
        Where where = new Where(null, -1, null);
        String id = text(root, "id", where);
        if (id.isEmpty()) {
            throw where.error("field 'id' must not be empty");
        }
        where = new Where(id, -1, null);
        rejectUnknownFields(root, COMPRESSED_ENVELOPE_FIELDS, where);
        String table = text(root, "table", where);
        if (table.isEmpty()) {
            throw where.error("field 'table' must not be empty");
        }
        String enc = text(root, "enc", where);
        if (!enc.equals(GZIP)) {
            throw where.error("field 'enc' has unknown value '" + enc + "' (this build reads " + GZIP + ")");
        }
        byte[] gzipped;
        try {
            gzipped = Base64.getDecoder().decode(text(root, "records", where));
        } catch (IllegalArgumentException e) {
            throw where.error("field 'records' is not base64: " + e.getMessage(), e);
        }
        JsonNode records;
        try {
            records = Json.MAPPER.readTree(gunzip(gzipped, where));
        } catch (IOException e) {
            throw where.error("field 'records' does not decompress to JSON: " + e.getMessage(), e);
        }
        return envelope(id, table, records, where);
    }

    private static byte[] gunzip(byte[] gzipped, Where where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, gzipped.length * 4));
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_INFLATED_BYTES) {
                    throw where.error("field 'records' inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw where.error("field 'records' is not valid gzip: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static ChangeEnvelope envelope(String id, String table, JsonNode records, Where where) {
        if (records == null || !records.isArray()) {
            throw where.error("field 'records' must be an array, got " + kind(records));
        }
        if (records.isEmpty()) {
            throw where.error("field 'records' must not be empty");
        }
        List<WireRecord> parsed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            parsed.add(parseRecord(records.get(i), new Where(id, i, null)));
        }
        return new ChangeEnvelope(ChangeEnvelope.VERSION, id, table, parsed);
    }

    /** One record as it appears inside {@code records}. */
    public static ObjectNode toJson(WireRecord record) {
        return tree(record).deepCopy();
    }

    /** The compact JSON text of one record, exactly as {@link #encode} writes it inside {@code records}. */
    public static String encodeRecord(WireRecord record) {
        return Json.write(tree(record));
    }

    /** The record's tree sharing the record's own nodes (no copy): only serialise it, never hand it out. */
    private static ObjectNode tree(WireRecord record) {
        ObjectNode node = NODES.objectNode();
        if (record instanceof ChangeRecord c) {
            node.put("op", c.op().name());
            node.set("keys", c.keysShared());
            node.set("image", c.imageShared() == null ? NODES.nullNode() : c.imageShared());
            node.put("seq", c.sequenceNumber());
            node.put("ts", c.ts());
            node.put("fetch", c.fetch());
            node.put("ttl", c.ttl());
        } else if (record instanceof RawRecord r) {
            node.set("raw", r.rawShared());
            node.put("reason", r.reason());
            if (r.sequenceNumber() == null) {
                node.putNull("seq");
            } else {
                node.put("seq", r.sequenceNumber());
            }
        } else {
            throw new IllegalArgumentException("unknown record type " + record);
        }
        return node;
    }

    /** Parses one element of {@code records}. */
    public static WireRecord recordFromJson(JsonNode node) {
        return parseRecord(node, new Where(null, Where.STANDALONE, null));
    }

    private static WireRecord parseRecord(JsonNode node, Where where) {
        if (node == null || !node.isObject()) {
            throw where.error("record must be a JSON object, got " + kind(node));
        }
        // Name the sequence number in errors as early as possible.
        JsonNode seqNode = node.get("seq");
        if (seqNode != null && seqNode.isTextual()) {
            where = where.withSeq(seqNode.textValue());
        }
        return node.has("raw") ? parseRaw(node, where) : parseChange(node, where);
    }

    private static RawRecord parseRaw(JsonNode node, Where where) {
        rejectUnknownFields(node, RAW_FIELDS, where);
        JsonNode raw = required(node, "raw", where);
        String reason = text(node, "reason", where);
        JsonNode seq = required(node, "seq", where);
        if (!seq.isNull() && !seq.isTextual()) {
            throw where.error("field 'seq' must be a string or null, got " + kind(seq));
        }
        return new RawRecord(raw, reason, seq.isNull() ? null : seq.textValue());
    }

    private static ChangeRecord parseChange(JsonNode node, Where where) {
        rejectUnknownFields(node, CHANGE_FIELDS, where);
        String opText = text(node, "op", where);
        Op op;
        try {
            op = Op.valueOf(opText);
        } catch (IllegalArgumentException e) {
            throw where.error("field 'op' has unknown value '" + opText + "' (expected INSERT, MODIFY or REMOVE)", e);
        }
        String seq = text(node, "seq", where);
        if (!isValidSeq(seq)) {
            throw where.error("field 'seq' must be 1-20 decimal digits (a read) or 21-40 (a stream sequence number), got '" + seq + "'");
        }
        JsonNode keys = required(node, "keys", where);
        if (!keys.isObject()) {
            throw where.error("field 'keys' must be an object, got " + kind(keys));
        }
        if (keys.isEmpty()) {
            throw where.error("field 'keys' must not be empty");
        }
        JsonNode image = required(node, "image", where);
        if (!image.isNull() && !image.isObject()) {
            throw where.error("field 'image' must be an object or null, got " + kind(image));
        }
        JsonNode ts = required(node, "ts", where);
        if (!ts.isIntegralNumber() || !ts.canConvertToLong() || ts.longValue() < 0 || ts.longValue() > MAX_TS) {
            throw where.error("field 'ts' must be an integer of epoch seconds in 0.." + MAX_TS + ", got " + ts);
        }
        boolean fetch = bool(node, "fetch", where);
        boolean ttl = bool(node, "ttl", where);
        try {
            return new ChangeRecord(op, (ObjectNode) keys, image.isNull() ? null : (ObjectNode) image,
                    seq, ts.longValue(), fetch, ttl);
        } catch (IllegalArgumentException e) {
            throw where.error(e.getMessage(), e);
        }
    }

    /**
     * A read's 1–20 ASCII digits (the nanosecond of its second; "0" for a backfill image from before reads carried
     * it — decoders from before that refuse other values, so upgrade the worker first) or a stream sequence number's
     * 21–40.
     */
    static boolean isValidSeq(String seq) {
        int n = seq.length();
        if (n < 1 || n > 40) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = seq.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static void rejectUnknownFields(JsonNode node, Set<String> allowed, Where where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw where.error("unknown field '" + name + "'");
            }
        }
    }

    private static JsonNode required(JsonNode node, String field, Where where) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw where.error("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field, Where where) {
        JsonNode value = required(node, field, where);
        if (!value.isTextual()) {
            throw where.error("field '" + field + "' must be a string, got " + kind(value));
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode node, String field, Where where) {
        JsonNode value = required(node, field, where);
        if (!value.isBoolean()) {
            throw where.error("field '" + field + "' must be a boolean, got " + kind(value));
        }
        return value.booleanValue();
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType t = node.getNodeType();
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Where in a body an error is: envelope id, record index, sequence number, when known. */
    private record Where(String envelopeId, int recordIndex, String sequenceNumber) {

        /** Record index of a record parsed on its own, outside an envelope. */
        static final int STANDALONE = -2;

        Where withSeq(String s) {
            return new Where(envelopeId, recordIndex, s);
        }

        WireFormatException error(String what) {
            return new WireFormatException(prefix() + what);
        }

        WireFormatException error(String what, Throwable cause) {
            return new WireFormatException(prefix() + what, cause);
        }

        private String prefix() {
            StringBuilder sb = new StringBuilder(recordIndex == STANDALONE ? "record" : "envelope");
            if (envelopeId != null) {
                sb.append(' ').append(envelopeId);
            }
            if (recordIndex >= 0) {
                sb.append(" record ").append(recordIndex);
            }
            if (sequenceNumber != null) {
                sb.append(" (seq ").append(sequenceNumber).append(')');
            }
            return sb.append(": ").toString();
        }
    }
}

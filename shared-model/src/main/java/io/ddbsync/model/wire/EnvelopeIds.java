package io.ddbsync.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic envelope ids: the idempotency key of a message.
 *
 * <p>Shape: {@code <table slug>-<43 chars base64url SHA-256>}, at most 80 characters of
 * {@code [A-Za-z0-9_-]}. The slug is the table name ('.' and other characters replaced by '_', cut
 * to 36 characters) so ids stay readable in logs. The digest covers the table name, the number of
 * records, the first and last sequence number and {@code ts}, and, for every record without a
 * stream sequence number (backfill images with seq "0", raw records whose number was unreadable),
 * its keys (sorted by attribute name) or its raw text — so two backfill envelopes of one scan, or
 * of two scans started at different times, never share an id.
 */
public final class EnvelopeIds {

    /** Longest id. */
    public static final int MAX_LENGTH = 80;
    static final int SLUG_MAX = 36;
    static final int DIGEST_CHARS = 43;

    private EnvelopeIds() {
    }

    /**
     * An id derived from the table and the records (first and last sequence number, and for
     * backfill records whose seq is "0" also their keys), at most 80 characters of [A-Za-z0-9_-].
     */
    public static String of(String table, List<? extends WireRecord> records) {
        if (table == null || records == null || records.isEmpty()) {
            throw new IllegalArgumentException("an envelope id needs a table and at least one record");
        }
        MessageDigest sha = sha256();
        part(sha, table);
        part(sha, Integer.toString(records.size()));
        WireRecord first = records.get(0);
        WireRecord last = records.get(records.size() - 1);
        part(sha, String.valueOf(first.sequenceNumber()));
        part(sha, String.valueOf(last.sequenceNumber()));
        part(sha, ts(first));
        part(sha, ts(last));
        for (WireRecord r : records) {
            if (r.sequenceNumber() == null || r.sequenceNumber().length() <= 20) { // images read from the table: no stream position to name them
                if (r instanceof ChangeRecord c) {
                    part(sha, "k" + c.ts() + ":" + canonical(c.keys()));
                } else if (r instanceof RawRecord raw) {
                    part(sha, "r" + Json.write(raw.raw()));
                }
            }
        }
        String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        return slug(table) + "-" + digest;
    }

    /** Length of every id made for {@code table} (the packer needs it before the records are known). */
    public static int length(String table) {
        return slug(table).length() + 1 + DIGEST_CHARS;
    }

    static String slug(String table) {
        StringBuilder sb = new StringBuilder(Math.min(table.length(), SLUG_MAX));
        for (int i = 0; i < table.length() && sb.length() < SLUG_MAX; i++) {
            char c = table.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.length() == 0 ? "t" : sb.toString();
    }

    private static String ts(WireRecord r) {
        return r instanceof ChangeRecord c ? Long.toString(c.ts()) : "-";
    }

    /** Keys as JSON with attributes sorted by name, so attribute order does not matter. */
    private static String canonical(JsonNode keys) {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : keys.properties()) {
            sorted.put(e.getKey(), Json.write(e.getValue()));
        }
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(Json.quote(k)).append(':').append(v).append(';'));
        return sb.toString();
    }

    private static void part(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

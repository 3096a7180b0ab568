package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One versioned write of one document.
 *
 * @param index          the write alias
 * @param id             the document {@code _id}
 * @param version        the 52-character version string
 * @param doc            the converted document, or null for a tombstone
 * @param table          the source table
 * @param fullKey        the item's key (DynamoDB JSON), kept in the metadata when the id is hashed; else null
 * @param ttl            true for a tombstone written for a TTL delete
 * @param sequenceNumber the stream sequence number (for logs)
 * @param ts             ApproximateCreationDateTime in epoch seconds (for lag)
 * @param likelyNew      true for a stream INSERT: the document is most likely absent, so the first attempt is a
 *                       {@code create} without reading the stored version first; a refusal (409, or another 4xx but
 *                       429) falls back to read and decide
 * @param quarantine     the fields moved out of {@code doc} because the mapping refused them, path → value
 *                       ({@link FieldQuarantine}); null for none
 */
public record DocumentWrite(String index, String id, String version, ObjectNode doc, String table,
                            ObjectNode fullKey, boolean ttl, String sequenceNumber, long ts, boolean likelyNew,
                            ObjectNode quarantine) {

    public DocumentWrite {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(table, "table");
    }

    /** A write with nothing quarantined. */
    public DocumentWrite(String index, String id, String version, ObjectNode doc, String table,
                         ObjectNode fullKey, boolean ttl, String sequenceNumber, long ts, boolean likelyNew) {
        this(index, id, version, doc, table, fullKey, ttl, sequenceNumber, ts, likelyNew, null);
    }

    /** A write that reads the stored version before its first attempt. */
    public DocumentWrite(String index, String id, String version, ObjectNode doc, String table,
                         ObjectNode fullKey, boolean ttl, String sequenceNumber, long ts) {
        this(index, id, version, doc, table, fullKey, ttl, sequenceNumber, ts, false);
    }

    /** The same write to another index (alias). */
    public DocumentWrite to(String otherIndex) {
        return new DocumentWrite(otherIndex, id, version, doc, table, fullKey, ttl, sequenceNumber, ts, likelyNew, quarantine);
    }

    /**
     * The same write with the field at {@code path} moved from the document into {@link #quarantine}; empty when the
     * document has no such field (a tombstone, or a field already moved): nothing a quarantine can do.
     */
    public Optional<DocumentWrite> quarantined(String path) {
        if (doc == null) {
            return Optional.empty();
        }
        ObjectNode rest = doc.deepCopy();
        Optional<JsonNode> value = FieldQuarantine.remove(rest, path);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode moved = quarantine == null ? FieldQuarantine.emptyValues() : quarantine.deepCopy();
        moved.set(path, value.get());
        return Optional.of(new DocumentWrite(index, id, version, rest, table, fullKey, ttl, sequenceNumber, ts, likelyNew, moved));
    }

    /** The quarantined paths, in the order they were moved; empty for none. */
    public List<String> quarantinedFields() {
        List<String> out = new ArrayList<>();
        if (quarantine != null) {
            quarantine.fieldNames().forEachRemaining(out::add);
        }
        return List.copyOf(out);
    }

    public boolean tombstone() {
        return doc == null;
    }
}

package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

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
 */
public record DocumentWrite(String index, String id, String version, ObjectNode doc, String table,
                            ObjectNode fullKey, boolean ttl, String sequenceNumber, long ts, boolean likelyNew) {

    public DocumentWrite {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(table, "table");
    }

    /** A write that reads the stored version before its first attempt. */
    public DocumentWrite(String index, String id, String version, ObjectNode doc, String table,
                         ObjectNode fullKey, boolean ttl, String sequenceNumber, long ts) {
        this(index, id, version, doc, table, fullKey, ttl, sequenceNumber, ts, false);
    }

    /** The same write to another index (alias). */
    public DocumentWrite to(String otherIndex) {
        return new DocumentWrite(otherIndex, id, version, doc, table, fullKey, ttl, sequenceNumber, ts, likelyNew);
    }

    public boolean tombstone() {
        return doc == null;
    }
}

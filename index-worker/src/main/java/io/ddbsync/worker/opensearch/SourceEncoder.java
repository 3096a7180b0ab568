package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The exact {@code _source} of a versioned write: the converted document with its fields sorted by
 * name at every level (so the same change always gives the same bytes, whatever order the image
 * listed its attributes in), then the metadata object under the reserved field. Numbers are written
 * from their exact decimal text: OpenSearch stores a bulk {@code index}/{@code create} source as sent,
 * so {@code 98765432109876543210.0123456789} reads back with every digit (docs/FACTS.md: script params,
 * by contrast, are parsed into {@code Double}).
 *
 * <p>Metadata: {@code version}, {@code deleted}, {@code table}, {@code updated_at} (epoch ms), and
 * when set {@code key} (the full key of a hashed id), {@code ttl} (a tombstone of a TTL delete), and
 * {@value FieldQuarantine#FIELDS} with {@value FieldQuarantine#VALUES} (fields the mapping refused, {@link FieldQuarantine}).
 */
final class SourceEncoder {

    private SourceEncoder() {
    }

    static void write(JsonGenerator g, DocumentWrite w, String metadataField, long updatedAt) throws IOException {
        g.writeStartObject();
        if (!w.tombstone()) {
            List<Map.Entry<String, JsonNode>> fields = sorted(w.doc());
            for (Map.Entry<String, JsonNode> e : fields) {
                g.writeFieldName(e.getKey());
                writeSorted(g, e.getValue());
            }
        }
        g.writeObjectFieldStart(metadataField);
        g.writeStringField("version", w.version());
        g.writeBooleanField("deleted", w.tombstone());
        g.writeStringField("table", w.table());
        g.writeNumberField("updated_at", updatedAt);
        if (w.fullKey() != null) {
            g.writeFieldName("key");
            writeSorted(g, w.fullKey());
        }
        if (w.ttl()) {
            g.writeBooleanField("ttl", true);
        }
        if (w.quarantine() != null && !w.quarantine().isEmpty()) {
            g.writeArrayFieldStart(FieldQuarantine.FIELDS);
            for (String path : w.quarantinedFields()) {
                g.writeString(path);
            }
            g.writeEndArray();
            g.writeFieldName(FieldQuarantine.VALUES);
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : w.quarantine().properties()) {
                g.writeFieldName(e.getKey());
                writeSorted(g, e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeSorted(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : sorted(node)) {
                g.writeFieldName(e.getKey());
                writeSorted(g, e.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                writeSorted(g, element);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    private static List<Map.Entry<String, JsonNode>> sorted(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
        object.properties().forEach(fields::add);
        fields.sort(Map.Entry.comparingByKey());
        return Collections.unmodifiableList(fields);
    }
}

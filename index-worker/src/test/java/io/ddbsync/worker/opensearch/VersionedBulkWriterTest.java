package io.ddbsync.worker.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.worker.internal.opensearch.StoredVersions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.json.Json;
import io.ddbsync.worker.metrics.MetricsSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class VersionedBulkWriterTest {

    private static final String VERSION = "0".repeat(52);
    private final VersionedBulkWriter writer = new VersionedBulkWriter(null, "ddbsync", 1 << 20, new MetricsSink() {
        @Override
        public void record(String name, double value, Unit unit) {
        }

        @Override
        public void flush() {
        }
    }, Clock.systemUTC());

    private static ObjectNode doc(String dynamoJson) throws Exception {
        return DocumentConverter.convert((ObjectNode) Json.MAPPER.readTree(dynamoJson));
    }

    private static String[] lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void encode_newDocument_createWithExactDigitsAndSortedFields() throws Exception {
        ObjectNode d = doc("{\"z\":{\"N\":\"98765432109876543210.0123456789\"},\"a\":{\"M\":{\"y\":{\"N\":\"1.50\"},\"b\":{\"S\":\"x\"}}}}");
        DocumentWrite w = new DocumentWrite("posts_write", "id:S:1", VERSION, d, "Posts", null, false, "1", 0);

        String[] l = lines(writer.encode(w, null, 42).bytes());

        assertThat(l[0]).isEqualTo("{\"create\":{\"_index\":\"posts_write\",\"_id\":\"id:S:1\",\"require_alias\":true}}");
        assertThat(l[1]).isEqualTo("{\"a\":{\"b\":\"x\",\"y\":1.50},\"z\":98765432109876543210.0123456789,"
                + "\"ddbsync\":{\"version\":\"" + VERSION + "\",\"deleted\":false,\"table\":\"Posts\",\"updated_at\":42}}");
    }

    @Test
    void encode_storedDocument_indexConditionedOnSeqNoAndPrimaryTermIntoThePhysicalIndexRead() throws Exception {
        DocumentWrite tombstone = new DocumentWrite("posts_write", "id:S:1", VERSION, null, "Posts", null, true, "1", 0);

        String[] l = lines(writer.encode(tombstone, new StoredVersions.Stored("posts_v1", "1", "Posts", 17, 3), 42).bytes());

        JsonNode action = Json.MAPPER.readTree(l[0]).get("index");
        assertThat(action.get("_index").asText()).isEqualTo("posts_v1");
        assertThat(action.has("require_alias")).isFalse();
        assertThat(action.get("if_seq_no").asLong()).isEqualTo(17);
        assertThat(action.get("if_primary_term").asLong()).isEqualTo(3);
        assertThat(l[1]).isEqualTo("{\"ddbsync\":{\"version\":\"" + VERSION + "\",\"deleted\":true,\"table\":\"Posts\","
                + "\"updated_at\":42,\"ttl\":true}}");
    }

    @Test
    void backoff_growsAndStaysBounded() {
        for (int attempt = 0; attempt < 40; attempt++) {
            assertThat(VersionedBulkWriter.backoff(attempt)).isBetween(0L, VersionedBulkWriter.MAX_BACKOFF_MILLIS);
        }
        assertThat(VersionedBulkWriter.backoff(0)).isLessThanOrEqualTo(VersionedBulkWriter.FIRST_BACKOFF_MILLIS);
    }
}

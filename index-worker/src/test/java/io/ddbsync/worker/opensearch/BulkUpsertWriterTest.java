package io.ddbsync.worker.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.worker.metrics.MetricsSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkUpsertWriterTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final String V = "000000000001" + "0".repeat(39) + "7";

    private final BulkUpsertWriter writer = new BulkUpsertWriter(null, "ddbsync", new MetricsSink() {
        @Override
        public void record(String name, double value, Unit unit) {
        }

        @Override
        public void flush() {
        }
    }, Clock.systemUTC());

    private List<JsonNode> lines(List<DocumentWrite> writes) throws Exception {
        String body = new String(writer.encode(writes, List.of(0, 1).subList(0, writes.size()), 42L), StandardCharsets.UTF_8);
        assertThat(body).endsWith("\n");
        return body.lines().map(l -> {
            try {
                return M.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    @Test
    void encode_upsertAndTombstone_scriptedUpsertsThroughTheStoredScript() throws Exception {
        ObjectNode doc = M.createObjectNode().put("title", "안녕");
        ObjectNode key = (ObjectNode) M.readTree("{\"id\":{\"S\":\"p1\"}}");
        List<JsonNode> lines = lines(List.of(
                new DocumentWrite("posts_write", "p1", V, doc, "Posts", null, false, "7", 1),
                new DocumentWrite("posts_write", "h", V, null, "Posts", key, true, "8", 1)));

        assertThat(lines).hasSize(4);
        JsonNode action = lines.get(0).get("update");
        assertThat(action.get("_index").asText()).isEqualTo("posts_write");
        assertThat(action.get("_id").asText()).isEqualTo("p1");
        assertThat(action.get("retry_on_conflict").asInt()).isPositive();
        JsonNode upsert = lines.get(1);
        assertThat(upsert.get("scripted_upsert").asBoolean()).isTrue();
        assertThat(upsert.get("upsert").isEmpty()).isTrue();
        assertThat(upsert.at("/script/id").asText()).isEqualTo(UpsertScript.ID);
        JsonNode params = upsert.at("/script/params");
        assertThat(params.get("version").asText()).isEqualTo(V);
        assertThat(params.get("deleted").asBoolean()).isFalse();
        assertThat(params.get("doc")).isEqualTo(doc);
        assertThat(params.get("table").asText()).isEqualTo("Posts");
        assertThat(params.get("updated_at").asLong()).isEqualTo(42L);
        assertThat(params.get("meta").asText()).isEqualTo("ddbsync");
        assertThat(params.has("key")).isFalse();

        JsonNode tomb = lines.get(3).at("/script/params");
        assertThat(tomb.get("deleted").asBoolean()).isTrue();
        assertThat(tomb.has("doc")).isFalse();
        assertThat(tomb.get("key")).isEqualTo(key);
        assertThat(tomb.get("ttl").asBoolean()).isTrue();
    }

    @Test
    void backoff_growingAttempts_staysWithinCap() {
        for (int attempt = 0; attempt < 20; attempt++) {
            long b = BulkUpsertWriter.backoff(attempt);
            assertThat(b).isBetween(0L, BulkUpsertWriter.MAX_BACKOFF_MILLIS);
        }
        assertThat(BulkUpsertWriter.backoff(0)).isLessThanOrEqualTo(BulkUpsertWriter.FIRST_BACKOFF_MILLIS);
    }
}

package io.ddbsync.ops.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Every document visible through a search alias (tombstones are filtered by the alias), read with a scroll. */
public final class IndexSnapshot {

    private IndexSnapshot() {
    }

    /** Document id → {@code _source} without the metadata field. */
    public static Map<String, ObjectNode> read(OpenSearchHttp http, String alias, String metadataField) {
        Map<String, ObjectNode> docs = new HashMap<>();
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        query.put("size", 1000);
        query.putArray("sort").add("_doc");
        OpenSearchHttp.Reply reply = http.json("POST", "/" + alias + "/_search?scroll=1m", query);
        String scrollId = null;
        try {
            while (true) {
                if (!reply.ok()) {
                    throw new LocalPipelineException("reading the documents of " + alias + " failed: " + reply.describe());
                }
                scrollId = reply.body().path("_scroll_id").asText(null);
                JsonNode hits = reply.body().path("hits").path("hits");
                if (hits.isEmpty()) {
                    return docs;
                }
                for (JsonNode hit : hits) {
                    ObjectNode source = (ObjectNode) hit.path("_source").deepCopy();
                    source.remove(metadataField);
                    docs.put(hit.path("_id").asText(), source);
                }
                ObjectNode next = JsonNodeFactory.instance.objectNode();
                next.put("scroll", "1m").put("scroll_id", scrollId);
                reply = http.json("POST", "/_search/scroll", next);
            }
        } finally {
            if (scrollId != null) {
                http.delete("/_search/scroll/" + URLEncoder.encode(scrollId, StandardCharsets.UTF_8));
            }
        }
    }

    /** Documents the search alias shows (tombstones excluded); -1 when the count cannot be read. */
    public static long count(OpenSearchHttp http, String alias) {
        OpenSearchHttp.Reply reply = http.get("/" + alias + "/_count");
        return reply.ok() ? reply.body().path("count").asLong(-1) : -1;
    }
}

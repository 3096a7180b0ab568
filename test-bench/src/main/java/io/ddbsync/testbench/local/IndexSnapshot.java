package io.ddbsync.testbench.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Every live document of a search alias (tombstones excluded), read as of one moment: a point in time paged through
 * with {@code search_after}, so a write during the read does not move documents between pages.
 */
public final class IndexSnapshot {

    static final int PAGE = 1_000;
    static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

    private IndexSnapshot() {
    }

    /**
     * Document id → {@code _source} without the metadata field, fields the worker quarantined put back
     * ({@link io.ddbsync.worker.opensearch.FieldQuarantine#restore}): the document the item converted to.
     *
     * @throws LocalPipelineException when the point in time cannot be opened or a page cannot be read
     */
    public static Map<String, ObjectNode> read(SearchTarget search, String alias, String metadataField) {
        SearchReply opened = search.openPointInTime(alias, KEEP_ALIVE);
        if (!opened.ok()) {
            throw new LocalPipelineException("reading the documents of " + alias + " failed: " + opened.describe());
        }
        String pit = opened.body().path("pit_id").asText();
        try {
            Map<String, ObjectNode> docs = new HashMap<>();
            JsonNode after = null;
            while (true) {
                ObjectNode request = JsonNodeFactory.instance.objectNode();
                request.put("size", PAGE);
                request.putObject("pit").put("id", pit).put("keep_alive", KEEP_ALIVE.toSeconds() + "s");
                request.putArray("sort").addObject().put("_id", "asc");
                // the alias hides tombstones; said again in the query, whether or not a point in time keeps alias filters
                request.putObject("query").putObject("bool").putObject("must_not").putObject("term")
                        .put(metadataField + ".deleted", true);
                if (after != null) {
                    request.set("search_after", after);
                }
                SearchReply reply = search.searchPointInTime(request);
                if (!reply.ok()) {
                    throw new LocalPipelineException("reading the documents of " + alias + " failed: " + reply.describe());
                }
                JsonNode hits = reply.body().path("hits").path("hits");
                if (hits.isEmpty()) {
                    return docs;
                }
                for (JsonNode hit : hits) {
                    docs.put(hit.path("_id").asText(), io.ddbsync.worker.opensearch.FieldQuarantine.restore(hit.path("_source"),
                            metadataField));
                }
                after = hits.get(hits.size() - 1).path("sort");
            }
        } finally {
            search.closePointInTime(pit);
        }
    }

    /** Documents the search alias shows (tombstones excluded); -1 when the count cannot be read. */
    public static long count(SearchTarget search, String alias) {
        SearchReply reply = search.count(alias);
        return reply.ok() ? reply.body().path("count").asLong(-1) : -1;
    }
}

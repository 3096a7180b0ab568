package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchTarget;
import java.util.List;
import java.util.function.Consumer;
import io.ddbsync.aws.search.SearchReply;

/**
 * Every document of an index that a query selects, a page at a time: {@code _search} sorted by {@code _id}
 * with {@code search_after}, so memory and each request stay bounded by the page size whatever the index
 * holds. Documents written during the walk behind its position are not seen; the callers allow for it.
 */
final class IndexWalk {

    private static final ObjectMapper M = new ObjectMapper();

    private final SearchTarget search;

    IndexWalk(SearchTarget search) {
        this.search = search;
    }

    /**
     * @param index   an index or alias
     * @param query   the query's {@code query} object
     * @param source  the {@code _source} fields each hit carries (empty: the whole source)
     * @param page    hits per request
     * @param perPage called with each non-empty page of hits
     * @throws OpsException when a search fails
     */
    void walk(String index, ObjectNode query, List<String> source, int page, Consumer<JsonNode> perPage) {
        JsonNode after = null;
        while (true) {
            ObjectNode body = M.createObjectNode();
            body.put("size", page);
            body.put("track_total_hits", false);
            body.putArray("sort").addObject().put("_id", "asc");
            if (!source.isEmpty()) {
                ArrayNode fields = body.putArray("_source");
                source.forEach(fields::add);
            }
            body.set("query", query);
            if (after != null) {
                body.set("search_after", after);
            }
            SearchReply reply = search.search(index, body);
            if (!reply.ok()) {
                throw new OpsException("walking index " + index + " failed: " + abbreviate(reply.describe()));
            }
            JsonNode hits = reply.body().path("hits").path("hits");
            if (hits.isEmpty()) {
                return;
            }
            perPage.accept(hits);
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    /** {@code {"bool":{"must_not":{"term":{"<metadata>.deleted":true}}}}}: live documents only. */
    static ObjectNode live(String metadataField) {
        ObjectNode q = M.createObjectNode();
        q.putObject("bool").putObject("must_not").putObject("term").put(metadataField + ".deleted", true);
        return q;
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}

package io.ddbsync.worker.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads what is in an index (through its search alias or its write alias) for assertions. */
public final class SearchIndex {

    private static final ObjectMapper M = new ObjectMapper();

    private final SearchTarget target;
    private final String name;

    public SearchIndex(SearchTarget target, String name) {
        this.target = target;
        this.name = name;
    }

    public void refresh() {
        SearchReply r = target.refresh(name + "_write");
        assertThat(r.ok()).as(r.describe()).isTrue();
    }

    /** id → _source of every document visible through the search alias. */
    public Map<String, ObjectNode> searchAll() {
        return all(name);
    }

    /** id → _source of every document, tombstones included (write alias). */
    public Map<String, ObjectNode> allIncludingTombstones() {
        return all(name + "_write");
    }

    private Map<String, ObjectNode> all(String target) {
        refresh();
        ObjectNode q = M.createObjectNode();
        q.put("size", 10_000);
        q.putObject("query").putObject("match_all");
        SearchReply r = this.target.search(target, q);
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.body().at("/hits/total/value").asLong()).isLessThan(10_000);
        Map<String, ObjectNode> out = new TreeMap<>();
        for (JsonNode hit : r.body().at("/hits/hits")) {
            out.put(hit.get("_id").asText(), (ObjectNode) hit.get("_source"));
        }
        return out;
    }

    /** The stored document (tombstones included), or empty. */
    public Optional<ObjectNode> get(String id) {
        SearchReply r = target.getDocument(name + "_write", id);
        if (r.status() == 404) {
            return Optional.empty();
        }
        assertThat(r.ok()).as(r.describe()).isTrue();
        return Optional.of((ObjectNode) r.body().get("_source"));
    }

    public long searchCount() {
        refresh();
        SearchReply r = target.count(name);
        assertThat(r.ok()).as(r.describe()).isTrue();
        return r.body().get("count").asLong();
    }
}

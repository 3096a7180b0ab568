package io.ddbsync.worker.internal.opensearch;

import io.ddbsync.worker.opensearch.IndexBootstrapException;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Deletes tombstones whose {@code updated_at} is older than the retention, through the write
 * alias (the search alias hides tombstones, so a delete_by_query through it would find none).
 * The retention must outlast the longest replay window (DLQ retention) or an old replayed change
 * could resurrect a deleted item.
 */
public final class TombstonePurger {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SearchTarget target;
    private final String metadataField;
    private final Clock clock;

    public TombstonePurger(SearchTarget target, String metadataField, Clock clock) {
        this.target = target;
        this.metadataField = metadataField;
        this.clock = clock;
    }

    /** Purged count per index. */
    public record Result(String index, long deleted) {
    }

    /** Search-alias names of every ddbsync-managed index (those with a {@code <name>_write} alias on {@code <name>_v<N>}). */
    public List<String> managedIndexes() {
        SearchReply reply = target.getAlias("*_write");
        if (reply.status() == 404) {
            return List.of();
        }
        if (!reply.ok()) {
            throw new IndexBootstrapException("cannot list write aliases: " + reply.describe());
        }
        TreeSet<String> names = new TreeSet<>();
        for (java.util.Map.Entry<String, JsonNode> e : reply.body().properties()) {
            for (Iterator<String> aliases = e.getValue().path("aliases").fieldNames(); aliases.hasNext(); ) {
                String alias = aliases.next();
                if (alias.endsWith("_write")) {
                    String search = alias.substring(0, alias.length() - "_write".length());
                    if (e.getKey().matches(java.util.regex.Pattern.quote(search) + "_v\\d+")) {
                        names.add(search);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    public List<Result> purgeAll(Duration retention) {
        List<Result> results = new ArrayList<>();
        for (String index : managedIndexes()) {
            results.add(purge(index, retention));
        }
        return results;
    }

    public Result purge(String index, Duration retention) {
        long cutoff = clock.millis() - retention.toMillis();
        ObjectNode body = F.objectNode();
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put(metadataField + ".deleted", true);
        filter.addObject().putObject("range").putObject(metadataField + ".updated_at").put("lt", cutoff);
        String write = new IndexNames(index).write();
        SearchReply reply = target.deleteByQuery(write, body, true);
        if (!reply.ok()) {
            throw new TombstonePurgeException("delete_by_query on " + write + " failed: " + reply.describe());
        }
        if (reply.body().path("failures").size() > 0) {
            throw new TombstonePurgeException("delete_by_query on " + write + " had failures: " + reply.body().path("failures"));
        }
        return new Result(index, reply.body().path("deleted").asLong());
    }
}

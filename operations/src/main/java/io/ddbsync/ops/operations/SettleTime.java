package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.version.Versions;
import io.ddbsync.aws.search.SearchTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import io.ddbsync.aws.search.SearchReply;

/**
 * How long a reconcile waits before it checks its differences again: {@code --settle DURATION}, or by
 * default from the pipeline's lag as the index itself shows it — the median, over the documents the
 * worker wrote last, of {@code updated_at} minus the change's creation time (from its version;
 * backfill and repair versions, sequence "0", are left out) — doubled plus {@value #MARGIN_SECONDS} s,
 * within {@link #MIN}..{@link #MAX}.
 */
public final class SettleTime {

    static final long MARGIN_SECONDS = 5;
    static final Duration MIN = Duration.ofSeconds(5);
    static final Duration MAX = Duration.ofMinutes(2);
    /** When the index shows no stream change to measure. */
    static final Duration UNKNOWN_LAG = Duration.ofSeconds(10);
    static final int SAMPLE = 10;
    private static final ObjectMapper M = new ObjectMapper();

    private SettleTime() {
    }

    /** The default settle time for an index read through {@code lookup} (an alias or a physical index). */
    public static Duration fromLag(SearchTarget search, String lookup, String metadataField) {
        return fromLag(lag(search, lookup, metadataField));
    }

    public static Duration fromLag(Duration lag) {
        return clamp(lag.multipliedBy(2).plusSeconds(MARGIN_SECONDS));
    }

    public static Duration clamp(Duration d) {
        return d.compareTo(MIN) < 0 ? MIN : d.compareTo(MAX) > 0 ? MAX : d;
    }

    /** The median lag of the last stream changes the worker wrote ({@link #UNKNOWN_LAG} when there are none). */
    public static Duration lag(SearchTarget search, String lookup, String metadataField) {
        ObjectNode q = M.createObjectNode();
        q.put("size", SAMPLE);
        q.put("track_total_hits", false);
        q.putArray("_source").add(metadataField + ".version").add(metadataField + ".updated_at");
        q.putArray("sort").addObject().putObject(metadataField + ".updated_at").put("order", "desc").put("unmapped_type", "long");
        SearchReply reply = search.search(lookup, q);
        if (!reply.ok()) {
            return UNKNOWN_LAG;
        }
        List<Long> lags = new ArrayList<>();
        for (JsonNode hit : reply.body().path("hits").path("hits")) {
            JsonNode meta = hit.path("_source").path(metadataField);
            String version = meta.path("version").asText("");
            if (version.length() != Versions.LENGTH || Versions.isRead(version) || !meta.path("updated_at").isNumber()) {
                continue;
            }
            long createdMillis = Long.parseLong(version.substring(0, 12)) * 1000;
            lags.add(Math.max(0, meta.path("updated_at").asLong() - createdMillis));
        }
        if (lags.isEmpty()) {
            return UNKNOWN_LAG;
        }
        Collections.sort(lags);
        return Duration.ofMillis(lags.get(lags.size() / 2));
    }
}

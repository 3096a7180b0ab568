package io.ddbsync.worker.internal.opensearch;

import io.ddbsync.worker.opensearch.IndexBootstrapException;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchTransportException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.worker.time.TimeBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what the index holds for a set of document ids: the stored version, table and the
 * optimistic-concurrency pair {@code _seq_no}/{@code _primary_term}, with one {@code _mget} of the
 * metadata fields only (real-time, so a write acknowledged a moment ago is seen).
 */
public final class StoredVersions {

    /** Ids per {@code _mget}: keeps the request and its answer small. */
    static final int MAX_IDS_PER_REQUEST = 1_000;

    /**
     * What one stored document says about itself; {@code version}/{@code table} null when it has no metadata.
     * {@code index} is the physical index it was read from: a write conditioned on {@code seqNo}/{@code primaryTerm}
     * must go there, not through an alias that may have moved meanwhile.
     */
    public record Stored(String index, String version, String table, long seqNo, long primaryTerm) {
    }

    private final SearchTarget target;
    private final String metadataField;

    public StoredVersions(SearchTarget target, String metadataField) {
        this.target = target;
        this.metadataField = metadataField;
    }

    /**
     * @param alias the write alias (one physical index behind it)
     * @return the stored state of every id that exists; ids absent from the index are absent from the map
     * @throws SearchTransportException when the request fails in transport, times out or is throttled
     * @throws IndexBootstrapException      when the alias or its index is gone
     */
    public Map<String, Stored> read(String alias, Collection<String> ids, TimeBudget budget) {
        Map<String, Stored> out = new HashMap<>();
        List<String> chunk = new ArrayList<>();
        for (String id : ids) {
            chunk.add(id);
            if (chunk.size() == MAX_IDS_PER_REQUEST) {
                readChunk(alias, chunk, budget, out);
                chunk = new ArrayList<>();
            }
        }
        if (!chunk.isEmpty()) {
            readChunk(alias, chunk, budget, out);
        }
        return out;
    }

    private void readChunk(String alias, List<String> ids, TimeBudget budget, Map<String, Stored> out) {
        SearchReply reply = target.mget(alias, ids, List.of(metadataField + ".version", metadataField + ".table"),
                budget.callTimeout());
        if (reply.retryable()) {
            throw new SearchTransportException("_mget on " + alias + " answered " + reply.describe(), null);
        }
        if (!reply.ok()) {
            throw new IndexBootstrapException("_mget on " + alias + " failed: " + reply.describe());
        }
        for (JsonNode doc : reply.body().path("docs")) {
            if (doc.has("error")) {
                throw new IndexBootstrapException("_mget on " + alias + " failed for a document: "
                        + SearchReply.describeError(doc.path("error")));
            }
            if (!doc.path("found").asBoolean()) {
                continue;
            }
            JsonNode meta = doc.path("_source").path(metadataField);
            out.put(doc.path("_id").asText(), new Stored(doc.path("_index").asText(),
                    meta.path("version").isTextual() ? meta.path("version").asText() : null,
                    meta.path("table").isTextual() ? meta.path("table").asText() : null,
                    doc.path("_seq_no").asLong(), doc.path("_primary_term").asLong()));
        }
    }
}

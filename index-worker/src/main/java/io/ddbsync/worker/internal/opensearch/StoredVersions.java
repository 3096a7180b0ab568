package io.ddbsync.worker.internal.opensearch;

import io.ddbsync.worker.opensearch.IndexBootstrapException;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import io.ddbsync.aws.opensearch.OpenSearchTransportException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.worker.time.TimeBudget;
import java.util.Collection;
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

    private final OpenSearchHttp http;
    private final String metadataField;

    public StoredVersions(OpenSearchHttp http, String metadataField) {
        this.http = http;
        this.metadataField = metadataField;
    }

    /**
     * @param alias the write alias (one physical index behind it)
     * @return the stored state of every id that exists; ids absent from the index are absent from the map
     * @throws OpenSearchTransportException when the request fails in transport, times out or is throttled
     * @throws IndexBootstrapException      when the alias or its index is gone
     */
    public Map<String, Stored> read(String alias, Collection<String> ids, TimeBudget budget) {
        Map<String, Stored> out = new HashMap<>();
        ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
        for (String id : ids) {
            chunk.add(id);
            if (chunk.size() == MAX_IDS_PER_REQUEST) {
                readChunk(alias, chunk, budget, out);
                chunk = JsonNodeFactory.instance.arrayNode();
            }
        }
        if (!chunk.isEmpty()) {
            readChunk(alias, chunk, budget, out);
        }
        return out;
    }

    private void readChunk(String alias, ArrayNode ids, TimeBudget budget, Map<String, Stored> out) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("ids", ids);
        String path = "/" + alias + "/_mget?_source_includes=" + metadataField + ".version," + metadataField + ".table";
        OpenSearchHttp.Reply reply = http.json("POST", path, body, budget.callTimeout());
        if (reply.retryable()) {
            throw new OpenSearchTransportException("_mget on " + alias + " answered " + reply.describe(), null);
        }
        if (!reply.ok()) {
            throw new IndexBootstrapException("_mget on " + alias + " failed: " + reply.describe());
        }
        for (JsonNode doc : reply.body().path("docs")) {
            if (doc.has("error")) {
                throw new IndexBootstrapException("_mget on " + alias + " failed for a document: "
                        + OpenSearchHttp.describeError(doc.path("error")));
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

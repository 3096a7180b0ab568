package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.worker.failure.FailureNotes;
import io.ddbsync.worker.opensearch.OpenSearchHttp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads the worker's failure notes ({@link FailureNotes#INDEX}) for a set of note ids with one {@code _mget}. */
final class FailureNoteReader {

    private static final ObjectMapper M = new ObjectMapper();

    private final OpenSearchHttp http;

    FailureNoteReader(OpenSearchHttp http) {
        this.http = http;
    }

    /** note id → reason (with the receive count and time of the failure); ids without a note are absent. */
    Map<String, String> reasons(Collection<String> noteIds) {
        Map<String, String> out = new HashMap<>();
        if (noteIds.isEmpty()) {
            return out;
        }
        ObjectNode body = M.createObjectNode();
        var ids = body.putArray("ids");
        noteIds.forEach(ids::add);
        OpenSearchHttp.Reply reply = http.json("POST", "/" + FailureNotes.INDEX + "/_mget", body);
        if (reply.status() == 404) {
            return out; // no note written yet
        }
        if (!reply.ok()) {
            throw new OpsException("cannot read failure notes from index " + FailureNotes.INDEX + ": " + reply.describe());
        }
        for (JsonNode doc : reply.body().path("docs")) {
            if (doc.path("found").asBoolean(false)) {
                JsonNode src = doc.path("_source");
                out.put(doc.path("_id").asText(), src.path("reason").asText());
            }
        }
        return out;
    }
}

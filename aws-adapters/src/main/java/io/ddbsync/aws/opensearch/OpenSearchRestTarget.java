package io.ddbsync.aws.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SeqNoPrimaryTerm;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The search-target adapter over OpenSearch's REST API ({@link OpenSearchHttp}: opensearch-java's generic client on
 * the plain HTTP or the SigV4 transport): each {@link SearchTarget} call is one REST request, its path built here and
 * nowhere else. Serves managed domains ({@code es}), Serverless collections ({@code aoss}) and the local node alike;
 * which of the calls a target answers is what {@code ddbsync probe} finds out. Built by {@link SearchTargetFactory}.
 */
public final class OpenSearchRestTarget implements SearchTarget {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final OpenSearchHttp http;

    /** Over a REST client it then owns ({@link #close} closes it). */
    public OpenSearchRestTarget(OpenSearchHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public SearchReply bulk(List<BulkAction> actions, Duration timeout) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a bulk request needs at least one action");
        }
        int size = 0;
        for (BulkAction a : actions) {
            size += a.size();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        actions.forEach(a -> a.writeTo(body));
        return http.ndjson("/_bulk", body.toByteArray(), timeout);
    }

    @Override
    public SearchReply mget(String index, Collection<String> ids, List<String> sourceIncludes, Duration timeout) {
        ObjectNode body = F.objectNode();
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        String query = sourceIncludes.isEmpty() ? "" : "?_source_includes=" + String.join(",", sourceIncludes);
        return http.json("POST", "/" + index + "/_mget" + query, body, timeout);
    }

    @Override
    public SearchReply getDocument(String index, String id) {
        return http.get("/" + index + "/_doc/" + segment(id));
    }

    @Override
    public SearchReply createDocument(String index, String id, JsonNode source, boolean refresh) {
        return http.json("PUT", "/" + index + "/_create/" + segment(id) + (refresh ? "?refresh=true" : ""), source);
    }

    @Override
    public SearchReply indexDocument(String index, String id, JsonNode source, Optional<SeqNoPrimaryTerm> ifMatch,
                                     boolean refresh) {
        return http.json("PUT", "/" + index + "/_doc/" + segment(id) + query(ifMatch, refresh), source);
    }

    @Override
    public SearchReply deleteDocument(String index, String id, Optional<SeqNoPrimaryTerm> ifMatch, boolean refresh) {
        return http.delete("/" + index + "/_doc/" + segment(id) + query(ifMatch, refresh));
    }

    @Override
    public SearchReply search(String index, ObjectNode request, Duration timeout) {
        return http.json("POST", "/" + index + "/_search", request, timeout);
    }

    @Override
    public SearchReply count(String index) {
        return http.get("/" + index + "/_count");
    }

    @Override
    public SearchReply openPointInTime(String index, Duration keepAlive) {
        return http.send("POST", "/" + index + "/_search/point_in_time?keep_alive=" + Math.max(1, keepAlive.toSeconds()) + "s",
                null, null);
    }

    @Override
    public SearchReply searchPointInTime(ObjectNode request) {
        return http.json("POST", "/_search", request);
    }

    @Override
    public SearchReply closePointInTime(String pitId) {
        ObjectNode body = F.objectNode();
        body.putArray("pit_id").add(pitId);
        return http.json("DELETE", "/_search/point_in_time", body);
    }

    @Override
    public SearchReply indexExists(String index) {
        return http.head("/" + index);
    }

    @Override
    public SearchReply createIndex(String index, ObjectNode body, Duration timeout) {
        return http.json("PUT", "/" + index, body, timeout);
    }

    @Override
    public SearchReply deleteIndex(String index) {
        return http.delete("/" + index);
    }

    @Override
    public SearchReply putIndexTemplate(String name, ObjectNode body, Duration timeout) {
        return http.json("PUT", "/_index_template/" + name, body, timeout);
    }

    @Override
    public SearchReply deleteIndexTemplate(String name) {
        return http.delete("/_index_template/" + name);
    }

    @Override
    public SearchReply putMapping(String index, ObjectNode body) {
        return http.json("PUT", "/" + index + "/_mapping", body);
    }

    @Override
    public SearchReply putSettings(String index, ObjectNode body) {
        return http.json("PUT", "/" + index + "/_settings", body);
    }

    @Override
    public SearchReply refresh(String index) {
        return http.send("POST", "/" + index + "/_refresh", null, null);
    }

    @Override
    public SearchReply deleteByQuery(String index, ObjectNode request, boolean refresh) {
        return http.json("POST", "/" + index + "/_delete_by_query?conflicts=proceed" + (refresh ? "&refresh=true" : ""), request);
    }

    @Override
    public SearchReply getAlias(String name, Duration timeout) {
        return http.send("GET", "/_alias/" + name, null, null, timeout);
    }

    @Override
    public SearchReply aliasExists(String name, Duration timeout) {
        return http.send("HEAD", "/_alias/" + name, null, null, timeout);
    }

    @Override
    public SearchReply aliasExistsOn(String index, String name) {
        return http.head("/" + index + "/_alias/" + name);
    }

    @Override
    public SearchReply updateAliases(ArrayNode actions, Duration timeout) {
        ObjectNode body = F.objectNode();
        body.set("actions", actions);
        return http.json("POST", "/_aliases", body, timeout);
    }

    @Override
    public void close() {
        http.close();
    }

    /** A document id as one path segment: percent-encoded, a space as {@code %20}. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Optional<SeqNoPrimaryTerm> ifMatch, boolean refresh) {
        StringBuilder q = new StringBuilder();
        if (refresh) {
            q.append("refresh=true");
        }
        ifMatch.ifPresent(v -> q.append(q.length() > 0 ? "&" : "").append("if_seq_no=").append(v.seqNo())
                .append("&if_primary_term=").append(v.primaryTerm()));
        return q.length() == 0 ? "" : "?" + q;
    }
}

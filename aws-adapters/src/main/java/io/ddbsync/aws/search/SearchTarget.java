package io.ddbsync.aws.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every call ddbsync makes to the search engine, and nothing else: the port between ddbsync and an OpenSearch-API
 * target (a managed domain, a Serverless collection, the local node). Callers — the worker's writer, stored
 * versions, write targets, bootstrap and purge, failure notes, reconcile, reindex, the probe, the test bench —
 * depend on this interface only; an adapter per target kind implements it and is chosen once at start
 * ({@code io.ddbsync.aws.opensearch.SearchTargetFactory}: the REST adapter, signing as {@code es} or {@code aoss}
 * or not at all). {@code ddbsync probe} calls each method a deployment needs once and reports which work.
 *
 * <p>Shapes: request bodies and replies are the engine's JSON (OpenSearch 2.x/3.x REST API), decimals read as exact
 * {@code BigDecimal}s ({@link SearchJson}). Names ({@code index}, {@code alias}) are index, alias or pattern names,
 * never URL-encoded by the caller; document ids are encoded by the adapter.
 *
 * <p>Errors: an answer with an error status is returned as a {@link SearchReply}, for the caller to judge; no answer
 * within the call's timeout is a {@link SearchTimeoutException}; no answer at all a {@link SearchTransportException}
 * (both retryable). Calls without a timeout wait at most {@link #DEFAULT_TIMEOUT}. Implementations are thread-safe.
 */
public interface SearchTarget extends AutoCloseable {

    /** Bound of the calls made without a timeout of their own (bootstrap, operator commands). */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    // ---- documents

    /**
     * {@code POST /_bulk}: the actions in one request, in order.
     *
     * @return {@code {"errors":bool,"items":[{"create"|"index":{"status":int,"_index":…,"error":{…}}}]}}, one item
     *         per action in order; a 413 when the request is larger than the target accepts
     * @throws IllegalArgumentException for no actions
     */
    SearchReply bulk(List<BulkAction> actions, Duration timeout);

    /**
     * {@code POST /<index>/_mget}: real-time reads of documents by id.
     *
     * @param sourceIncludes the {@code _source} fields to return (dotted paths); empty for the whole source
     * @return {@code {"docs":[{"_index":physical,"_id":…,"found":bool,"_seq_no":…,"_primary_term":…,"_source":{…}}
     *         | {"_id":…,"error":{…}}]}}, one per id in order
     */
    SearchReply mget(String index, Collection<String> ids, List<String> sourceIncludes, Duration timeout);

    default SearchReply mget(String index, Collection<String> ids, List<String> sourceIncludes) {
        return mget(index, ids, sourceIncludes, DEFAULT_TIMEOUT);
    }

    /** {@code GET /<index>/_doc/<id>}: 200 with {@code _source}, {@code _seq_no}, {@code _primary_term}; 404 when absent. */
    SearchReply getDocument(String index, String id);

    /**
     * {@code PUT /<index>/_create/<id>}: creates a document; 409 when the id exists.
     *
     * @param refresh whether the document is searchable when the call returns ({@code refresh=true})
     * @return {@code _seq_no} and {@code _primary_term} of the new version
     */
    SearchReply createDocument(String index, String id, JsonNode source, boolean refresh);

    /**
     * {@code PUT /<index>/_doc/<id>}: creates or replaces a document; with {@code ifMatch}, only over that version
     * (409 otherwise).
     */
    SearchReply indexDocument(String index, String id, JsonNode source, Optional<SeqNoPrimaryTerm> ifMatch, boolean refresh);

    /** {@code DELETE /<index>/_doc/<id>}: with {@code ifMatch}, only that version (409 otherwise); 404 when absent. */
    SearchReply deleteDocument(String index, String id, Optional<SeqNoPrimaryTerm> ifMatch, boolean refresh);

    // ---- search

    /**
     * {@code POST /<index>/_search} with a request body ({@code query}, {@code size}, {@code sort},
     * {@code search_after}, {@code _source}, …).
     *
     * @return {@code {"hits":{"hits":[{"_id":…,"_source":{…},"sort":[…]}]}}}
     */
    SearchReply search(String index, ObjectNode request, Duration timeout);

    default SearchReply search(String index, ObjectNode request) {
        return search(index, request, DEFAULT_TIMEOUT);
    }

    /** {@code GET /<index>/_count}: {@code {"count":long}}. */
    SearchReply count(String index);

    /** {@code POST /<index>/_search/point_in_time?keep_alive=<s>s}: {@code {"pit_id":…}}, a consistent view to page through. */
    SearchReply openPointInTime(String index, Duration keepAlive);

    /** {@code POST /_search} with {@code {"pit":{"id":…,"keep_alive":…}}} in the request (no index in the path). */
    SearchReply searchPointInTime(ObjectNode request);

    /** {@code DELETE /_search/point_in_time} of one point in time. */
    SearchReply closePointInTime(String pitId);

    // ---- indexes

    /** {@code HEAD /<index>}: 200 when the index (or alias) exists, 404 when not. */
    SearchReply indexExists(String index);

    /** {@code PUT /<index>} with {@code settings}, {@code mappings}, {@code aliases}; 400 {@code resource_already_exists_exception} when it exists. */
    SearchReply createIndex(String index, ObjectNode body, Duration timeout);

    default SearchReply createIndex(String index, ObjectNode body) {
        return createIndex(index, body, DEFAULT_TIMEOUT);
    }

    /** {@code DELETE /<index>}: 404 when absent. */
    SearchReply deleteIndex(String index);

    /** {@code PUT /_index_template/<name>}: a composable index template ({@code index_patterns}, {@code template}, …). */
    SearchReply putIndexTemplate(String name, ObjectNode body, Duration timeout);

    /** {@code DELETE /_index_template/<name>}. */
    SearchReply deleteIndexTemplate(String name);

    /** {@code PUT /<index>/_mapping}: adds fields or mapping parameters to an existing index. */
    SearchReply putMapping(String index, ObjectNode body);

    /** {@code PUT /<index>/_settings}: changes dynamic index settings. */
    SearchReply putSettings(String index, ObjectNode body);

    /** {@code POST /<index>/_refresh}: what was written becomes searchable now. */
    SearchReply refresh(String index);

    /**
     * {@code POST /<index>/_delete_by_query?conflicts=proceed}: deletes the documents a query selects.
     *
     * @param refresh refresh the index when done
     * @return {@code {"deleted":long,"failures":[…]}}
     */
    SearchReply deleteByQuery(String index, ObjectNode request, boolean refresh);

    // ---- aliases

    /** {@code GET /_alias/<name>} ({@code name} may be a pattern): {@code {"<physical>":{"aliases":{"<alias>":{…}}}}}; 404 when none. */
    SearchReply getAlias(String name, Duration timeout);

    default SearchReply getAlias(String name) {
        return getAlias(name, DEFAULT_TIMEOUT);
    }

    /** {@code HEAD /_alias/<name>}: 200 when the alias exists, 404 when not. */
    SearchReply aliasExists(String name, Duration timeout);

    default SearchReply aliasExists(String name) {
        return aliasExists(name, DEFAULT_TIMEOUT);
    }

    /** {@code HEAD /<index>/_alias/<name>}: 200 when {@code index} holds the alias. */
    SearchReply aliasExistsOn(String index, String name);

    /** {@code POST /_aliases} with {@code {"actions":[{"add"|"remove":{…}}]}}: all actions at once, or none. */
    SearchReply updateAliases(ArrayNode actions, Duration timeout);

    default SearchReply updateAliases(ArrayNode actions) {
        return updateAliases(actions, DEFAULT_TIMEOUT);
    }

    /** Releases the connections and threads; calls after it fail. */
    @Override
    void close();
}

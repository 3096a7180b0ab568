package io.ddbsync.ops.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchTransportException;
import io.ddbsync.aws.search.SeqNoPrimaryTerm;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds out which of the calls ddbsync makes a search target answers — before deploying against it (an OpenSearch
 * Serverless collection, a new major version): each {@link SearchTarget} call a deployment and its runbook need, made
 * once, the way ddbsync makes it, on a scratch index of its own ({@code ddbsync-probe-<random>}, with its template
 * and aliases) that it deletes at the end, whatever happened. Each call is judged by what ddbsync relies on, not by
 * its status alone: a condition must be refused when stale, {@code require_alias} must refuse a missing alias, a read
 * must return the document's {@code _seq_no}.
 *
 * <p>A call whose prerequisite failed (no scratch index, no document) is not made and counts as failing.
 */
public final class SearchTargetProbe {

    /** One API and what ddbsync does without it. */
    public enum Api {
        INDEX_TEMPLATE("PUT _index_template", true, "the worker cannot bootstrap an index (settings and mappings of <index>_v*)"),
        CREATE_INDEX("PUT <index> with aliases", true, "no index can be created: neither the worker's first write nor a reindex"),
        INDEX_EXISTS("HEAD <index>", true, "reindex cannot tell whether its new index exists"),
        ALIAS_EXISTS("HEAD _alias/<alias>", true, "the worker cannot tell whether a reindex runs nor whether its index is ready"),
        GET_ALIAS("GET _alias/<alias>", true, "reindex cannot find the index behind the write alias; the purge cannot list the indexes"),
        BULK_CREATE("_bulk create, require_alias", true, "no document can be written"),
        REQUIRE_ALIAS("_bulk require_alias refuses a missing alias", true,
                "a write after its alias was removed would create a stray index instead of failing"),
        MGET("_mget with _source_includes, _seq_no", true, "the worker cannot read stored versions: no version guard, no write"),
        BULK_INDEX_IF_SEQ_NO("_bulk index with if_seq_no/if_primary_term", true,
                "conditioned writes are not possible: a newer version could be overwritten"),
        STALE_IF_SEQ_NO("_bulk index with a stale if_seq_no → 409", true,
                "two writers racing could overwrite a newer version without noticing"),
        SEARCH_AFTER("_search sorted by _id with search_after", true, "reconcile and reindex cannot walk an index"),
        REFRESH("POST <index>/_refresh", false,
                "a reindex's swap waits for the target's own refresh (Serverless: about 10 s) before the new index shows everything"),
        POINT_IN_TIME("point in time (open, search, close)", false,
                "none for a deployment: only the test bench's convergence check reads through one"),
        CREATE_DOCUMENT("PUT _create/<id>", true, "a reindex cannot record its state (ddbsync-reindex), so it cannot start"),
        GET_DOCUMENT("GET _doc/<id>", true, "a reindex cannot read its state: no --resume, --rollback or --finish"),
        INDEX_DOCUMENT_IF_SEQ_NO("PUT _doc/<id> with if_seq_no", true, "a reindex cannot hold its lease or record its steps"),
        DELETE_DOCUMENT_IF_SEQ_NO("DELETE _doc/<id> with if_seq_no", true, "a finished or rolled back reindex cannot remove its state"),
        DELETE_BY_QUERY("_delete_by_query", true,
                "the tombstone purge cannot run: tombstones stay (still correct, the index only grows)"),
        UPDATE_ALIASES("POST _aliases", true, "reindex cannot add its alias or swap the aliases; the worker cannot bootstrap aliases"),
        DELETE_INDEX("DELETE <index>", true, "reindex --finish and --rollback cannot delete an index");

        private final String label;
        private final boolean needed;
        private final String without;

        Api(String label, boolean needed, String without) {
            this.label = label;
            this.needed = needed;
            this.without = without;
        }

        /** How the call is shown: method and path or API name. */
        public String label() {
            return label;
        }

        /** Whether ddbsync needs it (the probe exits 1 when a needed call fails). */
        public boolean needed() {
            return needed;
        }

        /** What ddbsync does, or cannot do, without it. */
        public String without() {
            return without;
        }
    }

    /**
     * What one call did.
     *
     * @param works  whether it did what ddbsync relies on
     * @param detail the status and error type (or why it was not tried)
     */
    public record Result(Api api, boolean works, String detail) {
    }

    /** Every call's result, in the order made; {@code scratch} names the scratch index. */
    public record Report(String scratch, List<Result> results, List<String> leftovers) {

        public Report {
            results = List.copyOf(results);
            leftovers = List.copyOf(leftovers);
        }

        /** True when every call ddbsync needs works. */
        public boolean neededWork() {
            return results.stream().allMatch(r -> r.works() || !r.api().needed());
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String METADATA_FIELD = "ddbsync";
    private static final String DOC_ID = "probe-1";

    private final SearchTarget target;
    private final IndexNames names;
    private final String physical;
    private final List<Result> results = new ArrayList<>();
    private final List<String> leftovers = new ArrayList<>();

    /** @param scratch the scratch search alias; its physical index, write alias and template are derived from it */
    public SearchTargetProbe(SearchTarget target, String scratch) {
        IndexNames.problem(scratch).ifPresent(p -> {
            throw new IllegalArgumentException("scratch index: " + p);
        });
        this.target = target;
        this.names = new IndexNames(scratch);
        this.physical = names.physical(IndexNames.FIRST_GENERATION);
    }

    /** A scratch name no other run uses: {@code ddbsync-probe-<8 random characters>}. */
    public static String scratchName() {
        return "ddbsync-probe-" + Long.toString(Math.abs(new java.security.SecureRandom().nextLong()), 36).substring(0, 8);
    }

    /**
     * Makes every call once, then deletes the scratch index and template; a call that failed is a row of the report.
     *
     * @throws SearchTransportException when the target does not answer at all (its first call got no answer)
     */
    public Report run() {
        SearchReply first = target.putIndexTemplate(names.template(), template(), SearchTarget.DEFAULT_TIMEOUT);
        results.add(new Result(Api.INDEX_TEMPLATE, first.ok(), detail(first)));
        try {
            boolean created = call(Api.CREATE_INDEX, () -> target.createIndex(physical, indexWithAliases()), SearchReply::ok);
            if (!created) {
                skipAllButCreation("the scratch index could not be created");
                return report();
            }
            indexAndAliasReads();
            Optional<SeqNoPrimaryTerm> written = documentWrites();
            conditionedWrites(written);
            searches();
            stateDocument();
            call(Api.DELETE_BY_QUERY, () -> target.deleteByQuery(names.write(), tombstones(), true),
                    r -> r.ok() && r.body().path("failures").isEmpty());
            call(Api.UPDATE_ALIASES, this::addAndRemoveAlias, SearchReply::ok);
            call(Api.DELETE_INDEX, () -> target.deleteIndex(physical), SearchReply::ok);
            return report();
        } finally {
            cleanUp();
        }
    }

    private void indexAndAliasReads() {
        call(Api.INDEX_EXISTS, () -> target.indexExists(physical), r -> r.status() == 200);
        call(Api.ALIAS_EXISTS, () -> target.aliasExists(names.write()), r -> r.status() == 200);
        call(Api.GET_ALIAS, () -> target.getAlias(names.write()), r -> r.ok() && r.body().has(physical));
    }

    /** The worker's first write and its read of stored versions; the version read, when there is one. */
    private Optional<SeqNoPrimaryTerm> documentWrites() {
        boolean created = call(Api.BULK_CREATE, () -> target.bulk(List.of(BulkAction.createThroughAlias(names.write(), DOC_ID,
                source("created"))), SearchTarget.DEFAULT_TIMEOUT), r -> itemStatus(r) == 201);
        String missing = names.search() + "_no_alias";
        call(Api.REQUIRE_ALIAS, () -> target.bulk(List.of(BulkAction.createThroughAlias(missing, DOC_ID, source("stray"))),
                SearchTarget.DEFAULT_TIMEOUT), r -> r.ok() && itemStatus(r) >= 400 && target.indexExists(missing).status() == 404);
        if (!created) {
            skip(Api.MGET, "no document was written");
            return Optional.empty();
        }
        SeqNoPrimaryTerm[] read = new SeqNoPrimaryTerm[1];
        call(Api.MGET, () -> target.mget(names.write(), List.of(DOC_ID), List.of(METADATA_FIELD + ".version")), r -> {
            JsonNode doc = r.body().path("docs").path(0);
            if (!r.ok() || !doc.path("found").asBoolean() || !doc.has("_seq_no") || !doc.has("_primary_term")
                    || !doc.path("_source").path(METADATA_FIELD).has("version")) {
                return false;
            }
            read[0] = new SeqNoPrimaryTerm(doc.path("_seq_no").asLong(), doc.path("_primary_term").asLong());
            return true;
        });
        return Optional.ofNullable(read[0]);
    }

    private void conditionedWrites(Optional<SeqNoPrimaryTerm> read) {
        if (read.isEmpty()) {
            skip(Api.BULK_INDEX_IF_SEQ_NO, "no stored version was read");
            skip(Api.STALE_IF_SEQ_NO, "no stored version was read");
            return;
        }
        SeqNoPrimaryTerm v = read.get();
        boolean applied = call(Api.BULK_INDEX_IF_SEQ_NO, () -> target.bulk(List.of(BulkAction.indexIf(physical, DOC_ID, v.seqNo(),
                v.primaryTerm(), source("updated"))), SearchTarget.DEFAULT_TIMEOUT), r -> itemStatus(r) == 200);
        if (!applied) {
            skip(Api.STALE_IF_SEQ_NO, "the conditioned write did not apply");
            return;
        }
        call(Api.STALE_IF_SEQ_NO, () -> target.bulk(List.of(BulkAction.indexIf(physical, DOC_ID, v.seqNo(), v.primaryTerm(),
                source("stale"))), SearchTarget.DEFAULT_TIMEOUT), r -> itemStatus(r) == 409);
    }

    private void searches() {
        call(Api.REFRESH, () -> target.refresh(names.write()), SearchReply::ok);
        ObjectNode walk = F.objectNode();
        walk.put("size", 10);
        walk.putArray("sort").addObject().put("_id", "asc");
        walk.putArray("search_after").add("");
        call(Api.SEARCH_AFTER, () -> target.search(names.search(), walk), r -> r.ok() && r.body().path("hits").has("hits"));
        call(Api.POINT_IN_TIME, this::pointInTime, SearchReply::ok);
    }

    /** Create, read, update and delete of one state document, as {@code ddbsync reindex} keeps its state. */
    private void stateDocument() {
        ObjectNode state = F.objectNode().put("phase", "CREATED");
        boolean created = call(Api.CREATE_DOCUMENT, () -> target.createDocument(physical, "state", state, true),
                r -> r.ok() && r.body().has("_seq_no"));
        if (!created) {
            skip(Api.GET_DOCUMENT, "no state document was created");
            skip(Api.INDEX_DOCUMENT_IF_SEQ_NO, "no state document was created");
            skip(Api.DELETE_DOCUMENT_IF_SEQ_NO, "no state document was created");
            return;
        }
        SeqNoPrimaryTerm[] read = new SeqNoPrimaryTerm[1];
        call(Api.GET_DOCUMENT, () -> target.getDocument(physical, "state"), r -> {
            if (!r.ok() || !r.body().path("_source").has("phase")) {
                return false;
            }
            read[0] = new SeqNoPrimaryTerm(r.body().path("_seq_no").asLong(), r.body().path("_primary_term").asLong());
            return true;
        });
        if (read[0] == null) {
            skip(Api.INDEX_DOCUMENT_IF_SEQ_NO, "the state document could not be read");
            skip(Api.DELETE_DOCUMENT_IF_SEQ_NO, "the state document could not be read");
            return;
        }
        SeqNoPrimaryTerm[] updated = new SeqNoPrimaryTerm[1];
        call(Api.INDEX_DOCUMENT_IF_SEQ_NO, () -> target.indexDocument(physical, "state", state.deepCopy().put("phase", "SWAPPED"),
                Optional.of(read[0]), true), r -> {
            if (!r.ok()) {
                return false;
            }
            updated[0] = new SeqNoPrimaryTerm(r.body().path("_seq_no").asLong(), r.body().path("_primary_term").asLong());
            return true;
        });
        SeqNoPrimaryTerm current = updated[0] != null ? updated[0] : read[0];
        call(Api.DELETE_DOCUMENT_IF_SEQ_NO, () -> target.deleteDocument(physical, "state", Optional.of(current), true),
                SearchReply::ok);
    }

    private SearchReply pointInTime() {
        SearchReply opened = target.openPointInTime(names.search(), Duration.ofMinutes(1));
        if (!opened.ok() || !opened.body().hasNonNull("pit_id")) {
            return opened;
        }
        String pit = opened.body().path("pit_id").asText();
        try {
            ObjectNode request = F.objectNode();
            request.put("size", 10);
            request.putObject("pit").put("id", pit).put("keep_alive", "1m");
            request.putArray("sort").addObject().put("_id", "asc");
            return target.searchPointInTime(request);
        } finally {
            target.closePointInTime(pit);
        }
    }

    private SearchReply addAndRemoveAlias() {
        ArrayNode add = F.arrayNode();
        add.addObject().putObject("add").put("index", physical).put("alias", names.reindex());
        SearchReply added = target.updateAliases(add);
        if (!added.ok()) {
            return added;
        }
        ArrayNode remove = F.arrayNode();
        remove.addObject().putObject("remove").put("index", physical).put("alias", names.reindex());
        return target.updateAliases(remove);
    }

    /** Deletes what the run made; what could not be deleted is listed in the report. */
    private void cleanUp() {
        quietly(() -> target.deleteIndex(physical));
        quietly(() -> target.deleteIndex(names.search() + "_no_alias"));
        quietly(() -> target.deleteIndexTemplate(names.template()));
    }

    private void quietly(Supplier<SearchReply> call) {
        try {
            SearchReply r = call.get();
            if (!r.ok() && r.status() != 404) {
                leftovers.add(r.describe());
            }
        } catch (SearchTransportException e) {
            leftovers.add(e.getMessage());
        }
    }

    private Report report() {
        return new Report(names.search(), results, leftovers);
    }

    /** Makes one call and records whether it did what ddbsync relies on; true when it did. */
    private boolean call(Api api, Supplier<SearchReply> call, java.util.function.Predicate<SearchReply> works) {
        try {
            SearchReply r = call.get();
            boolean ok = works.test(r);
            results.add(new Result(api, ok, detail(r)));
            return ok;
        } catch (SearchTransportException e) {
            results.add(new Result(api, false, "no answer: " + e.getMessage()));
            return false;
        }
    }

    private void skip(Api api, String why) {
        results.add(new Result(api, false, "not tried: " + why));
    }

    /** After the scratch index could not be made, every call that needs it is not tried. */
    private void skipAllButCreation(String why) {
        for (Api api : Api.values()) {
            if (api != Api.INDEX_TEMPLATE && api != Api.CREATE_INDEX) {
                skip(api, why);
            }
        }
    }

    /** The status, and for an error the error type (of the reply, or of the first bulk item). */
    private static String detail(SearchReply r) {
        StringBuilder d = new StringBuilder(Integer.toString(r.status()));
        String type = r.errorType();
        if (type.isEmpty() && r.body().path("items").size() > 0) {
            JsonNode item = r.body().path("items").path(0).elements().next();
            d.append(" (item ").append(item.path("status").asInt());
            String itemType = item.path("error").path("type").asText("");
            d.append(itemType.isEmpty() ? "" : " " + itemType).append(')');
        } else if (!type.isEmpty()) {
            d.append(' ').append(type);
        }
        return d.toString();
    }

    /** The status of the first item of a {@code _bulk} answer, 0 when there is none. */
    private static int itemStatus(SearchReply r) {
        JsonNode items = r.body().path("items");
        if (!r.ok() || items.isEmpty()) {
            return 0;
        }
        return items.path(0).elements().next().path("status").asInt();
    }

    private ObjectNode template() {
        ObjectNode template = F.objectNode();
        template.putArray("index_patterns").add(names.search() + "_v*");
        template.put("priority", 200);
        template.set("template", new IndexTemplates(Map.of(), METADATA_FIELD).templateBody(names.search()));
        template.putObject("_meta").put("managed_by", "ddbsync probe");
        return template;
    }

    private ObjectNode indexWithAliases() {
        ObjectNode create = F.objectNode();
        ObjectNode aliases = create.putObject("aliases");
        aliases.putObject(names.search()).set("filter", new IndexBootstrap(target, null, METADATA_FIELD).notDeletedFilter());
        aliases.putObject(names.write()).put("is_write_index", true);
        return create;
    }

    private static ObjectNode tombstones() {
        ObjectNode q = F.objectNode();
        q.putObject("query").putObject("term").put(METADATA_FIELD + ".deleted", true);
        return q;
    }

    private static byte[] source(String title) {
        ObjectNode doc = F.objectNode().put("title", title);
        doc.putObject(METADATA_FIELD).put("version", "0".repeat(52)).put("deleted", false).put("table", "DdbsyncProbe");
        return doc.toString().getBytes(StandardCharsets.UTF_8);
    }
}

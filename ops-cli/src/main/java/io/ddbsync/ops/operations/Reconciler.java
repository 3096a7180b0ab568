package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentId;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Compares a table with its search index.
 *
 * <p>Table side: a parallel, strongly consistent Scan; each page's items are converted as the worker
 * converts them ({@link DocumentConverter}, {@link DocumentIds}) and compared, a batch at a time,
 * with the documents {@code _mget} returns from the write alias (tombstones included, so a
 * tombstone for a live item counts as missing). Index side: the search alias (tombstones hidden)
 * walked with {@code search_after} sorted by {@code _id}; each document's key is read back from its
 * id (or from the metadata for hashed ids) and looked up with a strongly consistent BatchGetItem:
 * an item that is not there makes the document a ghost.
 *
 * <p>Under TTL_DELETES=keep ({@link TtlKeep}) a document whose item TTL removed is kept on purpose:
 * counted as kept, not as a ghost, so repair never removes it.
 *
 * <p>The pipeline keeps running meanwhile: a change in flight can show up as a difference. So
 * {@link #settle} checks the differences of a first pass again after a settle time (longer than the
 * pipeline's lag): those gone were in flight; those still there whose item did not change meanwhile
 * are drift; those whose item changed again are reported apart as {@link ReconcileReport.Kind#CHANGING}.
 */
public final class Reconciler {

    static final int BATCH_GET_MAX = 100;
    private static final ObjectMapper M = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final OpenSearchHttp http;
    private final DocumentConverter converter;
    private final String metadataField;
    private final TtlKeep ttlKeep;

    /**
     * @param converter the worker's converter for the table (its attribute lists and metadata field)
     * @param ttlKeep   which gone items' documents are kept on purpose (TTL_DELETES=keep)
     */
    Reconciler(DynamoDbClient dynamoDb, OpenSearchHttp http, DocumentConverter converter, TtlKeep ttlKeep) {
        this.dynamoDb = dynamoDb;
        this.http = http;
        this.converter = converter;
        this.metadataField = converter.reservedField();
        this.ttlKeep = ttlKeep;
    }

    /**
     * Where a reconcile reads an index: {@code lookup} for {@code _mget} of items' documents
     * (tombstones included), {@code walk} for the search of live documents (tombstones filtered out).
     */
    public record Target(String lookup, String walk) {

        /** A live index: through its write alias and search alias. */
        public static Target aliases(String index) {
            IndexNames names = new IndexNames(index);
            return new Target(names.write(), names.search());
        }

        /** One physical index (e.g. the one a reindex fills). */
        public static Target physical(String name) {
            return new Target(name, name);
        }
    }

    /**
     * @param segments   parallel Scan segments
     * @param batch      items per {@code _mget} and documents per page of the index walk
     * @param onProgress called with the number of items (table side) or documents (index side) just checked
     */
    public ReconcileReport reconcile(String table, String index, int segments, int batch, int sampleSize, LongConsumer onProgress)
            throws InterruptedException {
        IndexNames names = new IndexNames(index);
        if (http.head("/_alias/" + names.write()).status() != 200) {
            throw new OpsException("the index " + index + " has no write alias " + names.write()
                    + " (is the index name right? the worker creates it with its first write)");
        }
        return reconcile(table, Target.aliases(index), segments, batch, sampleSize, onProgress);
    }

    /** As {@link #reconcile(String, String, int, int, int, LongConsumer)}, on any target. */
    public ReconcileReport reconcile(String table, Target names, int segments, int batch, int sampleSize, LongConsumer onProgress)
            throws InterruptedException {
        TableDescription description = dynamoDb.describeTable(b -> b.tableName(table)).table();
        List<String> keyNames = description.keySchema().stream().map(k -> k.attributeName()).toList();
        Map<String, String> keyTypes = new HashMap<>();
        description.attributeDefinitions().forEach(a -> keyTypes.put(a.attributeName(), a.attributeTypeAsString()));
        ReconcileReport report = new ReconcileReport(sampleSize);
        scanTable(table, names, keyNames, segments, batch, report, onProgress);
        walkIndex(table, names, keyNames, keyTypes, batch, report, onProgress);
        return report;
    }

    private void scanTable(String table, Target names, List<String> keyNames, int segments, int batch, ReconcileReport report,
                           LongConsumer onProgress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(segments, r -> {
            Thread t = new Thread(r, "reconcile-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                futures.add(pool.submit(() -> scanSegment(table, names, keyNames, segment, segments, batch, report, onProgress)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new OpsException("scan of table " + table + " failed", cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void scanSegment(String table, Target names, List<String> keyNames, int segment, int segments, int batch,
                             ReconcileReport report, LongConsumer onProgress) {
        Map<String, AttributeValue> start = null;
        List<Map<String, AttributeValue>> pending = new ArrayList<>();
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(table).segment(segment).totalSegments(segments)
                    .consistentRead(true).exclusiveStartKey(from));
            pending.addAll(page.items());
            while (pending.size() >= batch) {
                List<Map<String, AttributeValue>> chunk = new ArrayList<>(pending.subList(0, batch));
                pending.subList(0, batch).clear();
                compare(names, keyNames, chunk, report);
                onProgress.accept(chunk.size());
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        if (!pending.isEmpty()) {
            compare(names, keyNames, pending, report);
            onProgress.accept(pending.size());
        }
    }

    /** Compares items with their documents (one {@code _mget}). */
    void compare(Target names, List<String> keyNames, List<Map<String, AttributeValue>> items, ReconcileReport report) {
        report.countItems(items.size());
        if (items.isEmpty()) {
            return;
        }
        Map<String, ObjectNode> keysById = new LinkedHashMap<>();
        Map<String, Object> expected = new HashMap<>(); // id → ObjectNode document or String conversion error
        Map<String, ObjectNode> images = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            ObjectNode image = DynamoJson.fromItem(item);
            ObjectNode keys = M.createObjectNode();
            keyNames.forEach(k -> keys.set(k, image.get(k)));
            DocumentId id = DocumentIds.of(keys);
            keysById.put(id.value(), keys);
            images.put(id.value(), image);
            try {
                expected.put(id.value(), converter.toDocument(image));
            } catch (ConversionException e) {
                expected.put(id.value(), e.getMessage());
            }
        }
        ObjectNode body = M.createObjectNode();
        var ids = body.putArray("ids");
        keysById.keySet().forEach(ids::add);
        OpenSearchHttp.Reply reply = http.json("POST", "/" + names.lookup() + "/_mget", body);
        if (!reply.ok()) {
            throw new OpsException("_mget on " + names.lookup() + " failed: " + abbreviate(reply.describe()));
        }
        for (JsonNode doc : reply.body().path("docs")) {
            String id = doc.path("_id").asText();
            ObjectNode keys = keysById.get(id);
            Object want = expected.get(id);
            if (keys == null) {
                continue;
            }
            JsonNode source = doc.path("_source");
            boolean live = doc.path("found").asBoolean(false) && !source.path(metadataField).path("deleted").asBoolean(false);
            String unconvertible = want instanceof String s ? " (the item cannot be indexed: " + s + ")" : "";
            if (!live) {
                report.observe(id, images.get(id).toString());
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.MISSING, id, keys,
                        (doc.path("found").asBoolean(false) ? "a tombstone stands for it" : "no document") + unconvertible));
                continue;
            }
            ObjectNode content = ((ObjectNode) source).deepCopy();
            content.remove(metadataField);
            if (want instanceof String) {
                report.observe(id, images.get(id).toString());
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.STALE, id, keys, unconvertible.strip()));
            } else if (!JsonEquivalence.equivalent((ObjectNode) want, content)) {
                report.observe(id, images.get(id).toString());
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.STALE, id, keys,
                        "fields differ: " + differingFields((ObjectNode) want, content) + "; indexed version "
                                + source.path(metadataField).path("version").asText("?")));
            }
        }
    }

    private void walkIndex(String table, Target names, List<String> keyNames, Map<String, String> keyTypes, int batch,
                           ReconcileReport report, LongConsumer onProgress) {
        JsonNode after = null;
        while (true) {
            ObjectNode query = M.createObjectNode();
            query.put("size", batch);
            query.put("track_total_hits", false);
            query.putArray("sort").addObject().put("_id", "asc");
            var source = query.putArray("_source").add(metadataField + ".key").add(metadataField + ".table");
            ttlKeep.field().ifPresent(source::add);
            query.putObject("query").putObject("bool").putObject("must_not").putObject("term").put(metadataField + ".deleted", true);
            if (after != null) {
                query.set("search_after", after);
            }
            OpenSearchHttp.Reply reply = http.json("POST", "/" + names.walk() + "/_search", query);
            if (!reply.ok()) {
                throw new OpsException("walking index " + names.walk() + " failed: " + abbreviate(reply.describe()));
            }
            JsonNode hits = reply.body().path("hits").path("hits");
            if (hits.isEmpty()) {
                return;
            }
            Map<String, ObjectNode> lookups = new LinkedHashMap<>();
            Set<String> keptIfGone = new HashSet<>();
            for (JsonNode hit : hits) {
                String id = hit.path("_id").asText();
                JsonNode meta = hit.path("_source").path(metadataField);
                if (meta.hasNonNull("table") && !table.equals(meta.path("table").asText())) {
                    continue; // another table's document in a shared index
                }
                ObjectNode keys = meta.path("key").isObject() ? (ObjectNode) meta.path("key")
                        : DocumentIdKeys.parse(id).orElse(null);
                if (keys == null) {
                    report.add(new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, null,
                            "the id is not a key of this table (not made by ddbsync); remove it by hand"));
                } else if (!matchesSchema(keys, keyNames, keyTypes)) {
                    report.add(new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, keys,
                            "its key " + keys + " does not fit the table's key schema"));
                } else {
                    lookups.put(id, keys);
                    if (ttlKeep.kept(hit.path("_source"))) {
                        keptIfGone.add(id);
                    }
                }
            }
            report.countDocuments(hits.size());
            for (String id : absent(table, keyNames, lookups)) {
                if (keptIfGone.contains(id)) {
                    report.countKept();
                    continue;
                }
                report.observe(id, ReconcileReport.ABSENT);
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, lookups.get(id), "the item is not in the table"));
            }
            onProgress.accept(hits.size());
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    /**
     * Checks the differences of {@code first} again after {@code settle}: each item is read again (strongly
     * consistent) and compared with its document again. A difference that is gone was a change in flight;
     * one that is still there is drift when its item is as it was in the first pass, or
     * {@link ReconcileReport.Kind#CHANGING} when the item changed meanwhile (the pipeline has a newer
     * change to apply). Documents whose id is not a key of the table are drift as they were.
     *
     * @return the lasting differences; counts of items and documents as in the first pass
     */
    public ReconcileReport settle(String table, Target names, ReconcileReport first, java.time.Duration settle, int batch)
            throws InterruptedException {
        if (first.clean()) {
            return first;
        }
        Thread.sleep(settle.toMillis());
        TableDescription description = dynamoDb.describeTable(b -> b.tableName(table)).table();
        List<String> keyNames = description.keySchema().stream().map(k -> k.attributeName()).toList();
        ReconcileReport again = new ReconcileReport(first.sampleSize());
        ReconcileReport out = new ReconcileReport(first.sampleSize());
        out.countItems(first.items());
        out.countDocuments(first.documents());
        for (int k = 0; k < first.kept(); k++) {
            out.countKept();
        }
        Map<String, ObjectNode> keysById = new LinkedHashMap<>();
        for (ReconcileReport.Difference d : first.all()) {
            if (d.keys() == null) {
                out.add(d);
            } else {
                keysById.put(d.documentId(), d.keys());
            }
        }
        List<String> ids = new ArrayList<>(keysById.keySet());
        for (int i = 0; i < ids.size(); i += Math.min(batch, BATCH_GET_MAX)) {
            Map<String, ObjectNode> chunk = new LinkedHashMap<>();
            ids.subList(i, Math.min(ids.size(), i + Math.min(batch, BATCH_GET_MAX))).forEach(id -> chunk.put(id, keysById.get(id)));
            Map<String, Map<String, AttributeValue>> items = read(table, keyNames, chunk);
            compare(names, keyNames, new ArrayList<>(items.values()), again);
            List<String> gone = chunk.keySet().stream().filter(id -> !items.containsKey(id)).toList();
            for (String id : liveDocuments(names, gone)) {
                again.observe(id, ReconcileReport.ABSENT);
                again.add(new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, chunk.get(id), "the item is not in the table"));
            }
        }
        for (ReconcileReport.Difference d : again.all()) {
            String before = first.observed(d.documentId());
            String now = again.observed(d.documentId());
            if (before != null && before.equals(now)) {
                out.add(d);
            } else {
                out.add(new ReconcileReport.Difference(ReconcileReport.Kind.CHANGING, d.documentId(), d.keys(),
                        "the item changed during the settle time (was " + d.kind().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            }
        }
        return out;
    }

    /** The items of these keys that exist, by document id (strongly consistent BatchGetItem, whole items). */
    private Map<String, Map<String, AttributeValue>> read(String table, List<String> keyNames, Map<String, ObjectNode> keysById) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keysById.values().forEach(k -> keys.add(DynamoJson.toItem(k)));
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        int attempt = 0;
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse r = dynamoDb.batchGetItem(b -> b.requestItems(current));
            for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                ObjectNode image = DynamoJson.fromItem(item);
                ObjectNode k = M.createObjectNode();
                keyNames.forEach(n -> k.set(n, image.get(n)));
                found.put(DocumentIds.of(k).value(), item);
            }
            request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            if (!request.isEmpty()) {
                pause(++attempt);
            }
        }
        return found;
    }

    /** Which of these ids have a live (not tombstone) document. */
    private List<String> liveDocuments(Target names, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        ObjectNode body = M.createObjectNode();
        var array = body.putArray("ids");
        ids.forEach(array::add);
        OpenSearchHttp.Reply reply = http.json("POST", "/" + names.lookup() + "/_mget?_source_includes=" + metadataField + ".deleted", body);
        if (!reply.ok()) {
            throw new OpsException("_mget on " + names.lookup() + " failed: " + abbreviate(reply.describe()));
        }
        List<String> live = new ArrayList<>();
        for (JsonNode doc : reply.body().path("docs")) {
            if (doc.path("found").asBoolean(false) && !doc.path("_source").path(metadataField).path("deleted").asBoolean(false)) {
                live.add(doc.path("_id").asText());
            }
        }
        return live;
    }

    private static boolean matchesSchema(ObjectNode keys, List<String> keyNames, Map<String, String> keyTypes) {
        if (keys.size() != keyNames.size()) {
            return false;
        }
        for (String k : keyNames) {
            JsonNode v = keys.get(k);
            if (v == null || !v.has(keyTypes.getOrDefault(k, "?"))) {
                return false;
            }
        }
        return true;
    }

    /** The ids (of {@code lookups}) whose item a strongly consistent BatchGetItem does not find. */
    private List<String> absent(String table, List<String> keyNames, Map<String, ObjectNode> lookups) {
        List<String> ids = new ArrayList<>(lookups.keySet());
        Map<String, String> found = new HashMap<>();
        Map<String, String> projectionNames = new LinkedHashMap<>();
        for (int i = 0; i < keyNames.size(); i++) {
            projectionNames.put("#k" + i, keyNames.get(i));
        }
        String projection = String.join(",", projectionNames.keySet());
        for (int i = 0; i < ids.size(); i += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(i, Math.min(ids.size(), i + BATCH_GET_MAX))) {
                keys.add(DynamoJson.toItem(lookups.get(id)));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true)
                    .projectionExpression(projection).expressionAttributeNames(projectionNames).build());
            int attempt = 0;
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse r = dynamoDb.batchGetItem(b -> b.requestItems(current));
                for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                    ObjectNode k = DynamoJson.fromItem(item);
                    found.put(DocumentIds.of(k).value(), "");
                }
                request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    pause(++attempt);
                }
            }
        }
        return ids.stream().filter(id -> !found.containsKey(id)).toList();
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(2_000, 50L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted", e);
        }
    }

    private static String differingFields(ObjectNode want, ObjectNode have) {
        List<String> fields = new ArrayList<>();
        want.fieldNames().forEachRemaining(f -> {
            if (!JsonEquivalence.equivalent(want.get(f), have.get(f))) {
                fields.add(f);
            }
        });
        have.fieldNames().forEachRemaining(f -> {
            if (!want.has(f)) {
                fields.add(f + " (only in the index)");
            }
        });
        return fields.isEmpty() ? "?" : String.join(", ", fields);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}

package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentId;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.worker.dynamodb.DynamoJson;
import io.ddbsync.worker.opensearch.IndexNames;
import io.ddbsync.worker.opensearch.OpenSearchHttp;
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
 * <p>The pipeline keeps running meanwhile: a change in flight can show up as a difference. Repair is
 * safe in that case (version-guarded), and a second run tells lasting differences from transient ones.
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
     * @param segments   parallel Scan segments
     * @param batch      items per {@code _mget} and documents per page of the index walk
     * @param onProgress called with the number of items (table side) or documents (index side) just checked
     */
    public ReconcileReport reconcile(String table, String index, int segments, int batch, int sampleSize, LongConsumer onProgress)
            throws InterruptedException {
        TableDescription description = dynamoDb.describeTable(b -> b.tableName(table)).table();
        List<String> keyNames = description.keySchema().stream().map(k -> k.attributeName()).toList();
        Map<String, String> keyTypes = new HashMap<>();
        description.attributeDefinitions().forEach(a -> keyTypes.put(a.attributeName(), a.attributeTypeAsString()));
        IndexNames names = new IndexNames(index);
        if (http.head("/_alias/" + names.write()).status() != 200) {
            throw new OpsException("the index " + index + " has no write alias " + names.write()
                    + " (is the index name right? the worker creates it with its first write)");
        }
        ReconcileReport report = new ReconcileReport(sampleSize);
        scanTable(table, names, keyNames, segments, batch, report, onProgress);
        walkIndex(table, names, keyNames, keyTypes, batch, report, onProgress);
        return report;
    }

    private void scanTable(String table, IndexNames names, List<String> keyNames, int segments, int batch, ReconcileReport report,
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

    private void scanSegment(String table, IndexNames names, List<String> keyNames, int segment, int segments, int batch,
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
    void compare(IndexNames names, List<String> keyNames, List<Map<String, AttributeValue>> items, ReconcileReport report) {
        report.countItems(items.size());
        Map<String, ObjectNode> keysById = new LinkedHashMap<>();
        Map<String, Object> expected = new HashMap<>(); // id → ObjectNode document or String conversion error
        for (Map<String, AttributeValue> item : items) {
            ObjectNode image = DynamoJson.fromItem(item);
            ObjectNode keys = M.createObjectNode();
            keyNames.forEach(k -> keys.set(k, image.get(k)));
            DocumentId id = DocumentIds.of(keys);
            keysById.put(id.value(), keys);
            try {
                expected.put(id.value(), converter.toDocument(image));
            } catch (ConversionException e) {
                expected.put(id.value(), e.getMessage());
            }
        }
        ObjectNode body = M.createObjectNode();
        var ids = body.putArray("ids");
        keysById.keySet().forEach(ids::add);
        OpenSearchHttp.Reply reply = http.json("POST", "/" + names.write() + "/_mget", body);
        if (!reply.ok()) {
            throw new OpsException("_mget on " + names.write() + " failed: " + abbreviate(reply.describe()));
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
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.MISSING, id, keys,
                        (doc.path("found").asBoolean(false) ? "a tombstone stands for it" : "no document") + unconvertible));
                continue;
            }
            ObjectNode content = ((ObjectNode) source).deepCopy();
            content.remove(metadataField);
            if (want instanceof String) {
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.STALE, id, keys, unconvertible.strip()));
            } else if (!JsonEquivalence.equivalent((ObjectNode) want, content)) {
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.STALE, id, keys,
                        "fields differ: " + differingFields((ObjectNode) want, content) + "; indexed version "
                                + source.path(metadataField).path("version").asText("?")));
            }
        }
    }

    private void walkIndex(String table, IndexNames names, List<String> keyNames, Map<String, String> keyTypes, int batch,
                           ReconcileReport report, LongConsumer onProgress) {
        JsonNode after = null;
        while (true) {
            ObjectNode query = M.createObjectNode();
            query.put("size", batch);
            query.put("track_total_hits", false);
            query.putArray("sort").addObject().put("_id", "asc");
            var source = query.putArray("_source").add(metadataField + ".key").add(metadataField + ".table");
            ttlKeep.field().ifPresent(source::add);
            if (after != null) {
                query.set("search_after", after);
            }
            OpenSearchHttp.Reply reply = http.json("POST", "/" + names.search() + "/_search", query);
            if (!reply.ok()) {
                throw new OpsException("walking index " + names.search() + " failed: " + abbreviate(reply.describe()));
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
                report.add(new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, lookups.get(id), "the item is not in the table"));
            }
            onProgress.accept(hits.size());
            after = hits.get(hits.size() - 1).path("sort");
        }
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

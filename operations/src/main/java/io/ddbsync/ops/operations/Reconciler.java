package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.worker.opensearch.FieldQuarantine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import io.ddbsync.aws.search.SearchReply;

/**
 * Compares a table with its search index.
 *
 * <p>Table side: a parallel, strongly consistent Scan; each page's items are converted as the worker
 * converts them ({@link DocumentConverter}, {@link DocumentIds}) and compared, a batch at a time,
 * with the documents {@code _mget} returns from the write alias (tombstones included, so a
 * tombstone for a live item counts as missing). Index side: the search alias (tombstones hidden)
 * walked with {@code search_after} sorted by {@code _id} ({@link IndexWalk}); each document's key is read
 * back from its id (or from the metadata for hashed ids) and looked up with a strongly consistent
 * BatchGetItem: an item that is not there makes the document a ghost.
 *
 * <p>A document with fields the worker quarantined ({@link FieldQuarantine}) is compared with its quarantined values
 * put back: it matches its item when they are the item's, and is then listed as quarantined (ids and field names,
 * never values), not as a difference: its content is all there, some of it not searchable until a template that fits
 * it and a reindex.
 *
 * <p>Under TTL_DELETES=keep ({@link TtlKeep}) a document whose item TTL removed is kept on purpose:
 * counted as kept, not as a ghost, so repair never removes it.
 *
 * <p>Every difference goes to the report's spool on disk with what it was compared against (the item's
 * {@link ItemFingerprint}, the document's version), so memory stays bounded. The pipeline keeps running
 * meanwhile: a change in flight shows up as a difference. So {@link #settle} checks the differences again in
 * rounds ({@link Rounds}): a difference that is gone was in flight; one whose document did not change during a
 * round while it still differs is a lasting difference (the pipeline is not bringing it in line — a hot key that
 * can never be indexed is one, however often its item changes); one whose document changed but still differs is
 * {@link ReconcileReport.Kind#CHANGING}: the pipeline is applying the item's changes as they come.
 */
public final class Reconciler {

    private static final ObjectMapper M = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final SearchTarget search;
    private final DocumentConverter converter;
    private final String metadataField;
    private final TtlKeep ttlKeep;

    /**
     * @param converter the worker's converter for the table (its attribute lists and metadata field)
     * @param ttlKeep   which gone items' documents are kept on purpose (TTL_DELETES=keep)
     */
    public Reconciler(DynamoDbClient dynamoDb, SearchTarget search, DocumentConverter converter, TtlKeep ttlKeep) {
        this.dynamoDb = dynamoDb;
        this.search = search;
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
     * How the differences of a first pass are checked again.
     *
     * @param settle    the wait before each round (longer than the pipeline's lag)
     * @param maxRounds rounds at most; rounds go on only while a round resolved a difference (the pipeline
     *                  is still catching up), so a quiet difference is decided after one round
     * @param deadline  {@link System#nanoTime()} after which no new round starts
     * @param progress  told what each round found
     */
    public record Rounds(Duration settle, int maxRounds, long deadline, Consumer<String> progress) {

        public Rounds {
            Objects.requireNonNull(settle, "settle");
            if (maxRounds < 1) {
                throw new IllegalArgumentException("maxRounds must be >= 1: " + maxRounds);
            }
        }

        /** At most {@code maxRounds} rounds of {@code settle}, without a deadline. */
        public static Rounds of(Duration settle, int maxRounds, Consumer<String> progress) {
            return new Rounds(settle, maxRounds, Long.MAX_VALUE, progress);
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
        if (search.aliasExists(names.write()).status() != 200) {
            throw new OpsException("the index " + index + " has no write alias " + names.write()
                    + " (is the index name right? the worker creates it with its first write)");
        }
        return reconcile(table, Target.aliases(index), segments, batch, sampleSize, onProgress);
    }

    /** As {@link #reconcile(String, String, int, int, int, LongConsumer)}, on any target. */
    public ReconcileReport reconcile(String table, Target names, int segments, int batch, int sampleSize, LongConsumer onProgress)
            throws InterruptedException {
        Schema schema = schema(table);
        ReconcileReport report = new ReconcileReport(sampleSize);
        try {
            scanTable(table, names, schema, segments, batch, report, onProgress);
            walkIndex(table, names, schema, batch, report, onProgress);
            return report;
        } catch (RuntimeException | InterruptedException e) {
            report.close();
            throw e;
        }
    }

    /** The table's key attributes and their types. */
    private record Schema(List<String> keyNames, Map<String, String> keyTypes, TableReads reads) {
    }

    private Schema schema(String table) {
        TableDescription description;
        try {
            description = dynamoDb.describeTable(b -> b.tableName(table)).table();
        } catch (RuntimeException e) {
            throw new OpsException("cannot describe table " + table, e);
        }
        List<String> keyNames = description.keySchema().stream().map(k -> k.attributeName()).toList();
        Map<String, String> keyTypes = new HashMap<>();
        description.attributeDefinitions().forEach(a -> keyTypes.put(a.attributeName(), a.attributeTypeAsString()));
        return new Schema(keyNames, keyTypes, new TableReads(dynamoDb, table, keyNames));
    }

    private void scanTable(String table, Target names, Schema schema, int segments, int batch, ReconcileReport report,
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
                futures.add(pool.submit(() -> scanSegment(table, names, schema, segment, segments, batch, report, onProgress)));
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

    private void scanSegment(String table, Target names, Schema schema, int segment, int segments, int batch,
                             ReconcileReport report, LongConsumer onProgress) {
        Map<String, AttributeValue> start = null;
        List<ObjectNode> pending = new ArrayList<>();
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(table).segment(segment).totalSegments(segments)
                    .consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(item -> pending.add(DynamoJson.fromItem(item)));
            while (pending.size() >= batch) {
                List<ObjectNode> chunk = new ArrayList<>(pending.subList(0, batch));
                pending.subList(0, batch).clear();
                compareItems(names, schema, chunk, report);
                onProgress.accept(chunk.size());
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        if (!pending.isEmpty()) {
            compareItems(names, schema, pending, report);
            onProgress.accept(pending.size());
        }
    }

    /** Compares scanned items with their documents (one {@code _mget}). */
    private void compareItems(Target names, Schema schema, List<ObjectNode> images, ReconcileReport report) {
        report.countItems(images.size());
        Map<String, ObjectNode> imagesById = new LinkedHashMap<>();
        images.forEach(image -> imagesById.put(DocumentIds.of(schema.reads().keysOf(image)).value(), image));
        Map<String, JsonNode> docs = documents(names, imagesById.keySet());
        imagesById.forEach((id, image) -> {
            ReconcileReport.Difference d = differenceOf(id, schema.reads().keysOf(image), image, docs.get(id));
            if (d != null) {
                report.add(d);
            } else {
                noteQuarantine(id, docs.get(id), report);
            }
        });
    }

    private void walkIndex(String table, Target names, Schema schema, int batch, ReconcileReport report, LongConsumer onProgress) {
        List<String> source = new ArrayList<>(List.of(metadataField + ".key", metadataField + ".table", metadataField + ".version"));
        ttlKeep.field().ifPresent(source::add);
        new IndexWalk(search).walk(names.walk(), IndexWalk.live(metadataField), source, batch, hits -> {
            Map<String, ObjectNode> lookups = new LinkedHashMap<>();
            Map<String, JsonNode> docs = new HashMap<>();
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
                } else if (!matchesSchema(keys, schema)) {
                    report.add(new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, keys,
                            "its key " + keys + " does not fit the table's key schema"));
                } else {
                    lookups.put(id, keys);
                    docs.put(id, M.createObjectNode().put("found", true).set("_source", hit.path("_source")));
                }
            }
            report.countDocuments(hits.size());
            java.util.Set<String> existing = schema.reads().existing(lookups);
            lookups.forEach((id, keys) -> {
                if (existing.contains(id)) {
                    return;
                }
                if (ttlKeep.kept(docs.get(id).path("_source"))) {
                    report.countKept();
                    return;
                }
                ReconcileReport.Difference d = differenceOf(id, keys, null, docs.get(id));
                if (d != null) {
                    report.add(d);
                }
            });
            onProgress.accept(hits.size());
        });
    }

    /**
     * The difference between an item and its document, or null when they match.
     *
     * @param image the item (DynamoDB JSON), null when it is not in the table
     * @param doc   the {@code _mget} answer for the id (or a search hit marked found), null or not found for no document
     */
    private ReconcileReport.Difference differenceOf(String id, ObjectNode keys, ObjectNode image, JsonNode doc) {
        boolean found = doc != null && doc.path("found").asBoolean(false);
        JsonNode source = found ? doc.path("_source") : M.createObjectNode();
        JsonNode meta = source.path(metadataField);
        String version = meta.path("version").isTextual() ? meta.path("version").asText() : null;
        boolean live = found && !meta.path("deleted").asBoolean(false);
        String item = ItemFingerprint.of(image);
        if (image == null) {
            if (!live || ttlKeep.kept(source)) {
                return null;
            }
            return new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, id, keys, "the item is not in the table", item, version);
        }
        ObjectNode want;
        String unconvertible = "";
        try {
            want = converter.toDocument(image);
        } catch (ConversionException e) {
            want = null;
            unconvertible = " (the item cannot be indexed: " + e.getMessage() + ")";
        }
        if (!live) {
            return new ReconcileReport.Difference(ReconcileReport.Kind.MISSING, id, keys,
                    (found ? "a tombstone stands for it" : "no document") + unconvertible, item, version);
        }
        if (want == null) {
            return new ReconcileReport.Difference(ReconcileReport.Kind.STALE, id, keys, unconvertible.strip(), item, version);
        }
        ObjectNode content = FieldQuarantine.restore(source, metadataField);
        if (JsonEquivalence.equivalent(want, content)) {
            return null;
        }
        return new ReconcileReport.Difference(ReconcileReport.Kind.STALE, id, keys, "fields differ: " + differingFields(want, content)
                + "; indexed version " + (version == null ? "?" : version), item, version);
    }

    /** The {@code _mget} answers for these ids (whole sources), by id. */
    private Map<String, JsonNode> documents(Target names, java.util.Collection<String> ids) {
        Map<String, JsonNode> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        SearchReply reply = search.mget(names.lookup(), ids, List.of());
        if (!reply.ok()) {
            throw new OpsException("_mget on " + names.lookup() + " failed: " + IndexWalk.abbreviate(reply.describe()));
        }
        for (JsonNode doc : reply.body().path("docs")) {
            out.put(doc.path("_id").asText(), doc);
        }
        return out;
    }

    /**
     * Checks the differences of {@code first} again in rounds ({@link Rounds}): before each, the settle time; in each,
     * every remaining item is read again (strongly consistent) and compared with its document again. A difference
     * that is gone was a change in flight. Rounds go on while one resolves a difference. After the last round, a
     * remaining difference whose document changed during it is {@link ReconcileReport.Kind#CHANGING} (the pipeline is
     * applying the item's changes); one whose document stayed as it was is a lasting difference, whatever its item did.
     * Documents whose id is not a key of the table stay as they were.
     *
     * @return the differences of the last round (the caller closes it); counts of items and documents as in the first
     *         pass; {@code first} itself when it had no difference
     */
    public ReconcileReport settle(String table, Target names, ReconcileReport first, Rounds rounds) throws InterruptedException {
        if (first.clean()) {
            return first;
        }
        Schema schema = schema(table);
        ReconcileReport pending = first;
        for (int round = 1; ; round++) {
            Thread.sleep(rounds.settle().toMillis());
            ReconcileReport next = new ReconcileReport(first.sampleSize());
            next.countsOf(first);
            AtomicLong resolved = new AtomicLong();
            try {
                pending.forEachBatch(TableReads.BATCH_GET_MAX, chunk -> recheck(names, schema, chunk, next, resolved));
            } catch (RuntimeException e) {
                next.close();
                throw e;
            }
            if (pending != first) {
                pending.close();
            }
            if (rounds.progress() != null) {
                rounds.progress().accept("round " + round + ": " + resolved.get() + " difference(s) resolved, " + next.lasting()
                        + " unchanged, " + next.count(ReconcileReport.Kind.CHANGING) + " changing");
            }
            if (next.clean() || resolved.get() == 0 || round >= rounds.maxRounds() || System.nanoTime() >= rounds.deadline()) {
                return next;
            }
            pending = next;
        }
    }

    private void recheck(Target names, Schema schema, List<ReconcileReport.Difference> chunk, ReconcileReport next,
                         AtomicLong resolved) {
        Map<String, ObjectNode> keysById = new LinkedHashMap<>();
        for (ReconcileReport.Difference d : chunk) {
            if (d.keys() == null) {
                next.add(d);
            } else {
                keysById.put(d.documentId(), d.keys());
            }
        }
        Map<String, ObjectNode> items = schema.reads().items(keysById);
        Map<String, JsonNode> docs = documents(names, keysById.keySet());
        for (ReconcileReport.Difference before : chunk) {
            if (before.keys() == null) {
                continue;
            }
            String id = before.documentId();
            ReconcileReport.Difference now = differenceOf(id, before.keys(), items.get(id), docs.get(id));
            if (now == null) {
                resolved.incrementAndGet();
                noteQuarantine(id, docs.get(id), next);
            } else if (!Objects.equals(now.docVersion(), before.docVersion())) {
                next.add(new ReconcileReport.Difference(ReconcileReport.Kind.CHANGING, id, now.keys(),
                        "its document changed during the settle time but still differs (" + now.kind().name()
                                .toLowerCase(java.util.Locale.ROOT) + "): the pipeline is applying its changes",
                        now.item(), now.docVersion()));
            } else if (!Objects.equals(now.item(), before.item())) {
                next.add(new ReconcileReport.Difference(now.kind(), id, now.keys(), now.detail()
                        + "; the item changed during the settle time but its document did not", now.item(), now.docVersion()));
            } else {
                next.add(now);
            }
        }
    }

    /** A document that matches its item but holds quarantined fields: counted and listed (field names only). */
    private void noteQuarantine(String id, JsonNode doc, ReconcileReport report) {
        if (doc == null) {
            return;
        }
        List<String> fields = FieldQuarantine.fields(doc.path("_source").path(metadataField));
        if (!fields.isEmpty()) {
            report.addQuarantined(new ReconcileReport.Quarantined(id, fields));
        }
    }

    private static boolean matchesSchema(ObjectNode keys, Schema schema) {
        if (keys.size() != schema.keyNames().size()) {
            return false;
        }
        for (String k : schema.keyNames()) {
            JsonNode v = keys.get(k);
            if (v == null || !v.has(schema.keyTypes().getOrDefault(k, "?"))) {
                return false;
            }
        }
        return true;
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
}

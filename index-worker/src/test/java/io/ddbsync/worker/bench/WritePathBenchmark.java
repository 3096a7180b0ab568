package io.ddbsync.worker.bench;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Benchmark (not a test): pushes N seed-like ~1 KB post documents through the worker's write path
 * (SQS event → decode → collapse → convert → {@code _mget} of stored versions → {@code _bulk}
 * create/index with {@code if_seq_no}) and, in the same process and into the same OpenSearch,
 * through raw {@code _bulk} index requests of the same documents, with the same request size (100
 * documents) and the same concurrency (10).
 *
 * <p>A ratio must mean something on a noisy machine, so: first warm the node with raw rounds until
 * the last three raw rates are within 10 % of each other (at most {@value #MAX_WARM_ROUNDS} rounds);
 * warm the worker paths once; then run R rounds of raw, worker (idempotency off), raw, worker
 * (idempotency on), …, ending with raw. Each worker run is divided by the mean of the two raw runs
 * around it, which cancels the node's drift. It prints every run, then per path the median ratio
 * and its spread (min–max over the rounds), and what idempotency costs per message next to what
 * the same number of idempotency-store writes to dynalite cost alone, in the same process.
 * Message bodies are wire version 2 (gzip), the forwarder's default.
 *
 * <p>Run: {@code mvn -B -pl index-worker -am -Pbenchmark -DskipTests verify [-Dbenchmark.docs=20000]
 * [-Dbenchmark.rounds=5]}
 */
public final class WritePathBenchmark {

    static final int DOCS_PER_MESSAGE = 100;
    static final int MESSAGES_PER_BATCH = 10;
    static final int CONCURRENCY = 10;
    static final int MAX_WARM_ROUNDS = 15;
    static final double STABLE_SPREAD = 1.10;

    private static final ObjectMapper M = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("preparing %,d seed-like post documents, %d rounds%n", docs, rounds);
        SearchTarget http = Fixture.openSearch();
        LocalOpenSearch.shared();
        LocalDynamoDb.shared();

        List<ObjectNode> items = new ArrayList<>(docs);
        for (int i = 0; i < docs; i++) {
            items.add(SeedPosts.item(i));
        }
        DocumentConverter converter = new DocumentConverter(Set.of(), Set.of(), "ddbsync");
        long jsonBytes = 0;
        List<String> ids = new ArrayList<>(docs);
        List<byte[]> sources = new ArrayList<>(docs);
        for (ObjectNode item : items) {
            byte[] source = M.writeValueAsBytes(converter.toDocument(item));
            jsonBytes += source.length;
            sources.add(source);
            ObjectNode keys = M.createObjectNode();
            keys.set("id", item.get("id"));
            ids.add(DocumentIds.of(keys).value());
        }
        System.out.printf("average document: %,d bytes of JSON%n", jsonBytes / docs);

        // 1. Warm the node until the raw rate is stable.
        List<Double> warmRates = new ArrayList<>();
        for (int w = 0; w < MAX_WARM_ROUNDS; w++) {
            Result r = raw(http, ids, sources, "bench_raw_warm_" + w);
            warmRates.add(r.docsPerSecond());
            System.out.printf("  warm-up raw round %d: %,.0f docs/s%n", w + 1, r.docsPerSecond());
            if (warmRates.size() >= 3) {
                List<Double> last = warmRates.subList(warmRates.size() - 3, warmRates.size());
                if (Collections.max(last) / Collections.min(last) <= STABLE_SPREAD) {
                    break;
                }
            }
        }
        List<Double> lastWarm = warmRates.subList(Math.max(0, warmRates.size() - 3), warmRates.size());
        System.out.printf("raw rate %s after %d warm-up rounds (last three within %.0f %%: %s)%n",
                Collections.max(lastWarm) / Collections.min(lastWarm) <= STABLE_SPREAD ? "stable" : "NOT stable",
                warmRates.size(), (STABLE_SPREAD - 1) * 100, lastWarm.stream().map(d -> String.format("%,.0f", d)).toList());
        int warmWorker = Math.min(docs, 2_000);
        worker(http, items.subList(0, warmWorker), false);
        worker(http, items.subList(0, warmWorker), true);

        // 2. Alternate: raw, off, raw, on, raw, off, raw, on, ..., raw.
        List<Result> raws = new ArrayList<>();
        List<Result> offs = new ArrayList<>();
        List<Result> ons = new ArrayList<>();
        int run = 0;
        raws.add(raw(http, ids, sources, "bench_raw_" + run++));
        for (int round = 0; round < rounds; round++) {
            offs.add(worker(http, items, false));
            raws.add(raw(http, ids, sources, "bench_raw_" + run++));
            ons.add(worker(http, items, true));
            raws.add(raw(http, ids, sources, "bench_raw_" + run++));
        }
        // 3. The idempotency store alone: the same number of writes to dynalite, same concurrency.
        int messages = (docs + DOCS_PER_MESSAGE - 1) / DOCS_PER_MESSAGE;
        long storeNanos = idempotencyStoreWrites(messages);

        System.out.println();
        System.out.printf("%-5s %-30s %12s %8s %16s%n", "round", "path", "docs/s", "ratio", "sum _bulk ms");
        List<Double> offRatios = new ArrayList<>();
        List<Double> onRatios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Result before = raws.get(2 * round);
            Result middle = raws.get(2 * round + 1);
            Result after = raws.get(2 * round + 2);
            double offRatio = offs.get(round).docsPerSecond() / mean(before, middle);
            double onRatio = ons.get(round).docsPerSecond() / mean(middle, after);
            offRatios.add(offRatio);
            onRatios.add(onRatio);
            if (round == 0) {
                print(round, "raw _bulk index", before, Double.NaN);
            }
            print(round, "worker, idempotency off", offs.get(round), offRatio);
            print(round, "raw _bulk index", middle, Double.NaN);
            print(round, "worker, idempotency on", ons.get(round), onRatio);
            print(round, "raw _bulk index", after, Double.NaN);
        }
        System.out.println();
        System.out.println("ratio = worker docs/s / mean of the raw runs just before and after it");
        System.out.printf("%-30s median %.2f  (min %.2f – max %.2f, %d rounds)%n", "worker, idempotency off",
                median(offRatios), Collections.min(offRatios), Collections.max(offRatios), rounds);
        System.out.printf("%-30s median %.2f  (min %.2f – max %.2f, %d rounds)%n", "worker, idempotency on",
                median(onRatios), Collections.min(onRatios), Collections.max(onRatios), rounds);
        List<Double> rawRates = raws.stream().map(Result::docsPerSecond).toList();
        System.out.printf("raw _bulk: median %,.0f docs/s (min %,.0f – max %,.0f over %d runs)%n", median(rawRates),
                Collections.min(rawRates), Collections.max(rawRates), rawRates.size());
        List<Double> perMessage = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            perMessage.add((ons.get(round).nanos() - offs.get(round).nanos()) / 1e6 / messages * CONCURRENCY);
        }
        System.out.printf("idempotency on costs %.1f ms more per message (median; %d messages, %d in flight)%n",
                median(perMessage), messages, CONCURRENCY);
        System.out.printf("the idempotency store alone (conditional PutItem + UpdateItem per message to dynalite, %d in flight): "
                + "%.1f ms per message, %.1f s for the %d messages (worker runs took %.1f s off, %.1f s on, medians)%n",
                CONCURRENCY, storeNanos / 1e6 / messages * CONCURRENCY, storeNanos / 1e9, messages,
                median(offs.stream().map(r -> r.nanos() / 1e9).toList()), median(ons.stream().map(r -> r.nanos() / 1e9).toList()));
        System.exit(0);
    }

    static double mean(Result a, Result b) {
        return (a.docsPerSecond() + b.docsPerSecond()) / 2;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * What Powertools' DynamoDB persistence store does per message, without the worker: a
     * conditional PutItem of an in-progress record, then an UpdateItem to COMPLETED, for
     * {@code messages} keys with {@link #CONCURRENCY} in flight. Returns the wall-clock time.
     */
    private static long idempotencyStoreWrites(int messages) throws Exception {
        DynamoDbClient dynamo = Fixture.dynamoDb();
        String table = "bench_store_" + System.nanoTime();
        Tables.createWithStringKey(dynamo, table, "id");
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        String payload = "x".repeat(200);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String id = "bench#" + i;
            futures.add(pool.submit(() -> {
                dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of("id", AttributeValue.fromS(id), "status", AttributeValue.fromS("INPROGRESS"),
                                "expiration", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000 + 3600))))
                        .conditionExpression("attribute_not_exists(id) OR expiration < :now")
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN("0"))));
                dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                        .updateExpression("SET #s = :s, #d = :d")
                        .expressionAttributeNames(Map.of("#s", "status", "#d", "data"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("COMPLETED"), ":d", AttributeValue.fromS(payload))));
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        return nanos;
    }

    record Result(int docs, long nanos, long bulkMillis) {
        double docsPerSecond() {
            return docs / (nanos / 1e9);
        }
    }

    private static void print(int round, String name, Result r, double ratio) {
        System.out.printf("%-5d %-30s %,12.0f %8s %,16d%n", round + 1, name, r.docsPerSecond(),
                Double.isNaN(ratio) ? "" : String.format("%.2f", ratio), r.bulkMillis());
    }

    /** Same documents through the worker handler, as SQS batches of 10 messages of 100 records. */
    private static Result worker(SearchTarget http, List<ObjectNode> items, boolean idempotency) throws Exception {
        System.out.printf("worker run, idempotency %s, %,d documents%n", idempotency ? "on" : "off", items.size());
        Fixture f = new Fixture(idempotency ? "BenchIdem" : "BenchPlain").parallelism(CONCURRENCY);
        if (idempotency) {
            String table = "idempotency_" + f.index;
            Tables.createWithStringKey(Fixture.dynamoDb(), table, "id");
            f.idempotencyTable(table);
        }
        Changes changes = f.changes();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < items.size(); i += DOCS_PER_MESSAGE) {
            List<ChangeRecord> records = new ArrayList<>();
            for (ObjectNode item : items.subList(i, Math.min(items.size(), i + DOCS_PER_MESSAGE))) {
                records.add(changes.put(Op.INSERT, item));
            }
            bodies.add(WireCodec.encodeCompressed(WireCodec.decode(changes.body(records))));
        }
        List<SQSEvent> events = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i += MESSAGES_PER_BATCH) {
            events.add(LambdaSqsEvents.fromBodies(bodies.subList(i, Math.min(bodies.size(), i + MESSAGES_PER_BATCH))));
        }
        IndexWorkerHandler handler = f.handler();
        // Bootstrap (template, index, aliases, script) before timing, as a warm container would have.
        handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(changes.body(List.of(changes.put(Op.INSERT, "warm-up", 1))))),
                LambdaContext.of("index-worker", () -> 600_000));
        f.metrics.reset();
        long start = System.nanoTime();
        int failed = 0;
        for (SQSEvent event : events) {
            SQSBatchResponse response = handler.handleRequest(event, LambdaContext.of("index-worker", () -> 600_000));
            failed += response.getBatchItemFailures().size();
        }
        long nanos = System.nanoTime() - start;
        if (failed > 0) {
            throw new IllegalStateException(failed + " messages failed in the worker run");
        }
        long written = f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED);
        if (written != items.size()) {
            throw new IllegalStateException("worker wrote " + written + " of " + items.size() + " documents");
        }
        long bulkMillis = f.metrics.sum(WorkerMetricNames.BULK_LATENCY_MS);
        http.deleteIndex(f.index + "_v*"); // keep the node's size steady across rounds (not timed)
        return new Result(items.size(), nanos, bulkMillis);
    }

    /** Same documents as plain {@code index} actions, 100 per {@code _bulk}, 10 at a time. */
    private static Result raw(SearchTarget http, List<String> ids, List<byte[]> sources, String index) throws Exception {
        System.out.printf("raw run into %s, %,d documents%n", index, ids.size());
        http.deleteIndex(index);
        ObjectNode create = M.createObjectNode();
        ObjectNode template = new IndexTemplates(Map.of(), "ddbsync").templateBody(index);
        create.set("mappings", template.get("mappings"));
        SearchReply created = http.createIndex(index, create);
        if (!created.ok()) {
            throw new IllegalStateException(created.describe());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicLong bulkMillis = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += DOCS_PER_MESSAGE) {
            int f = from;
            futures.add(pool.submit(() -> {
                List<BulkAction> body = rawBody(index, ids, sources, f, Math.min(ids.size(), f + DOCS_PER_MESSAGE));
                long t = System.nanoTime();
                SearchReply reply = http.bulk(body, SearchTarget.DEFAULT_TIMEOUT);
                bulkMillis.addAndGet((System.nanoTime() - t) / 1_000_000);
                if (!reply.ok() || reply.body().path("errors").asBoolean()) {
                    throw new IllegalStateException("raw bulk failed: " + reply.describe().substring(0, 500));
                }
            }));
        }
        for (Future<?> fu : futures) {
            fu.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        http.deleteIndex(index); // keep the node's size steady across rounds (not timed)
        return new Result(ids.size(), nanos, bulkMillis.get());
    }

    private static List<BulkAction> rawBody(String index, List<String> ids, List<byte[]> sources, int from, int to) {
        List<BulkAction> actions = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            actions.add(BulkAction.index(index, ids.get(i), sources.get(i)));
        }
        return actions;
    }

    private WritePathBenchmark() {
    }
}

package io.ddbsync.worker.bench;

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
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.metrics.MetricNames;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.worker.opensearch.OpenSearchHttp;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.Tables;
import io.ddbsync.worker.support.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): pushes N seed-like ~1 KB post documents through the worker's write path
 * (SQS event → decode → collapse → convert → versioned scripted-upsert {@code _bulk}) and, in the
 * same run and into the same OpenSearch, through raw {@code _bulk} index requests of the same
 * documents, with the same request size (100 documents) and the same concurrency (8). Prints
 * docs/s for each and the ratio, with idempotency off and on.
 *
 * <p>Run: {@code mvn -B -pl index-worker -am -Pbenchmark -DskipTests verify [-Dbenchmark.docs=100000]}
 */
public final class WritePathBenchmark {

    static final int DOCS_PER_MESSAGE = 100;
    static final int MESSAGES_PER_BATCH = 10;
    static final int CONCURRENCY = 8;

    private static final ObjectMapper M = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.printf("preparing %,d seed-like post documents%n", docs);
        OpenSearchHttp http = Fixture.openSearch();
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

        int warm = Math.min(items.size(), Math.max(1_000, items.size() / 20));
        System.out.printf("warming up both paths with %,d documents%n", warm);
        raw(http, ids.subList(0, warm), sources.subList(0, warm), "bench_raw_warmup");
        worker(items.subList(0, warm), false);
        System.out.println("measuring");
        Result raw1 = raw(http, ids, sources, "bench_raw_a");
        Result off = worker(items, false);
        Result on = worker(items, true);
        Result raw2 = raw(http, ids, sources, "bench_raw_b");
        double rawRate = (raw1.docsPerSecond() + raw2.docsPerSecond()) / 2;

        System.out.println();
        System.out.printf("%-34s %12s %10s %16s%n", "path", "docs/s", "ratio", "sum _bulk ms");
        print("raw _bulk index (before)", raw1, rawRate);
        print("worker, idempotency off", off, rawRate);
        print("worker, idempotency on (dynalite)", on, rawRate);
        print("raw _bulk index (after)", raw2, rawRate);
        System.out.printf("ratio = docs/s / mean of the two raw runs (%.0f docs/s)%n", rawRate);
        System.exit(0);
    }

    record Result(int docs, long nanos, long bulkMillis) {
        double docsPerSecond() {
            return docs / (nanos / 1e9);
        }
    }

    private static void print(String name, Result r, double rawRate) {
        System.out.printf("%-34s %,12.0f %10.2f %,16d%n", name, r.docsPerSecond(), r.docsPerSecond() / rawRate, r.bulkMillis());
    }

    /** Same documents through the worker handler, as SQS batches of 10 messages of 100 records. */
    private static Result worker(List<ObjectNode> items, boolean idempotency) throws Exception {
        System.out.printf("worker run, idempotency %s%n", idempotency ? "on" : "off");
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
            bodies.add(changes.body(records));
        }
        List<SQSEvent> events = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i += MESSAGES_PER_BATCH) {
            events.add(LambdaSqsEvents.fromBodies(bodies.subList(i, Math.min(bodies.size(), i + MESSAGES_PER_BATCH))));
        }
        IndexWorkerHandler handler = f.handler();
        // Bootstrap (template, index, aliases, script) before timing, as a warm container would have.
        handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(changes.body(List.of(changes.put(Op.INSERT, "warm-up", 1))))),
                TestContext.plenty());
        f.metrics.reset();
        long start = System.nanoTime();
        int failed = 0;
        for (SQSEvent event : events) {
            SQSBatchResponse response = handler.handleRequest(event, TestContext.plenty());
            failed += response.getBatchItemFailures().size();
        }
        long nanos = System.nanoTime() - start;
        if (failed > 0) {
            throw new IllegalStateException(failed + " messages failed in the worker run");
        }
        long written = f.metrics.sum(MetricNames.DOCUMENTS_UPSERTED);
        if (written != items.size()) {
            throw new IllegalStateException("worker wrote " + written + " of " + items.size() + " documents");
        }
        long bulkMillis = f.metrics.sum(MetricNames.BULK_LATENCY_MS);
        return new Result(items.size(), nanos, bulkMillis);
    }

    /** Same documents as plain {@code index} actions, 100 per {@code _bulk}, 8 at a time. */
    private static Result raw(OpenSearchHttp http, List<String> ids, List<byte[]> sources, String index) throws Exception {
        System.out.printf("raw run into %s%n", index);
        http.delete("/" + index);
        ObjectNode create = M.createObjectNode();
        ObjectNode template = new IndexTemplates(Map.of(), "ddbsync").templateBody(index);
        create.set("mappings", template.get("mappings"));
        OpenSearchHttp.Reply created = http.json("PUT", "/" + index, create);
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
                byte[] body = rawBody(index, ids, sources, f, Math.min(ids.size(), f + DOCS_PER_MESSAGE));
                long t = System.nanoTime();
                OpenSearchHttp.Reply reply = http.ndjson("/_bulk", body);
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
        return new Result(ids.size(), nanos, bulkMillis.get());
    }

    private static byte[] rawBody(String index, List<String> ids, List<byte[]> sources, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (int i = from; i < to; i++) {
                try (JsonGenerator g = M.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                    g.writeStartObject();
                    g.writeObjectFieldStart("index");
                    g.writeStringField("_index", index);
                    g.writeStringField("_id", ids.get(i));
                    g.writeEndObject();
                    g.writeEndObject();
                }
                out.write('\n');
                out.write(sources.get(i));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private WritePathBenchmark() {
    }
}

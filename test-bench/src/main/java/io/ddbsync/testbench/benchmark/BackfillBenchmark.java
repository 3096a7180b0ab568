package io.ddbsync.testbench.benchmark;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.aws.backfill.BackfillRunStore;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.backfill.BackfillHandler;
import io.ddbsync.backfill.PageObserver;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.StartingPosition;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.model.backfill.BackfillRun;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.ops.backfill.LambdaBackfill;
import io.ddbsync.testbench.local.BackfillQueues;
import io.ddbsync.testbench.local.Convergence;
import io.ddbsync.testbench.local.IndexSnapshot;
import io.ddbsync.testbench.local.LocalPipeline;
import io.ddbsync.testbench.local.Queues;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The backfill at scale on the local pipeline ({@code ddbsync bench backfill}): a table of N items of about 1 KB
 * (loaded without a stream, so the Streams emulation holds none of them), then, each into a new index through a new
 * change queue and the worker's mapping as deployed (batches of 10, {@value LocalPipeline#WORKER_CONCURRENCY} at a
 * time): the backfill on Lambda with the backfill mapping's maximum concurrency 1, 2, 4 and 8 (as many segments), the
 * one-host backfill ({@code ddbsync backfill}, 4 segments) and a parallel Scan (4 segments) + raw {@code _bulk}. A row
 * ends when the index counts N documents; the backfill rows also give when their last item was on the change queue
 * (the scan's own rate, before the worker's indexing bounds it). The largest Lambda row runs with live writes racing it (the table's stream
 * enabled for it, a forwarder on it): it ends when the run is done and its change queue empty, and prints the
 * convergence check (missing / stale / ghosts).
 */
public final class BackfillBenchmark {

    static final int WRITER_THREADS = 4;
    static final int BODY_CHARS = 950;
    /** Scan's Limit of the Lambda rows: the one-host backfill's default page. */
    static final int PAGE_SIZE = 500;
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * @param items                 items in the table
     * @param concurrencies         the backfill mapping's maximum concurrency per Lambda row (as many segments)
     * @param raceWritesPerSecond   live writes during the largest Lambda row (0: none)
     * @param rowTimeout            a row not done within this fails the benchmark
     */
    public record Settings(int items, List<Integer> concurrencies, int raceWritesPerSecond, Duration rowTimeout) {
        public Settings {
            concurrencies = List.copyOf(concurrencies);
            if (items < 1 || concurrencies.isEmpty() || concurrencies.stream().anyMatch(c -> c < 1 || c > 100) || raceWritesPerSecond < 0) {
                throw new IllegalArgumentException("items ≥ 1, concurrencies in 1..100, race writes ≥ 0");
            }
        }
    }

    /**
     * One row: what ran, items, seconds until the index counted them all, and seconds until the last item was on
     * the change queue (the scan's own rate; NaN for Scan + raw _bulk, which has no queue).
     */
    public record Row(String path, long items, double seconds, double sentSeconds, String note) {
        public double perSecond() {
            return items / seconds;
        }

        public double sentPerSecond() {
            return items / sentSeconds;
        }
    }

    private final LocalPipeline pipeline;
    private final Settings settings;
    private final PrintWriter out;
    private final IndexBootstrap bootstrap;
    private final String table = "bench_backfill";
    private DocumentConverter converter;
    private int rowNumber;

    public BackfillBenchmark(LocalPipeline pipeline, Settings settings, PrintWriter out) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.out = out;
        this.bootstrap = new IndexBootstrap(pipeline.openSearch(), new IndexTemplates(Map.of(), LocalPipeline.METADATA_FIELD),
                LocalPipeline.METADATA_FIELD);
    }

    public List<Row> run() throws InterruptedException {
        load();
        converter = pipeline.workerConfig(Map.of()).converterFor(table);
        List<Row> rows = new ArrayList<>();
        int largest = settings.concurrencies().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int c : settings.concurrencies()) {
            if (c != largest || settings.raceWritesPerSecond() == 0) {
                rows.add(print(lambda(c, false)));
            }
        }
        rows.add(print(oneHost()));
        rows.add(print(scanRawBulk()));
        if (settings.raceWritesPerSecond() > 0) {
            rows.add(print(lambda(largest, true)));
        }
        out.printf("%n%-52s %10s %9s %11s %14s  %s%n", "path", "items", "seconds", "items/s", "sent/s (scan)", "");
        for (Row r : rows) {
            out.printf("%-52s %,10d %9.1f %,11.0f %14s  %s%n", r.path(), r.items(), r.seconds(), r.perSecond(),
                    Double.isNaN(r.sentSeconds()) ? "-" : String.format("%,.0f", r.sentPerSecond()), r.note());
        }
        out.flush();
        return rows;
    }

    private Row print(Row r) {
        out.printf("  %-52s %,d items in %.1f s = %,.0f items/s into the index, %s items/s onto the change queue %s%n", r.path(),
                r.items(), r.seconds(), r.perSecond(), Double.isNaN(r.sentSeconds()) ? "-" : String.format("%,.0f", r.sentPerSecond()),
                r.note());
        out.flush();
        return r;
    }

    private void load() throws InterruptedException {
        pipeline.dynamo().createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        LocalAws.awaitActive(pipeline.dynamo(), table);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < WRITER_THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int i = thread; i < settings.items(); i += WRITER_THREADS) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i, "first")).build()).build());
                        if (batch.size() == 25) {
                            write(batch);
                            batch.clear();
                        }
                    }
                    if (!batch.isEmpty()) {
                        write(batch);
                    }
                }));
            }
            for (Future<?> f : futures) {
                join(f, "loading the table");
            }
        } finally {
            pool.shutdownNow();
        }
        out.printf("loaded %,d items of ~1 KB into %s in %.1f s (BatchWriteItem, %d threads, no stream)%n", settings.items(), table,
                (System.nanoTime() - start) / 1e9, WRITER_THREADS);
        out.flush();
    }

    private void write(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(batch));
        while (!request.isEmpty()) {
            Map<String, List<WriteRequest>> pending = request;
            var response = pipeline.dynamo().batchWriteItem(b -> b.requestItems(pending));
            if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
                return;
            }
            request = response.unprocessedItems();
        }
    }

    static Map<String, AttributeValue> item(int i, String title) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(String.format("b%07d", i)));
        item.put("title", AttributeValue.fromS(title + " " + i));
        item.put("n", AttributeValue.fromN(Integer.toString(i)));
        StringBuilder body = new StringBuilder(BODY_CHARS);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (body.length() < BODY_CHARS) {
            body.append((char) ('a' + r.nextInt(26)));
            if (r.nextInt(7) == 0) {
                body.append(' ');
            }
        }
        item.put("body", AttributeValue.fromS(body.toString()));
        return item;
    }

    private record RowTarget(String index, Queues queues) {
    }

    private RowTarget newRow(String name) {
        rowNumber++;
        String index = "bench_bf_" + rowNumber + "_" + name;
        bootstrap.ensure(index);
        return new RowTarget(index, Queues.create(pipeline.sqs(), "bench-bf-" + rowNumber, 180));
    }

    private SqsPoller worker(RowTarget row) {
        RequestHandler<SQSEvent, SQSBatchResponse> worker = pipeline.newWorker(Map.of(table, row.index()), pipeline.metrics());
        return SqsPoller.start(pipeline.sqs(), LocalPipeline.workerMapping(row.queues().changeQueueUrl()), worker);
    }

    /** The backfill on Lambda: {@code concurrency} segments, the mapping's maximum concurrency {@code concurrency}. */
    private Row lambda(int concurrency, boolean race) throws InterruptedException {
        RowTarget row = newRow("lambda" + concurrency);
        BackfillQueues backfillQueues = BackfillQueues.create(pipeline.sqs(), "bench-bf-" + rowNumber,
                (int) LocalPipeline.BACKFILL_TIMEOUT.multipliedBy(6).toSeconds(), LocalPipeline.BACKFILL_MAX_RECEIVE_COUNT);
        BackfillConfig base = pipeline.backfillConfig();
        BackfillConfig config = new BackfillConfig(URI.create(row.queues().changeQueueUrl()), base.maxMessageBytes(),
                base.compression(), URI.create(backfillQueues.queueUrl()), base.backfillBucket(), base.sqsEndpoint(),
                base.dynamoDbEndpoint(), base.s3Endpoint(), base.region());
        BackfillHandler handler = new BackfillHandler(config, pipeline.dynamo(), pipeline.sqs(), pipeline.s3(), Clock.systemUTC(),
                PageObserver.NONE);
        BackfillRunStore store = new BackfillRunStore(pipeline.s3(), base.backfillBucket());
        List<AutoCloseable> closing = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(race);
        AtomicLong writes = new AtomicLong();
        Thread writer = null;
        try {
            closing.add(worker(row));
            if (race) {
                closing.add(streamToQueue(row));
                writer = new Thread(() -> raceWrites(writing, writes), "bench-race-writes");
                writer.start();
            }
            closing.add(SqsPoller.start(pipeline.sqs(), LocalPipeline.backfillMapping(backfillQueues.queueUrl(), concurrency), handler));
            long start = System.nanoTime();
            BackfillRun run = new LambdaBackfill(pipeline.dynamo(), pipeline.sqs(), backfillQueues.queueUrl(), store, Clock.systemUTC())
                    .start(table, concurrency, 0, PAGE_SIZE);
            long deadline = start + settings.rowTimeout().toNanos();
            long sent = -1;
            long end = -1;
            while (sent < 0 || (!race && end < 0)) {
                if (sent < 0 && store.status(run.run(), Instant.now()).orElseThrow().finished()) {
                    sent = System.nanoTime();
                }
                if (!race && end < 0 && IndexSnapshot.count(pipeline.openSearch(), row.index()) >= settings.items()) {
                    end = System.nanoTime();
                }
                check(deadline, "backfill run " + run.run() + " into " + row.index());
                Thread.sleep(POLL.toMillis());
            }
            if (!race) {
                return new Row("backfill on Lambda, concurrency " + concurrency, settings.items(), (end - start) / 1e9,
                        (sent - start) / 1e9, "");
            }
            writing.set(false);
            writer.join();
            while (Queues.depth(pipeline.sqs(), row.queues().changeQueueUrl()) > 0) {
                check(deadline, "the change queue of " + row.index());
                Thread.sleep(POLL.toMillis());
            }
            end = System.nanoTime();
            Thread.sleep(2_000); // the stream poller's last batch
            while (Queues.depth(pipeline.sqs(), row.queues().changeQueueUrl()) > 0) {
                check(deadline, "the change queue of " + row.index());
                Thread.sleep(POLL.toMillis());
            }
            pipeline.openSearch().refresh(row.index() + "_write");
            Convergence.Report report = Convergence.compare(pipeline.dynamo(), table, pipeline.openSearch(), row.index(), converter);
            long items = store.status(run.run(), Instant.now()).orElseThrow().itemsSent();
            return new Row("backfill on Lambda, concurrency " + concurrency + " + live writes", items, (end - start) / 1e9,
                    (sent - start) / 1e9, String.format("%,d live writes; missing %d stale %d ghosts %d", writes.get(), report.missing().size(),
                            report.different().size(), report.extra().size()));
        } finally {
            writing.set(false);
            if (writer != null) {
                writer.join();
            }
            for (int i = closing.size() - 1; i >= 0; i--) {
                try {
                    closing.get(i).close();
                } catch (Exception e) {
                    out.println("  (closing " + closing.get(i).getClass().getSimpleName() + " failed: " + e + ")");
                }
            }
            drop(row.index());
        }
    }

    /** Enables the table's stream (new records only) and forwards it to the row's change queue, as the stack does. */
    private AutoCloseable streamToQueue(RowTarget row) {
        pipeline.dynamo().updateTable(b -> b.tableName(table)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        String arn = pipeline.dynamo().describeTable(b -> b.tableName(table)).table().latestStreamArn();
        DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), pipeline.dynamoEndpoint()).build();
        StreamPoller poller = StreamPoller.start(streams,
                LocalPipeline.forwarderMapping(arn, StartingPosition.TRIM_HORIZON, LocalPipeline.FORWARDER_BATCH_SIZE, Duration.ofSeconds(60)),
                pipeline.newForwarder(row.queues().changeQueueUrl()),
                OnFailureDestination.sqs(pipeline.sqs(), row.queues().streamFailureQueueUrl()));
        return () -> {
            poller.close();
            streams.close();
        };
    }

    /** Puts (new items and replacements) and deletes at {@code raceWritesPerSecond} until {@code writing} is false. */
    private void raceWrites(AtomicBoolean writing, AtomicLong writes) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long pause = Math.max(1, 1000 / settings.raceWritesPerSecond());
        while (writing.get()) {
            int i = r.nextInt(settings.items() + settings.items() / 20);
            if (r.nextInt(10) == 0) {
                pipeline.dynamo().deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(String.format("b%07d", i)))));
            } else {
                Map<String, AttributeValue> item = item(i, "changed");
                pipeline.dynamo().putItem(b -> b.tableName(table).item(item));
            }
            writes.incrementAndGet();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Row oneHost() throws InterruptedException {
        RowTarget row = newRow("onehost");
        try (SqsPoller ignored = worker(row)) {
            long start = System.nanoTime();
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Backfill.Result> scan = CompletableFuture.supplyAsync(() -> {
                Backfill.Result result = new Backfill(pipeline.dynamo(), SqsChangeQueue.withDefaults(pipeline.sqs(),
                        row.queues().changeQueueUrl()), Clock.systemUTC())
                        .run(BackfillSettings.of(table, row.queues().changeQueueUrl(), 4), BackfillListener.NONE);
                sent.set(System.nanoTime());
                return result;
            });
            long end = awaitCount(row.index(), settings.items(), start + settings.rowTimeout().toNanos());
            join(scan, "the one-host backfill");
            return new Row("one-host backfill (ddbsync backfill), 4 segments", settings.items(), (end - start) / 1e9,
                    (sent.get() - start) / 1e9, "");
        } finally {
            drop(row.index());
        }
    }

    private Row scanRawBulk() throws InterruptedException {
        rowNumber++;
        String index = "bench_bf_" + rowNumber + "_scan";
        bootstrap.ensure(index);
        int segments = 4;
        ExecutorService scanners = Executors.newFixedThreadPool(segments);
        long start = System.nanoTime();
        try (RawBulk bulk = new RawBulk(pipeline.openSearch())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                futures.add(scanners.submit(() -> pipeline.dynamo().scanPaginator(b -> b.tableName(table)
                                .segment(segment).totalSegments(segments).limit(PipelineBenchmark.SCAN_PAGE_SIZE))
                        .forEach(page -> bulk.submit(index + "_v1", page.items().stream().map(i -> RawBulk.doc(i, converter)).toList()))));
            }
            for (Future<?> f : futures) {
                join(f, "the raw Scan");
            }
            bulk.await();
            long end = awaitCount(index, settings.items(), start + settings.rowTimeout().toNanos());
            return new Row("parallel Scan + raw _bulk, 4 segments", settings.items(), (end - start) / 1e9, Double.NaN, "");
        } finally {
            scanners.shutdownNow();
            drop(index);
        }
    }

    private long awaitCount(String alias, long expected, long deadline) throws InterruptedException {
        while (true) {
            long count = IndexSnapshot.count(pipeline.openSearch(), alias);
            if (count >= expected) {
                return System.nanoTime();
            }
            check(deadline, alias + " (" + count + " of " + expected + " documents)");
            Thread.sleep(POLL.toMillis());
        }
    }

    private void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new BenchmarkException("not done within " + settings.rowTimeout() + ": " + what + " (see the handlers' log)");
        }
    }

    private void drop(String index) {
        pipeline.openSearch().deleteIndex(index + "_v1");
    }

    private static void join(Future<?> f, String what) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new BenchmarkException(what + " failed", e.getCause());
        }
    }
}

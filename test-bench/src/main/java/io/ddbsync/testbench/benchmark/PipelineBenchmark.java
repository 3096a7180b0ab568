package io.ddbsync.testbench.benchmark;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.PollerStats;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.StartingPosition;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.testbench.local.IndexSnapshot;
import io.ddbsync.testbench.local.LocalPipeline;
import io.ddbsync.testbench.local.Queues;
import io.ddbsync.testbench.local.SampleWriter;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole local pipeline against raw {@code _bulk}, in one process and one OpenSearch.
 *
 * <p>N sample posts are written to the pipeline's table before anything consumes its stream. Each
 * round then times (a) the stream path: a new stream poller from TRIM_HORIZON → forwarder → change
 * queue → SQS poller → worker → index, until the search alias counts N documents, and (b) raw
 * {@code _bulk} of the same converted documents into a new index with the same mapping, until it
 * counts N; then (c) the backfill: Scan → change queue → worker → index, and (d) a parallel Scan
 * with the same segments + raw {@code _bulk}. Odd rounds run (b) before (a) and (d) before (c), so
 * the node's drift does not decide the ratios. Every timed path ends when the documents are
 * searchable ({@code _count} polled every 100 ms), so each includes up to one refresh interval.
 * Each round writes into new indexes and queues, and deletes its indexes afterwards.
 */
public final class PipelineBenchmark {

    static final Duration FORWARDER_TIMEOUT = Duration.ofSeconds(60);
    static final int WRITER_THREADS = 4;
    static final int SCAN_PAGE_SIZE = 500;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DLQ_CHECK = Duration.ofSeconds(5);

    /**
     * @param changes            sample posts on the stream (and items in the table)
     * @param rounds             alternating rounds
     * @param forwarderBatchSize the stream mapping's BatchSize
     * @param segments           Scan segments of the backfill and of the raw scan
     * @param backfill           also time the backfill against Scan + raw {@code _bulk}
     * @param roundTimeout       a path not searchable within this fails the benchmark
     */
    public record Settings(int changes, int rounds, int forwarderBatchSize, int segments, boolean backfill,
                           Duration roundTimeout) {
        public Settings {
            if (changes < 1 || rounds < 1 || forwarderBatchSize < 1 || forwarderBatchSize > 10_000 || segments < 1) {
                throw new IllegalArgumentException("changes, rounds and segments must be >= 1, the forwarder batch size 1..10000");
            }
        }
    }

    /** One timed path of one round. */
    public record Run(String path, int round, long items, long nanos) {
        public double perSecond() {
            return items / (nanos / 1e9);
        }
    }

    /** Every run, and the stream path's lag percentiles (ms) per round. */
    public record Result(List<Run> stream, List<Run> raw, List<Run> backfill, List<Run> scan, List<Double> lagP50,
                         List<Double> lagP99) {

        public List<Double> streamRatios() {
            return ratios(stream, raw);
        }

        public List<Double> backfillRatios() {
            return ratios(backfill, scan);
        }

        private static List<Double> ratios(List<Run> a, List<Run> b) {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                out.add(a.get(i).perSecond() / b.get(i).perSecond());
            }
            return out;
        }
    }

    private final LocalPipeline pipeline;
    private final Settings settings;
    private final PrintWriter out;
    private final IndexBootstrap bootstrap;
    private final DocumentConverter converter;

    public PipelineBenchmark(LocalPipeline pipeline, Settings settings, PrintWriter out) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.out = out;
        this.bootstrap = new IndexBootstrap(pipeline.openSearch(), new IndexTemplates(Map.of(), LocalPipeline.METADATA_FIELD),
                LocalPipeline.METADATA_FIELD);
        this.converter = pipeline.workerConfig(Map.of()).converterFor(pipeline.table());
    }

    public Result run() throws InterruptedException {
        seed();
        List<RawBulk.Doc> docs = documents();
        long bytes = docs.stream().mapToLong(d -> d.source().length).sum();
        out.printf("documents: %,d, average %,d bytes of JSON%n", docs.size(), bytes / Math.max(1, docs.size()));
        Run warm = raw(-1, "bench_warm", docs);
        out.printf("warm-up   raw _bulk %,.0f docs/s (not counted)%n%n", warm.perSecond());

        List<Run> stream = new ArrayList<>();
        List<Run> raw = new ArrayList<>();
        List<Run> backfill = new ArrayList<>();
        List<Run> scan = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = 1; r <= settings.rounds(); r++) {
            boolean rawFirst = r % 2 == 0;
            Run rawRun = rawFirst ? raw(r, "bench_raw_" + r, docs) : null;
            StreamOutcome s = stream(r);
            if (!rawFirst) {
                rawRun = raw(r, "bench_raw_" + r, docs);
            }
            stream.add(s.run());
            raw.add(rawRun);
            List<Long> lags = s.times().lags();
            p50.add(Spread.percentile(lags, 50));
            p99.add(Spread.percentile(lags, 99));
            out.printf("round %d%s%n", r, rawFirst ? " (raw first)" : "");
            out.printf("  stream → index   %,d changes in %.1f s = %,.0f changes/s, lag p50 %.1f s, p99 %.1f s%n",
                    s.run().items(), s.run().nanos() / 1e9, s.run().perSecond(), p50.get(p50.size() - 1) / 1000,
                    p99.get(p99.size() - 1) / 1000);
            out.printf("  raw _bulk        %,d docs in %.1f s = %,.0f docs/s%n", rawRun.items(), rawRun.nanos() / 1e9,
                    rawRun.perSecond());
            out.printf("  ratio            %.2f%n", s.run().perSecond() / rawRun.perSecond());
            printStages(s);
            if (settings.backfill()) {
                backfillRound(r, rawFirst, docs.size(), backfill, scan);
            }
            out.println();
        }
        Result result = new Result(stream, raw, backfill, scan, p50, p99);
        printSummary(result);
        return result;
    }

    /** Round {@code r}'s backfill and its baseline (Scan + raw _bulk), in the round's order; adds them to the lists. */
    private void backfillRound(int r, boolean rawFirst, int docs, List<Run> backfill, List<Run> scan)
            throws InterruptedException {
        Run scanRun = rawFirst ? scan(r, docs) : null;
        Run backfillRun = backfill(r);
        if (!rawFirst) {
            scanRun = scan(r, docs);
        }
        backfill.add(backfillRun);
        scan.add(scanRun);
        out.printf("  backfill → index %,d items in %.1f s = %,.0f items/s%n", backfillRun.items(),
                backfillRun.nanos() / 1e9, backfillRun.perSecond());
        out.printf("  Scan + raw _bulk %,d items in %.1f s = %,.0f items/s, ratio %.2f%n", scanRun.items(),
                scanRun.nanos() / 1e9, scanRun.perSecond(), backfillRun.perSecond() / scanRun.perSecond());
    }

    private void seed() throws InterruptedException {
        SampleWriter writer = new SampleWriter(pipeline.dynamo(), pipeline.table(), Clock.systemUTC());
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < WRITER_THREADS; t++) {
                int share = settings.changes() / WRITER_THREADS + (t < settings.changes() % WRITER_THREADS ? 1 : 0);
                futures.add(pool.submit(() -> writer.batchInsert(share)));
            }
            for (Future<?> f : futures) {
                join(f, "writing the sample posts");
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("wrote %,d sample posts (BatchWriteItem) in %.1f s before any poller started: %,d changes wait on the stream%n",
                writer.created(), seconds, writer.created());
    }

    /** The table's items as the worker converts them (not timed). */
    private List<RawBulk.Doc> documents() {
        List<RawBulk.Doc> docs = new ArrayList<>(settings.changes());
        for (Map<String, AttributeValue> item : pipeline.dynamo().scanPaginator(b -> b.tableName(pipeline.table())).items()) {
            docs.add(RawBulk.doc(item, converter));
        }
        return docs;
    }

    private record StreamOutcome(Run run, StageTimes times, PollerStats forwarder, PollerStats worker) {
    }

    private StreamOutcome stream(int round) throws InterruptedException {
        String index = "bench_stream_" + round;
        bootstrap.ensure(index);
        Queues queues = Queues.create(pipeline.sqs(), "bench-stream-" + round, 180);
        StageTimes times = new StageTimes(System.currentTimeMillis());
        RequestHandler<SQSEvent, SQSBatchResponse> worker = times.timeWorker(pipeline.newWorker(Map.of(pipeline.table(), index), times));
        long start = System.nanoTime();
        long end;
        PollerStats forwarderStats;
        PollerStats workerStats;
        try (TimedStreamsClient streams = new TimedStreamsClient(
                LocalAws.configure(DynamoDbStreamsClient.builder(), pipeline.dynamoEndpoint()).build(), times);
             SqsPoller sqsPoller = SqsPoller.start(pipeline.sqs(), LocalPipeline.workerMapping(queues.changeQueueUrl()), worker);
             StreamPoller streamPoller = StreamPoller.start(streams,
                     LocalPipeline.forwarderMapping(pipeline.streamArn(), StartingPosition.TRIM_HORIZON,
                             settings.forwarderBatchSize(), FORWARDER_TIMEOUT),
                     times.timeForwarder(pipeline.newForwarder(queues.changeQueueUrl())),
                     OnFailureDestination.sqs(pipeline.sqs(), queues.streamFailureQueueUrl()))) {
            end = awaitSearchable(index, settings.changes(), start, queues);
            forwarderStats = streamPoller.stats();
            workerStats = sqsPoller.stats();
        }
        drop(index);
        return new StreamOutcome(new Run("stream", round, settings.changes(), end - start), times, forwarderStats, workerStats);
    }

    private Run raw(int round, String index, List<RawBulk.Doc> docs) throws InterruptedException {
        bootstrap.ensure(index);
        long start = System.nanoTime();
        long end;
        try (RawBulk bulk = new RawBulk(pipeline.openSearch())) {
            bulk.submit(index + "_v1", docs);
            bulk.await();
            end = awaitSearchable(index, docs.size(), start, null);
        }
        drop(index);
        return new Run("raw", round, docs.size(), end - start);
    }

    private Run backfill(int round) throws InterruptedException {
        String index = "bench_backfill_" + round;
        bootstrap.ensure(index);
        Queues queues = Queues.create(pipeline.sqs(), "bench-backfill-" + round, 180);
        StageTimes times = new StageTimes(System.currentTimeMillis());
        RequestHandler<SQSEvent, SQSBatchResponse> worker = pipeline.newWorker(Map.of(pipeline.table(), index), times);
        long start = System.nanoTime();
        long end;
        try (SqsPoller sqsPoller = SqsPoller.start(pipeline.sqs(), LocalPipeline.workerMapping(queues.changeQueueUrl()), worker)) {
            CompletableFuture<Backfill.Result> scan = CompletableFuture.supplyAsync(() ->
                    new Backfill(pipeline.dynamo(), SqsChangeQueue.withDefaults(pipeline.sqs(), queues.changeQueueUrl()), Clock.systemUTC())
                            .run(BackfillSettings.of(pipeline.table(), queues.changeQueueUrl(), settings.segments()),
                                    BackfillListener.NONE));
            end = awaitSearchable(index, settings.changes(), start, queues);
            join(scan, "the backfill");
        }
        drop(index);
        return new Run("backfill", round, settings.changes(), end - start);
    }

    private Run scan(int round, int expected) throws InterruptedException {
        String index = "bench_scan_" + round;
        bootstrap.ensure(index);
        long start = System.nanoTime();
        long end;
        ExecutorService scanners = Executors.newFixedThreadPool(settings.segments());
        try (RawBulk bulk = new RawBulk(pipeline.openSearch())) {
            List<Future<?>> segments = new ArrayList<>();
            for (int s = 0; s < settings.segments(); s++) {
                int segment = s;
                segments.add(scanners.submit(() -> pipeline.dynamo().scanPaginator(b -> b.tableName(pipeline.table())
                                .segment(segment).totalSegments(settings.segments()).limit(SCAN_PAGE_SIZE))
                        .forEach(page -> bulk.submit(index + "_v1", page.items().stream().map(i -> RawBulk.doc(i, converter)).toList()))));
            }
            for (Future<?> f : segments) {
                join(f, "the raw Scan");
            }
            bulk.await();
            end = awaitSearchable(index, expected, start, null);
        } finally {
            scanners.shutdownNow();
        }
        drop(index);
        return new Run("scan", round, expected, end - start);
    }

    /**
     * Polls the alias' {@code _count} until it holds {@code expected} documents; returns that moment (nanoTime).
     * A failed record is not an error here (its message is retried after the visibility timeout, as deployed);
     * a message in the dead-letter queue is.
     */
    private long awaitSearchable(String alias, long expected, long start, Queues queues) throws InterruptedException {
        long deadline = start + settings.roundTimeout().toNanos();
        long nextDlqCheck = 0;
        while (true) {
            long count = IndexSnapshot.count(pipeline.openSearch(), alias);
            long now = System.nanoTime();
            if (count >= expected) {
                return now;
            }
            if (queues != null && now > nextDlqCheck) {
                long dead = Queues.depth(pipeline.sqs(), queues.deadLetterQueueUrl());
                if (dead > 0) {
                    throw new BenchmarkException(dead + " message(s) reached the dead-letter queue while filling " + alias
                            + " (the handlers' log names their records)");
                }
                nextDlqCheck = now + DLQ_CHECK.toNanos();
            }
            if (now > deadline) {
                throw new BenchmarkException(alias + " holds " + count + " of " + expected + " documents after "
                        + settings.roundTimeout() + " (see the handlers' log)");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void drop(String index) {
        pipeline.openSearch().deleteIndex(index + "_v1"); // keeps the node's size the same for every round
    }

    private void printStages(StreamOutcome s) {
        StageTimes t = s.times();
        double wall = s.run().nanos() / 1e9;
        List<Long> waits = t.queueWaits();
        out.printf("  where the time went (busy seconds of %.1f s; concurrent invocations add up):%n", wall);
        out.printf("    stream read    %,d GetRecords calls, %.1f s%n", t.getRecordsCalls.sum(), t.getRecordsNanos.sum() / 1e9);
        out.printf("    forwarder      %,d invocations of %,d records, %.1f s busy (%.0f ms each)%n",
                s.forwarder().invocations(), s.forwarder().records(), t.forwarderNanos.sum() / 1e9,
                t.forwarderNanos.sum() / 1e6 / Math.max(1, t.forwarderInvocations.sum()));
        out.printf("    change queue   %,d messages, wait p50 %.1f s, p99 %.1f s (SentTimestamp → first receive)%n",
                waits.size(), Spread.percentile(waits, 50) / 1000, Spread.percentile(waits, 99) / 1000);
        out.printf("    worker         %,d invocations of %,d messages, %.1f s busy (%.0f ms each, %d pollers)%n",
                s.worker().invocations(), s.worker().records(), t.workerNanos.sum() / 1e9,
                t.workerNanos.sum() / 1e6 / Math.max(1, t.workerInvocations.sum()), LocalPipeline.WORKER_CONCURRENCY);
        out.printf("    OpenSearch     %,d _bulk requests, %.1f s summed over the requests in flight (a worker invocation's"
                + " messages run in parallel)%n", t.bulkRequests.sum(), t.bulkMillis.sum() / 1e3);
        if (t.failed.sum() > 0 || s.worker().failedInvocations() > 0) {
            out.printf("    retried        %,d record(s) failed (time budget or OpenSearch) and were retried after the visibility timeout%n",
                    t.failed.sum());
        }
    }

    private void printSummary(Result r) {
        out.printf("summary: %d round(s) of %,d changes, median (min–max)%n", settings.rounds(), settings.changes());
        out.printf("  stream → index    %s changes/s%n", Spread.describe(rates(r.stream()), "%,.0f"));
        out.printf("  raw _bulk         %s docs/s%n", Spread.describe(rates(r.raw()), "%,.0f"));
        out.printf("  ratio             %s (goal ≥ 0.6)%n", Spread.describe(r.streamRatios(), "%.2f"));
        out.printf("  lag p50           %s s%n", Spread.describe(seconds(r.lagP50()), "%.1f"));
        out.printf("  lag p99           %s s%n", Spread.describe(seconds(r.lagP99()), "%.1f"));
        if (!r.backfill().isEmpty()) {
            out.printf("  backfill → index  %s items/s%n", Spread.describe(rates(r.backfill()), "%,.0f"));
            out.printf("  Scan + raw _bulk  %s items/s%n", Spread.describe(rates(r.scan()), "%,.0f"));
            out.printf("  ratio             %s%n", Spread.describe(r.backfillRatios(), "%.2f"));
        }
    }

    private static List<Double> rates(List<Run> runs) {
        return runs.stream().map(Run::perSecond).toList();
    }

    private static List<Double> seconds(List<Double> millis) {
        return millis.stream().map(m -> m / 1000).toList();
    }

    private static void join(Future<?> f, String what) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new BenchmarkException(what + " failed", e.getCause());
        }
    }
}

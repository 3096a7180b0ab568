package io.ddbsync.testbench.benchmark;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.worker.WorkerParts;
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
 * with the same segments + raw {@code _bulk}. Even rounds run (b) before (a) and (d) before (c), so
 * the node's drift does not decide the ratios. Every timed path ends when the documents are
 * searchable ({@code _count} polled every 100 ms), so each includes up to one refresh interval.
 * Each round writes into new indexes and queues, and deletes its indexes afterwards.
 *
 * <p>Every timed path also measures the CPU of each component ({@link CpuMeter}): OpenSearch's and dynalite's processes,
 * the forwarder's and the worker's handler threads, the SQS server, the Streams emulation, the raw client. The rounds
 * run once per worker mapping concurrency in {@link Settings#workerConcurrency()} (the backfill only at the first).
 * {@link BenchFigures} derives the ratios, Lambda's GB-seconds and the goals from the {@link Result}.
 */
public final class PipelineBenchmark {

    static final Duration FORWARDER_TIMEOUT = Duration.ofSeconds(60);
    static final int WRITER_THREADS = 4;
    static final int SCAN_PAGE_SIZE = 500;
    static final String STREAM = "stream";
    static final String RAW = "raw";
    static final String BACKFILL = "backfill";
    static final String SCAN = "scan";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DLQ_CHECK = Duration.ofSeconds(5);

    /**
     * @param changes            sample posts on the stream (and items in the table)
     * @param rounds             alternating rounds, at each worker concurrency
     * @param forwarderBatchSize the stream mapping's BatchSize
     * @param segments           Scan segments of the backfill and of the raw scan
     * @param backfill           also time the backfill against Scan + raw {@code _bulk} (at the first concurrency)
     * @param roundTimeout       a path not searchable within this fails the benchmark
     * @param workerConcurrency  the SQS mapping's concurrencies (pollers invoking the worker), each 1–1000, in run order
     * @param forwarderMemoryMb  the deployed forwarder's memory (MB), for Lambda's GB-seconds
     * @param workerMemoryMb     the deployed worker's memory (MB), for Lambda's GB-seconds
     */
    public record Settings(int changes, int rounds, int forwarderBatchSize, int segments, boolean backfill,
                           @JsonIgnore Duration roundTimeout, List<Integer> workerConcurrency, int forwarderMemoryMb, int workerMemoryMb) {
        public Settings {
            if (changes < 1 || rounds < 1 || forwarderBatchSize < 1 || forwarderBatchSize > 10_000 || segments < 1) {
                throw new IllegalArgumentException("changes, rounds and segments must be >= 1, the forwarder batch size 1..10000");
            }
            workerConcurrency = List.copyOf(workerConcurrency);
            if (workerConcurrency.isEmpty() || workerConcurrency.stream().anyMatch(c -> c < 1 || c > 1_000)) {
                throw new IllegalArgumentException("the worker concurrencies must be 1..1000, at least one, was " + workerConcurrency);
            }
            if (forwarderMemoryMb < 128 || forwarderMemoryMb > 10_240 || workerMemoryMb < 128 || workerMemoryMb > 10_240) {
                throw new IllegalArgumentException("Lambda memory sizes are 128..10240 MB, were " + forwarderMemoryMb + " and "
                        + workerMemoryMb);
            }
        }
    }

    /**
     * The handlers' invocations and busy (wall) time during one path, summed over concurrent invocations, and the stream
     * poller's time in GetRecords (one shard: its reads and the forwarder's invocations take turns), and the worker's
     * {@code _bulk} requests.
     */
    public record Handlers(long forwarderInvocations, long forwarderBusyNanos, long workerInvocations, long workerBusyNanos,
                           long getRecordsNanos, long bulkRequests) {
        static final Handlers NONE = new Handlers(0, 0, 0, 0, 0, 0);
    }

    /**
     * One timed path of one round.
     *
     * @param path        {@code stream}, {@code raw}, {@code backfill} or {@code scan}
     * @param concurrency the worker mapping's concurrency of the round
     * @param items       changes (documents) the path made searchable
     * @param nanos       wall time until all were searchable
     * @param cpuNanos    CPU nanoseconds per component ({@link CpuMeter#COMPONENTS})
     * @param lagP50Ms    end-to-end lag percentiles (ms) of the pipeline paths; null for the raw ones
     * @param queueWaitP99Ms the 99th percentile of the messages' wait on the change queue (ms); null for the raw paths
     * @param searchable  documents searchable at the end of each whole second since the start, then at the end
     * @param maxLagMs    the largest lag recorded in each whole second (ms, null for a second without any); empty for raw
     */
    public record Run(String path, int round, int concurrency, long items, long nanos, Map<String, Long> cpuNanos,
                      Handlers handlers, Double lagP50Ms, Double lagP99Ms, Double queueWaitP99Ms, List<Long> searchable,
                      List<Long> maxLagMs) {
        public Run {
            cpuNanos = Collections.unmodifiableMap(new LinkedHashMap<>(cpuNanos));
            searchable = List.copyOf(searchable);
            maxLagMs = Collections.unmodifiableList(new ArrayList<>(maxLagMs));
        }

        public double perSecond() {
            return items / (nanos / 1e9);
        }

        /** CPU milliseconds of {@code component} per 1,000 items. */
        public double cpuMsPerThousand(String component) {
            return cpuNanos.getOrDefault(component, 0L) / 1e6 / items * 1000;
        }
    }

    /**
     * The machine while the benchmark ran.
     *
     * @param cores      processors this JVM sees
     * @param loadBefore the 1-minute load average before the first round
     * @param loadAfter  the same after the last
     */
    public record Conditions(int cores, double loadBefore, double loadAfter) {
    }

    /** Every run in run order, with the settings and the machine's conditions. */
    public record Result(Settings settings, Conditions conditions, List<Run> runs) {
        public Result {
            runs = List.copyOf(runs);
        }

        /** The runs of {@code path} at worker concurrency {@code concurrency}, in round order. */
        public List<Run> runs(String path, int concurrency) {
            return runs.stream().filter(r -> r.path().equals(path) && r.concurrency() == concurrency).toList();
        }

        private int first() {
            return settings.workerConcurrency().get(0);
        }

        public List<Run> stream() {
            return runs(STREAM, first());
        }

        public List<Run> raw() {
            return runs(RAW, first());
        }

        public List<Run> backfill() {
            return runs(BACKFILL, first());
        }

        public List<Run> scan() {
            return runs(SCAN, first());
        }

        /** Stream ÷ raw per round at {@code concurrency}. */
        public List<Double> streamRatios(int concurrency) {
            return ratios(runs(STREAM, concurrency), runs(RAW, concurrency));
        }

        public List<Double> streamRatios() {
            return streamRatios(first());
        }

        public List<Double> backfillRatios() {
            return ratios(backfill(), scan());
        }

        public List<Double> lagP50() {
            return stream().stream().map(Run::lagP50Ms).toList();
        }

        public List<Double> lagP99() {
            return stream().stream().map(Run::lagP99Ms).toList();
        }

        static List<Double> ratios(List<Run> a, List<Run> b) {
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
    private final CpuCounters cpu;

    /** @throws BenchmarkException when this system has no CPU counters the benchmark can read (not Linux) */
    public PipelineBenchmark(LocalPipeline pipeline, Settings settings, PrintWriter out) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.out = out;
        this.cpu = CpuCounters.linux();
        this.bootstrap = new IndexBootstrap(pipeline.openSearch(), new IndexTemplates(Map.of(), LocalPipeline.METADATA_FIELD),
                LocalPipeline.METADATA_FIELD);
        this.converter = pipeline.workerConfig(Map.of()).converterFor(pipeline.table());
    }

    public Result run() throws InterruptedException {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        seed();
        List<RawBulk.Doc> docs = documents();
        long bytes = docs.stream().mapToLong(d -> d.source().length).sum();
        out.printf("documents: %,d, average %,d bytes of JSON%n", docs.size(), bytes / Math.max(1, docs.size()));
        Run warm = raw(-1, 0, "bench_warm", docs);
        out.printf("warm-up   raw _bulk %,.0f docs/s (not counted)%n", warm.perSecond());
        // the handlers' and the emulators' code compiled before the first counted round, as the raw client's is above
        Run warmStream = stream(-1, settings.workerConcurrency().get(0)).run();
        out.printf("warm-up   stream → index %,.0f changes/s (not counted)%n%n", warmStream.perSecond());

        List<Run> runs = new ArrayList<>();
        boolean first = true;
        for (int concurrency : settings.workerConcurrency()) {
            out.printf("worker mapping concurrency %d%n", concurrency);
            for (int r = 1; r <= settings.rounds(); r++) {
                boolean rawFirst = r % 2 == 0;
                String rawIndex = "bench_raw_c" + concurrency + "_" + r;
                Run rawRun = rawFirst ? raw(r, concurrency, rawIndex, docs) : null;
                StreamOutcome s = stream(r, concurrency);
                if (!rawFirst) {
                    rawRun = raw(r, concurrency, rawIndex, docs);
                }
                runs.add(s.run());
                runs.add(rawRun);
                out.printf("round %d%s%n", r, rawFirst ? " (raw first)" : "");
                out.printf("  stream → index   %,d changes in %.1f s = %,.0f changes/s, lag p50 %.1f s, p99 %.1f s%n",
                        s.run().items(), s.run().nanos() / 1e9, s.run().perSecond(), s.run().lagP50Ms() / 1000,
                        s.run().lagP99Ms() / 1000);
                out.printf("  raw _bulk        %,d docs in %.1f s = %,.0f docs/s%n", rawRun.items(), rawRun.nanos() / 1e9,
                        rawRun.perSecond());
                out.printf("  ratio            %.2f%n", s.run().perSecond() / rawRun.perSecond());
                printStages(s, concurrency);
                printCpu(s.run(), rawRun);
                if (settings.backfill() && first) {
                    backfillRound(r, rawFirst, docs.size(), runs);
                }
                out.println();
                out.flush();
            }
            first = false;
        }
        Result result = new Result(settings, new Conditions(Runtime.getRuntime().availableProcessors(), loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()), runs);
        BenchFigures.of(result).print(out);
        out.flush();
        return result;
    }

    /** Round {@code r}'s backfill and its baseline (Scan + raw _bulk), in the round's order; adds them to the runs. */
    private void backfillRound(int r, boolean rawFirst, int docs, List<Run> runs) throws InterruptedException {
        int concurrency = settings.workerConcurrency().get(0);
        Run scanRun = rawFirst ? scan(r, concurrency, docs) : null;
        Run backfillRun = backfill(r, concurrency);
        if (!rawFirst) {
            scanRun = scan(r, concurrency, docs);
        }
        runs.add(backfillRun);
        runs.add(scanRun);
        out.printf("  backfill → index %,d items in %.1f s = %,.0f items/s%n", backfillRun.items(),
                backfillRun.nanos() / 1e9, backfillRun.perSecond());
        out.printf("  Scan + raw _bulk %,d items in %.1f s = %,.0f items/s, ratio %.2f%n", scanRun.items(),
                scanRun.nanos() / 1e9, scanRun.perSecond(), backfillRun.perSecond() / scanRun.perSecond());
        printCpu(backfillRun, scanRun);
    }

    /** Writes the sample posts to the table (on its stream), as {@link #run} does first. */
    void seed() throws InterruptedException {
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

    record StreamOutcome(Run run, StageTimes times, PollerStats forwarder, PollerStats worker) {
    }

    /** The services' processes measured by pid: OpenSearch and dynalite (read again at the end, a restart changes it). */
    private Map<String, LongSupplier> servicePids() {
        Map<String, LongSupplier> pids = new LinkedHashMap<>();
        pids.put(CpuMeter.OPENSEARCH, () -> pipeline.openSearchNode().pid());
        pids.put(CpuMeter.DYNALITE, () -> pipeline.dynaliteNode().pid());
        return pids;
    }

    /**
     * A path's settings beside the deployed defaults.
     *
     * @param worker          applied to the worker's parts (e.g. {@code BULK_PER_INVOCATION})
     * @param maxMessageBytes the forwarder's MAX_MESSAGE_BYTES, and the backfill's (bytes)
     */
    record Tuning(UnaryOperator<WorkerParts.Builder> worker, int maxMessageBytes) {
        static final Tuning DEPLOYED = new Tuning(UnaryOperator.identity(), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES);

        static Tuning worker(UnaryOperator<WorkerParts.Builder> worker) {
            return new Tuning(worker, ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES);
        }

        Tuning withMaxMessageBytes(int bytes) {
            return new Tuning(worker, bytes);
        }
    }

    private StreamOutcome stream(int round, int concurrency) throws InterruptedException {
        return stream(round, concurrency, "", Tuning.DEPLOYED);
    }

    /**
     * One stream path (the warm-up for a negative {@code round}) with the handlers tuned by {@code tuning}; its index
     * and queues carry {@code variant} in their names.
     */
    StreamOutcome stream(int round, int concurrency, String variant, Tuning tuning) throws InterruptedException {
        // names of their own per concurrency and round: the bootstrap remembers the indexes it made (and drop deletes them)
        String index = round < 0 ? "bench_stream_warm" + variant : "bench_stream" + variant + "_c" + concurrency + "_" + round;
        bootstrap.ensure(index);
        Queues queues = Queues.create(pipeline.sqs(), round < 0 ? "bench-stream-warm" + variant
                : "bench-stream" + variant + "-c" + concurrency + "-" + round, 180);
        StageTimes times = new StageTimes(System.currentTimeMillis());
        RequestHandler<SQSEvent, SQSBatchResponse> handler =
                times.timeWorker(pipeline.newWorker(Map.of(pipeline.table(), index), times, tuning.worker()));
        Progress progress;
        PollerStats forwarderStats;
        PollerStats workerStats;
        Map<String, Long> used;
        CpuMeter meter = CpuMeter.start(cpu, servicePids(), CpuMeter.Client.PIPELINE);
        long start = System.nanoTime();
        try (TimedStreamsClient streams = new TimedStreamsClient(
                LocalAws.configure(DynamoDbStreamsClient.builder(), pipeline.dynamoEndpoint()).build(), times);
             SqsPoller sqsPoller = SqsPoller.start(pipeline.sqs(), LocalPipeline.workerMapping(queues.changeQueueUrl(), concurrency), handler);
             StreamPoller streamPoller = StreamPoller.start(streams,
                     LocalPipeline.forwarderMapping(pipeline.streamArn(), StartingPosition.TRIM_HORIZON,
                             settings.forwarderBatchSize(), FORWARDER_TIMEOUT),
                     times.timeForwarder(pipeline.newForwarder(queues.changeQueueUrl(), tuning.maxMessageBytes())),
                     OnFailureDestination.sqs(pipeline.sqs(), queues.streamFailureQueueUrl()))) {
            progress = awaitSearchable(index, settings.changes(), start, queues, () -> { });
            used = meter.stop(times.forwarderCpuNanos.sum(), times.workerCpuNanos.sum());
            forwarderStats = streamPoller.stats();
            workerStats = sqsPoller.stats();
        } finally {
            meter.close();
        }
        drop(index);
        Run run = pipelineRun(STREAM, round, concurrency, progress, start, used, times);
        return new StreamOutcome(run, times, forwarderStats, workerStats);
    }

    private Run pipelineRun(String path, int round, int concurrency, Progress progress, long start, Map<String, Long> used,
                            StageTimes times) {
        List<Long> lags = times.lags();
        Handlers handlers = new Handlers(times.forwarderInvocations.sum(), times.forwarderNanos.sum(),
                times.workerInvocations.sum(), times.workerNanos.sum(), times.getRecordsNanos.sum(), times.bulkRequests.sum());
        return new Run(path, round, concurrency, settings.changes(), progress.end() - start, used, handlers,
                Spread.percentile(lags, 50), Spread.percentile(lags, 99), Spread.percentile(times.queueWaits(), 99),
                progress.searchable(), times.maxLagPerSecond(progress.searchable().size()));
    }

    private Run raw(int round, int concurrency, String index, List<RawBulk.Doc> docs) throws InterruptedException {
        bootstrap.ensure(index);
        Progress progress;
        Map<String, Long> used;
        CpuMeter meter = CpuMeter.start(cpu, servicePids(), CpuMeter.Client.RAW);
        long start = System.nanoTime();
        try (RawBulk bulk = new RawBulk(pipeline.openSearch())) {
            bulk.submit(index + "_v1", docs);
            // counted while the requests run, so the changes/s over time are the path's (a failed request ends it)
            progress = awaitSearchable(index, docs.size(), start, null, bulk::rethrowFailure);
            used = meter.stop(0, 0);
            bulk.await();
        } finally {
            meter.close();
        }
        drop(index);
        return new Run(RAW, round, concurrency, docs.size(), progress.end() - start, used, Handlers.NONE, null, null, null,
                progress.searchable(), List.of());
    }

    private Run backfill(int round, int concurrency) throws InterruptedException {
        return backfill(round, concurrency, "", Tuning.DEPLOYED);
    }

    /** One backfill path with the worker tuned by {@code tuning}; its index and queues carry {@code variant}. */
    Run backfill(int round, int concurrency, String variant, Tuning tuning) throws InterruptedException {
        String index = "bench_backfill" + variant + "_" + round;
        bootstrap.ensure(index);
        Queues queues = Queues.create(pipeline.sqs(), "bench-backfill" + variant + "-" + round, 180);
        StageTimes times = new StageTimes(System.currentTimeMillis());
        RequestHandler<SQSEvent, SQSBatchResponse> worker =
                times.timeWorker(pipeline.newWorker(Map.of(pipeline.table(), index), times, tuning.worker()));
        Progress progress;
        Map<String, Long> used;
        CpuMeter meter = CpuMeter.start(cpu, servicePids(), CpuMeter.Client.PIPELINE);
        long start = System.nanoTime();
        try (SqsPoller sqsPoller = SqsPoller.start(pipeline.sqs(), LocalPipeline.workerMapping(queues.changeQueueUrl(), concurrency), worker)) {
            CompletableFuture<Backfill.Result> scan = CompletableFuture.supplyAsync(() ->
                    new Backfill(pipeline.dynamo(), SqsChangeQueue.withDefaults(pipeline.sqs(), queues.changeQueueUrl()), Clock.systemUTC())
                            .run(BackfillSettings.of(pipeline.table(), queues.changeQueueUrl(), settings.segments())
                                    .withMaxMessageBytes(tuning.maxMessageBytes()), BackfillListener.NONE));
            progress = awaitSearchable(index, settings.changes(), start, queues, () -> rethrowFailure(List.of(scan), "the backfill"));
            join(scan, "the backfill");
            used = meter.stop(0, times.workerCpuNanos.sum());
        } finally {
            meter.close();
        }
        drop(index);
        return pipelineRun(BACKFILL, round, concurrency, progress, start, used, times);
    }

    private Run scan(int round, int concurrency, int expected) throws InterruptedException {
        String index = "bench_scan_" + round;
        bootstrap.ensure(index);
        Progress progress;
        Map<String, Long> used;
        AtomicInteger scanner = new AtomicInteger();
        ExecutorService scanners = Executors.newFixedThreadPool(settings.segments(), r -> {
            Thread t = new Thread(r, "bench-scan-" + scanner.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CpuMeter meter = CpuMeter.start(cpu, servicePids(), CpuMeter.Client.RAW);
        long start = System.nanoTime();
        try (RawBulk bulk = new RawBulk(pipeline.openSearch())) {
            List<Future<?>> segments = new ArrayList<>();
            for (int s = 0; s < settings.segments(); s++) {
                int segment = s;
                segments.add(scanners.submit(() -> pipeline.dynamo().scanPaginator(b -> b.tableName(pipeline.table())
                                .segment(segment).totalSegments(settings.segments()).limit(SCAN_PAGE_SIZE))
                        .forEach(page -> bulk.submit(index + "_v1", page.items().stream().map(i -> RawBulk.doc(i, converter)).toList()))));
            }
            progress = awaitSearchable(index, expected, start, null, () -> {
                rethrowFailure(segments, "the raw Scan");
                bulk.rethrowFailure();
            });
            used = meter.stop(0, 0);
            for (Future<?> f : segments) {
                join(f, "the raw Scan");
            }
            bulk.await();
        } finally {
            meter.close();
            scanners.shutdownNow();
        }
        drop(index);
        return new Run(SCAN, round, concurrency, expected, progress.end() - start, used, Handlers.NONE, null, null, null,
                progress.searchable(), List.of());
    }

    /** When the path ended (nanoTime) and the documents searchable at the end of each second, then at the end. */
    private record Progress(long end, List<Long> searchable) {
    }

    /**
     * Polls the alias' {@code _count} until it holds {@code expected} documents. A failed record is not an error here
     * (its message is retried after the visibility timeout, as deployed); a message in the dead-letter queue is, and so
     * is whatever {@code failFast} throws (a writer of the path that failed), checked at each poll.
     */
    private Progress awaitSearchable(String alias, long expected, long start, Queues queues, Runnable failFast)
            throws InterruptedException {
        long deadline = start + settings.roundTimeout().toNanos();
        long nextDlqCheck = 0;
        List<Long> perSecond = new ArrayList<>();
        while (true) {
            failFast.run();
            long count = IndexSnapshot.count(pipeline.openSearch(), alias);
            long now = System.nanoTime();
            while (perSecond.size() < (now - start) / 1_000_000_000L) {
                perSecond.add(Math.max(0, count));
            }
            if (count >= expected) {
                perSecond.add(count);
                return new Progress(now, perSecond);
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

    private void printStages(StreamOutcome s, int concurrency) {
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
                t.workerNanos.sum() / 1e6 / Math.max(1, t.workerInvocations.sum()), concurrency);
        out.printf("    OpenSearch     %,d _bulk requests, %.1f s summed over the requests in flight (a worker invocation's"
                + " messages run in parallel)%n", t.bulkRequests.sum(), t.bulkMillis.sum() / 1e3);
        if (t.failed.sum() > 0 || s.worker().failedInvocations() > 0) {
            out.printf("    retried        %,d record(s) failed (time budget or OpenSearch) and were retried after the visibility timeout%n",
                    t.failed.sum());
        }
    }

    /** CPU ms per 1,000 changes of each component, the pipeline path beside its raw baseline. */
    private void printCpu(Run path, Run base) {
        out.printf("  CPU ms per 1,000 changes   %-10s %-10s%n", path.path(), base.path());
        for (String c : CpuMeter.COMPONENTS) {
            if (path.cpuNanos().containsKey(c) || base.cpuNanos().containsKey(c)) {
                out.printf("    %-24s %10.0f %10.0f%n", c, path.cpuMsPerThousand(c), base.cpuMsPerThousand(c));
            }
        }
    }

    /** Throws the failure of any of {@code futures} that ended with one; does not wait. */
    private static void rethrowFailure(List<? extends Future<?>> futures, String what) {
        for (Future<?> f : futures) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new BenchmarkException(what + " failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BenchmarkException("interrupted while checking " + what, e);
                }
            }
        }
    }

    private static void join(Future<?> f, String what) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new BenchmarkException(what + " failed", e.getCause());
        }
    }
}

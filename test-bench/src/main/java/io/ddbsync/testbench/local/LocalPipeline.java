package io.ddbsync.testbench.local;

import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.localstack.ServiceSupervisor;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.SqsPollerConfig;
import io.ddbsync.localstack.esm.StartingPosition;
import io.ddbsync.localstack.esm.StreamPollerConfig;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.WorkerParts;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.worker.opensearch.TextAnalysis;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.FailureNotes;
import io.ddbsync.aws.search.SearchTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.s3.S3Client;
import io.ddbsync.localstack.LocalS3;
import io.ddbsync.backfill.BackfillHandler;
import io.ddbsync.backfill.PageObserver;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.config.SearchTargetConfig;

/**
 * The whole pipeline on this machine, in this process: OpenSearch (a child JVM), ElasticMQ,
 * dynalite (a node child) behind the DynamoDB Streams emulation, S3Mock (a child JVM), the queues, the
 * index, a table with a NEW_AND_OLD_IMAGES stream, and the three Lambda handlers behind their event source
 * mapping emulators (stream poller → forwarder, SQS poller → worker, SQS poller on the backfill queue →
 * backfill Lambda, its state in the bucket {@value #BACKFILL_BUCKET}). Used by {@code ddbsync local} and
 * its tests.
 *
 * <p>Lifecycle: {@link #start} (services, queues, index, table; nothing consumes yet), then
 * {@link #startSync} (the pollers; the stream poller starts at LATEST, so items written before it
 * reach the index only through {@link #backfill}), then {@link #close} (every poller, thread and
 * child process, in reverse order; safe from a shutdown hook and more than once).
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    /** The forwarder's EMF lines, one log line each (the worker's metrics feed {@link PipelineMetrics}). */
    private static final Logger EMF = LoggerFactory.getLogger(LocalPipeline.class.getName() + ".emf");

    public static final String METADATA_FIELD = WorkerConfig.DEFAULT_METADATA_FIELD;
    /** The worker's function timeout; a change queue's visibility timeout shorter than it is refused, as Lambda does. */
    public static final Duration WORKER_TIMEOUT = Duration.ofSeconds(30);
    /** The change queue's visibility timeout as the stack sets it: 6 × the worker's timeout. */
    public static final Duration DEPLOYED_VISIBILITY_TIMEOUT = WORKER_TIMEOUT.multipliedBy(6);
    static final Duration FORWARDER_TIMEOUT = Duration.ofSeconds(60);
    /** The forwarder's batch size, as deployed (infra-cdk) and recommended (stream-forwarder README). */
    public static final int FORWARDER_BATCH_SIZE = 500;
    /** The worker mapping's batch size (messages) and its concurrent invocations. */
    public static final int WORKER_BATCH_SIZE = 10;
    public static final int WORKER_CONCURRENCY = 2;
    /** The backfill Lambda's function timeout (the stack's is minutes; a short one here exercises continuations). */
    public static final Duration BACKFILL_TIMEOUT = Duration.ofSeconds(30);
    /** The backfill mapping's maximum concurrency unless {@link #startBackfillMapping} says otherwise. */
    public static final int BACKFILL_CONCURRENCY = 2;
    /** The backfill queue's receives before its DLQ, as the stack's default. */
    public static final int BACKFILL_MAX_RECEIVE_COUNT = 3;
    /** The bucket of backfill runs' state (the stack's export bucket). */
    public static final String BACKFILL_BUCKET = "ddbsync-backfill";

    /**
     * @param table      the table to create (with a stream): the demo's, fed with sample posts and backfilled
     * @param segments   backfill Scan segments
     * @param moreTables further tables to create at start (key {@code id} S, a NEW_AND_OLD_IMAGES stream) when
     *                   missing; synced as every table with a stream is ({@link #startSync})
     * @param visibilityTimeout the change queue's visibility timeout: how long a failed message waits before it is
     *                   delivered again (as deployed: {@link #DEPLOYED_VISIBILITY_TIMEOUT}, 6 × the worker's timeout)
     * @param maxReceiveCount receives before the change queue dead-letters a message (as deployed: 5)
     * @param dataDir    where the services keep their data across runs ({@code opensearch/}: the index,
     *                   {@code dynamodb/}: the tables, {@code sqs/}: the queues and messages); empty: in memory and in
     *                   temporary directories, gone when the pipeline stops
     */
    public record Settings(String table, int segments, List<String> moreTables, Duration visibilityTimeout,
                           int maxReceiveCount, Optional<Path> dataDir) {

        public Settings {
            moreTables = List.copyOf(moreTables);
            Objects.requireNonNull(dataDir, "dataDir");
            if (moreTables.contains(table)) {
                throw new IllegalArgumentException("table " + table + " is named twice");
            }
            if (visibilityTimeout.toMillis() % 1000 != 0 || visibilityTimeout.toSeconds() < 1
                    || visibilityTimeout.toSeconds() > 43_200) {
                throw new IllegalArgumentException("the visibility timeout must be whole seconds in 1s..12h (SQS's range), got "
                        + visibilityTimeout);
            }
            if (maxReceiveCount < 1 || maxReceiveCount > 1_000) {
                throw new IllegalArgumentException("maxReceiveCount must be in 1..1000 (SQS's range), got " + maxReceiveCount);
            }
        }

        public Settings(String table, int segments, List<String> moreTables, Duration visibilityTimeout, int maxReceiveCount) {
            this(table, segments, moreTables, visibilityTimeout, maxReceiveCount, Optional.empty());
        }

        public Settings(String table, int segments, List<String> moreTables) {
            this(table, segments, moreTables, DEPLOYED_VISIBILITY_TIMEOUT, Queues.MAX_RECEIVE_COUNT);
        }

        public Settings(String table, int segments) {
            this(table, segments, List.of());
        }
    }


    private final Settings settings;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final PipelineMetrics metrics = new PipelineMetrics();
    private volatile RetryWatch retries;
    private volatile boolean closed;

    private LocalOpenSearch openSearch;
    private LocalSqs sqsServer;
    private LocalDynamoDb dynalite;
    private DynamoDbStreamsEmulator streams;
    private SearchTarget search;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private Queues queues;
    private BackfillQueues backfillQueues;
    private LocalS3 s3Server;
    private S3Client s3;
    private SqsPoller backfillPoller;
    private String index;
    private IndexTemplates templates;
    private String streamArn;
    private volatile TableAttacher attacher;
    private volatile ServiceSupervisor supervisor;

    private LocalPipeline(Settings settings) {
        this.settings = settings;
    }

    /**
     * Starts the services (OpenSearch in parallel with the others), creates the queues, the index
     * and the table. {@code started} is told about each step. On failure everything started is stopped.
     * {@code holder} receives the pipeline before anything starts, so a shutdown hook can close it mid-start.
     */
    public static LocalPipeline start(Settings settings, Consumer<String> started, Consumer<LocalPipeline> holder) {
        LocalPipeline p = new LocalPipeline(settings);
        holder.accept(p);
        try {
            p.startAll(started);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> started) {
        Optional<Path> data = settings.dataDir();
        CompletableFuture<LocalOpenSearch> os = CompletableFuture.supplyAsync(() ->
                data.map(d -> LocalOpenSearch.startWithDataDir(d.resolve("opensearch"))).orElseGet(LocalOpenSearch::start));
        // S3Mock keeps no data across runs: a backfill run's state lives as long as the pipeline
        CompletableFuture<LocalS3> s3f = CompletableFuture.supplyAsync(LocalS3::start);
        try {
            sqsServer = own(data.map(d -> LocalSqs.startWithDataDir(d.resolve("sqs"))).orElseGet(LocalSqs::start));
            started.accept("SQS (ElasticMQ)     " + sqsServer.endpoint());
            sqs = own(LocalAws.sqs(sqsServer.endpoint()));
            queues = Queues.create(sqs, "ddbsync", (int) settings.visibilityTimeout().toSeconds(), settings.maxReceiveCount());
            backfillQueues = BackfillQueues.create(sqs, "ddbsync", (int) BACKFILL_TIMEOUT.multipliedBy(6).toSeconds(),
                    BACKFILL_MAX_RECEIVE_COUNT);

            dynalite = own(data.map(d -> LocalDynamoDb.startWithDataDir(d.resolve("dynamodb"))).orElseGet(LocalDynamoDb::start));
            streams = own(DynamoDbStreamsEmulator.start(dynalite.endpoint()));
            started.accept("DynamoDB (dynalite + Streams emulation) " + streams.endpoint());
            dynamo = own(LocalAws.dynamoDb(streams.endpoint()));
            createTables();

            s3Server = own(await(s3f, "S3Mock"));
            s3 = own(LocalAws.s3(s3Server.endpoint()));
            s3.createBucket(b -> b.bucket(BACKFILL_BUCKET));
            started.accept("S3 (S3Mock)        " + s3Server.endpoint());

            openSearch = own(await(os, "OpenSearch"));
            started.accept("OpenSearch         " + openSearch.endpoint());
        } finally {
            if (openSearch == null) {
                // a failed start above must not leave the node running
                os.thenAccept(LocalOpenSearch::close);
            }
            if (s3Server == null) {
                s3f.thenAccept(LocalS3::close);
            }
            checkNotClosed();
        }
        // closed before the services (resources close in reverse order): a stopped service is not restarted
        supervisor = own(ServiceSupervisor.start(List.of(openSearch, dynalite), Clock.systemUTC()));
        search = own(SearchTargetFactory.plain(openSearch.endpoint()));
        index = workerConfig().indexFor(settings.table());
        templates = IndexTemplates.fromEnv(Map.of(IndexTemplates.TEXT_ANALYSIS_ENV, textAnalysisOf(index, openSearch)), METADATA_FIELD);
        new IndexBootstrap(search, templates, METADATA_FIELD).ensure(index);
        started.accept("index " + index + "_v1 with search alias " + index + " and write alias " + index + "_write, text analysis "
                + templates.analysisOf(index).configName()
                + (templates.analysisOf(index) == TextAnalysis.KOREAN ? " (nori)" : " (this OpenSearch has no analysis-nori)"));
    }

    /**
     * The demo index's TEXT_ANALYSIS entry: {@code korean} where the node has the nori plugin (the 2.x layout), else
     * {@code standard} (3.x has none: a template asking for nori would be refused).
     */
    static String textAnalysisOf(String index, LocalOpenSearch node) {
        TextAnalysis analysis = node.plugins().contains("analysis-nori") ? TextAnalysis.KOREAN : TextAnalysis.STANDARD;
        return index + "=" + analysis.configName();
    }

    /** The index templates the demo's worker puts: the demo index with its text analysis, every other index the default. */
    public IndexTemplates indexTemplates() {
        return templates;
    }

    private void createTables() {
        streamArn = createTable(settings.table());
        for (String table : settings.moreTables()) {
            createTable(table);
        }
    }

    /**
     * Creates {@code table} with a NEW_AND_OLD_IMAGES stream unless it exists; its stream ARN. A table kept from an
     * earlier run ({@link Settings#dataDir}) gets a new stream: the Streams emulation keeps its records in memory, so
     * the stream of the run before ended with it, as a stream disabled and enabled again on DynamoDB.
     */
    private String createTable(String table) {
        if (dynamo.listTablesPaginator(b -> { }).tableNames().stream().noneMatch(table::equals)) {
            dynamo.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        } else if (dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn() == null) {
            dynamo.updateTable(b -> b.tableName(table)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        }
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new LocalPipelineException("table " + table + " has no LatestStreamArn after CreateTable with a stream");
        }
        return arn;
    }

    /**
     * Starts the pollers: SQS → worker, the demo table's stream (from LATEST) → its forwarder, and every other table
     * with a stream on the endpoint, now or created later, from TRIM_HORIZON → a forwarder of its own
     * ({@link TableAttacher}), as the stack's {@code tables} list does on AWS.
     */
    public synchronized void startSync() {
        checkNotClosed();
        FailureNotes notes = new FailureNotes(search, Clock.systemUTC());
        retries = new RetryWatch(newWorker(Map.of(), metrics), settings.visibilityTimeout(), settings.maxReceiveCount(),
                Clock.systemUTC(), notes::notes);
        own(SqsPoller.start(sqs, workerMapping(queues.changeQueueUrl()), retries));
        StreamForwarderHandler forwarder = newForwarder(queues.changeQueueUrl());
        own(StreamSync.start(streams.endpoint(), streamArn, forwarder, sqs, queues.streamFailureQueueUrl(), FORWARDER_TIMEOUT));
        attacher = own(TableAttacher.start(dynamo, Map.of(settings.table(), streamArn), (table, arn) ->
                StreamSync.start(streams.endpoint(), arn, StartingPosition.TRIM_HORIZON, newForwarder(queues.changeQueueUrl()),
                        sqs, queues.streamFailureQueueUrl(), FORWARDER_TIMEOUT)));
        startBackfillMapping(BACKFILL_CONCURRENCY);
    }

    /**
     * (Re)starts the backfill queue's mapping → backfill Lambda with this maximum concurrency (batch size 1,
     * ReportBatchItemFailures, function timeout {@link #BACKFILL_TIMEOUT}); a running one is stopped first (its
     * invocations finish).
     */
    public synchronized void startBackfillMapping(int concurrency) {
        checkNotClosed();
        if (backfillPoller != null) {
            backfillPoller.close();
        }
        backfillPoller = own(SqsPoller.start(sqs, backfillMapping(backfillQueues.queueUrl(), concurrency),
                newBackfillHandler(PageObserver.NONE)));
    }

    /** The backfill mapping: one work item per invocation, {@code concurrency} at a time. */
    public static SqsPollerConfig backfillMapping(String backfillQueueUrl, int concurrency) {
        return SqsPollerConfig.builder("backfill-worker", backfillQueueUrl).batchSize(1).concurrency(concurrency)
                .functionTimeout(BACKFILL_TIMEOUT).build();
    }

    /** A backfill Lambda handler wired as {@link #startSync} wires it, telling {@code observer} of each page. */
    public BackfillHandler newBackfillHandler(PageObserver observer) {
        return new BackfillHandler(backfillConfig(), dynamo, sqs, s3, Clock.systemUTC(), observer);
    }

    /** The backfill Lambda's configuration: the local endpoints, the change queue, the backfill queue and bucket. */
    public BackfillConfig backfillConfig() {
        return new BackfillConfig(URI.create(queues.changeQueueUrl()), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                Compression.DEFAULT, URI.create(backfillQueues.queueUrl()), BACKFILL_BUCKET, Optional.of(sqsServer.endpoint()),
                Optional.of(streams.endpoint()), Optional.of(s3Server.endpoint()), LocalAws.REGION.id());
    }

    /** Messages the worker failed that the change queue will deliver again (empty before {@link #startSync}). */
    public List<RetryWatch.Retrying> retrying() {
        RetryWatch r = retries;
        return r == null ? List.of() : r.retrying();
    }

    /** OpenSearch's and dynalite's state as the supervisor last saw it (ElasticMQ runs in this process); empty before start. */
    public List<ServiceSupervisor.Health> services() {
        ServiceSupervisor s = supervisor;
        return s == null ? List.of() : s.health();
    }

    /** The OpenSearch node (to stop or kill it in tests; the supervisor restarts it). */
    public LocalOpenSearch openSearchNode() {
        return openSearch;
    }

    /** dynalite's process (behind the Streams emulation). */
    public LocalDynamoDb dynaliteNode() {
        return dynalite;
    }

    public Settings settings() {
        return settings;
    }

    /** Table → stream ARN of every synced table, the demo's first; before {@link #startSync} the demo's only. */
    public Map<String, String> syncedTables() {
        TableAttacher a = attacher;
        return a != null ? a.tables() : Map.of(settings.table(), streamArn);
    }

    /** The search alias of {@code table} (the worker's INDEX_MAP default: the table name lower-cased). */
    public String indexOf(String table) {
        return workerConfig().indexFor(table);
    }

    /**
     * The forwarder's event source mapping with the settings the forwarder's README recommends
     * (window 1 s, ReportBatchItemFailures, bisect, 10 retries, 6 h record age).
     */
    public static StreamPollerConfig forwarderMapping(String streamArn, StartingPosition startingPosition, int batchSize,
                                                      Duration timeout) {
        return StreamPollerConfig.builder("stream-forwarder", streamArn)
                .startingPosition(startingPosition)
                .batchSize(batchSize)
                .batchingWindow(Duration.ofSeconds(1))
                .reportBatchItemFailures(true)
                .bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(10)
                .maximumRecordAgeInSeconds(21_600)
                .functionTimeout(timeout)
                .build();
    }

    /** The worker's event source mapping as {@link #startSync} runs it: batches of 10 messages, 2 at a time. */
    public static SqsPollerConfig workerMapping(String changeQueueUrl) {
        return workerMapping(changeQueueUrl, WORKER_CONCURRENCY);
    }

    /**
     * The same with {@code concurrency} pollers, each invoking the worker on its own thread (on AWS the mapping scales
     * its pollers with the backlog, up to the mapping's maximum concurrency).
     *
     * @throws io.ddbsync.localstack.esm.EsmException when {@code concurrency} is outside 1–1000
     */
    public static SqsPollerConfig workerMapping(String changeQueueUrl, int concurrency) {
        return SqsPollerConfig.builder("index-worker", changeQueueUrl)
                .batchSize(WORKER_BATCH_SIZE).concurrency(concurrency).functionTimeout(WORKER_TIMEOUT).build();
    }

    /** A worker handler wired as {@link #startSync} wires it, with this {@code INDEX_MAP} and metrics sink. */
    public IndexWorkerHandler newWorker(Map<String, String> indexMap, MetricsSink metricsSink) {
        return newWorker(indexMap, metricsSink, java.util.function.UnaryOperator.identity());
    }

    /** The same with {@code tuning} applied to its parts (a lever's setting, e.g. {@code BULK_PER_INVOCATION}). */
    public IndexWorkerHandler newWorker(Map<String, String> indexMap, MetricsSink metricsSink,
                                        java.util.function.UnaryOperator<WorkerParts.Builder> tuning) {
        return new IndexWorkerHandler(tuning.apply(WorkerParts.builder(workerConfig(indexMap), search)
                .dynamoDb(dynamo).metrics(metricsSink).templates(templates)).build());
    }

    /** A forwarder handler wired as {@link #startSync} wires it, sending to {@code changeQueueUrl}. */
    public StreamForwarderHandler newForwarder(String changeQueueUrl) {
        return newForwarder(changeQueueUrl, ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** The same with MAX_MESSAGE_BYTES = {@code maxMessageBytes} (bytes, as {@link ForwarderConfig} bounds it). */
    public StreamForwarderHandler newForwarder(String changeQueueUrl, int maxMessageBytes) {
        ForwarderConfig forwarderConfig = new ForwarderConfig(URI.create(changeQueueUrl),
                maxMessageBytes, Optional.of(sqsServer.endpoint()), LocalAws.REGION.id());
        return new StreamForwarderHandler(forwarderConfig, sqs, EmfEnvironments.lines(EMF::info), Clock.systemUTC());
    }

    /** A backfill of the table into the change queue (the same code as {@code ddbsync backfill}). */
    public Backfill.Result backfill(BackfillListener listener) {
        return backfill(listener, 0);
    }

    /** The same, scanning at most {@code itemsPerSecond} items per second (0: no limit). */
    public Backfill.Result backfill(BackfillListener listener, double itemsPerSecond) {
        return new Backfill(dynamo, SqsChangeQueue.withDefaults(sqs, queues.changeQueueUrl()),
                io.ddbsync.ops.backfill.TableClock.of(dynamo, settings.table(), Clock.systemUTC()))
                .run(BackfillSettings.of(settings.table(), queues.changeQueueUrl(), settings.segments())
                        .withItemsPerSecond(itemsPerSecond), listener);
    }

    /** Table vs search alias. */
    public Convergence.Report compare() {
        return Convergence.compare(dynamo, settings.table(), search, index, workerConfig().converterFor(settings.table()));
    }

    private WorkerConfig workerConfig() {
        return workerConfig(Map.of());
    }

    /**
     * The worker's configuration (the local endpoints, no idempotency, the demo's shaping of the table:
     * {@link SamplePosts#shaping}) with this {@code INDEX_MAP}.
     */
    public WorkerConfig workerConfig(Map<String, String> indexMap) {
        return WorkerConfig.builder(SearchTargetConfig.plain(openSearch.endpoint()), LocalAws.REGION.id()).indexMap(indexMap)
                .metadataField(METADATA_FIELD).shaping(SamplePosts.shaping(settings.table()))
                .dynamodbEndpoint(Optional.of(streams.endpoint())).build();
    }

    public String table() {
        return settings.table();
    }

    /** The search alias. */
    public String index() {
        return index;
    }

    public URI dynamoEndpoint() {
        return streams.endpoint();
    }

    public URI sqsEndpoint() {
        return sqsServer.endpoint();
    }

    public URI openSearchEndpoint() {
        return openSearch.endpoint();
    }

    public Queues queues() {
        return queues;
    }

    public BackfillQueues backfillQueues() {
        return backfillQueues;
    }

    public URI s3Endpoint() {
        return s3Server.endpoint();
    }

    /** An S3 client of the local S3 (path-style); owned by the pipeline. */
    public S3Client s3() {
        return s3;
    }

    public String streamArn() {
        return streamArn;
    }

    /** A DynamoDB client through the Streams emulation (every write is recorded); owned by the pipeline. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SearchTarget openSearch() {
        return search;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public boolean isClosed() {
        return closed;
    }

    private synchronized <T extends AutoCloseable> T own(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new LocalPipelineException("the local pipeline is stopping");
        }
        resources.push(resource);
        return resource;
    }

    private void checkNotClosed() {
        if (closed) {
            throw new LocalPipelineException("the local pipeline is stopping");
        }
    }

    /** Stops pollers, clients and services in reverse start order; errors are logged, not thrown. */
    @Override
    public void close() {
        Deque<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayDeque<>(resources);
            resources.clear();
        }
        for (AutoCloseable r : toClose) {
            closeQuietly(r);
        }
    }

    private static void closeQuietly(AutoCloseable r) {
        try {
            r.close();
        } catch (Exception e) {
            LOG.atWarn().setCause(e).addKeyValue("resource", r.getClass().getSimpleName()).log("stopping a resource failed");
        }
    }

    private static <T> T await(CompletableFuture<T> future, String service) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPipelineException("interrupted while starting " + service, e);
        } catch (ExecutionException e) {
            throw new LocalPipelineException(service + " did not start", e.getCause());
        }
    }
}

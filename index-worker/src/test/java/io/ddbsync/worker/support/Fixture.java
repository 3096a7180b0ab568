package io.ddbsync.worker.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.log.LogCapture;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.WorkerParts;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.config.SearchTargetConfig;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One worker set up against the shared local services, with its own table/index names, metrics and log. */
public final class Fixture {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static SearchTarget sharedOpenSearch;
    private static OpenSearchHttp sharedRest;
    private static DynamoDbClient sharedDynamoDb;

    public final String table;
    public final String index;
    public final RecordingMetrics metrics = new RecordingMetrics();
    private io.ddbsync.worker.metrics.MetricsSink sink = metrics;
    /** One capture for the test JVM (tests run one at a time); each fixture reads the lines since it was made. */
    private static final LogCapture LOG = LogCapture.start();
    private final int firstLogLine = LOG.lines().size();

    private SearchTarget openSearch = openSearch();
    private Optional<String> idempotencyTable = Optional.empty();
    private Map<String, ObjectNode> templates = Map.of();
    private Clock clock = Clock.systemUTC();
    private int parallelism = 4;
    private long reserveMillis = 1_000;
    private int retentionDays = 15;
    private boolean dynamoDb = true;
    private DynamoDbClient dynamoDbClient;
    private WorkerConfig.TtlDeletes ttlDeletes = WorkerConfig.TtlDeletes.DELETE;
    private WorkerConfig.Quarantine quarantine = WorkerConfig.Quarantine.ON;
    private int maxBulkBytes = io.ddbsync.worker.opensearch.VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES;
    private WorkerParts.Switch bulkPerInvocation = WorkerParts.DEFAULT_BULK_PER_INVOCATION;
    private WorkerParts.Switch createFirstReads = WorkerParts.DEFAULT_CREATE_FIRST_READS;

    public Fixture(String prefix) {
        this.table = prefix + "_" + COUNTER.incrementAndGet() + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        this.index = table.toLowerCase(Locale.ROOT);
    }

    /** The search target the worker under test uses (the port), on the shared local OpenSearch. */
    public static synchronized SearchTarget openSearch() {
        if (sharedOpenSearch == null) {
            sharedOpenSearch = SearchTargetFactory.plain(LocalOpenSearch.shared().endpoint());
        }
        return sharedOpenSearch;
    }

    /** Raw REST on the shared local OpenSearch, for assertions the port has no call for (e.g. {@code _cat}). */
    public static synchronized OpenSearchHttp rest() {
        if (sharedRest == null) {
            sharedRest = new OpenSearchHttp(SearchTargetFactory.transport(SearchTargetConfig.plain(LocalOpenSearch.shared().endpoint())));
        }
        return sharedRest;
    }

    public static synchronized DynamoDbClient dynamoDb() {
        if (sharedDynamoDb == null) {
            sharedDynamoDb = LocalAws.dynamoDb(LocalDynamoDb.shared().endpoint());
        }
        return sharedDynamoDb;
    }

    public static URI openSearchEndpoint() {
        return LocalOpenSearch.shared().endpoint();
    }

    public Fixture openSearch(SearchTarget target) {
        this.openSearch = target;
        return this;
    }

    public Fixture idempotencyTable(String name) {
        this.idempotencyTable = Optional.of(name);
        return this;
    }

    public Fixture template(ObjectNode settingsAndMappings) {
        this.templates = Map.of(index, settingsAndMappings);
        return this;
    }

    public Fixture clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public Fixture parallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    public Fixture reserveMillis(long reserveMillis) {
        this.reserveMillis = reserveMillis;
        return this;
    }

    /** The DynamoDB client the worker uses (e.g. a fault-injecting wrapper of {@link #dynamoDb()}). */
    public Fixture dynamoDb(DynamoDbClient client) {
        this.dynamoDbClient = client;
        return this;
    }

    public Fixture ttlDeletes(WorkerConfig.TtlDeletes ttlDeletes) {
        this.ttlDeletes = ttlDeletes;
        return this;
    }

    /** QUARANTINE for every table (default on, as the worker's). */
    public Fixture quarantine(WorkerConfig.Quarantine choice) {
        this.quarantine = choice;
        return this;
    }

    /** The worker's metrics go to the real EMF sink, each line to {@code lines}, instead of {@link #metrics}. */
    public Fixture emf(java.util.function.Consumer<String> lines) {
        this.sink = new io.ddbsync.worker.metrics.EmfMetricsSink(io.ddbsync.aws.metrics.EmfEnvironments.lines(lines), Clock.systemUTC());
        return this;
    }

    public Fixture maxBulkBytes(int bytes) {
        this.maxBulkBytes = bytes;
        return this;
    }

    /** BULK_PER_INVOCATION. */
    public Fixture bulkPerInvocation(WorkerParts.Switch choice) {
        this.bulkPerInvocation = choice;
        return this;
    }

    /** CREATE_FIRST_READS. */
    public Fixture createFirstReads(WorkerParts.Switch choice) {
        this.createFirstReads = choice;
        return this;
    }

    public Fixture noDynamoDb() {
        this.dynamoDb = false;
        return this;
    }

    public WorkerConfig config() {
        return WorkerConfig.builder(SearchTargetConfig.plain(openSearchEndpoint()), "us-east-1")
                .idempotencyTable(idempotencyTable).ttlDeletes(ttlDeletes).quarantine(quarantine).tombstoneRetentionDays(retentionDays)
                .build();
    }

    public WorkerParts parts() {
        return WorkerParts.builder(config(), openSearch)
                .dynamoDb(dynamoDb ? Optional.of(dynamoDbClient != null ? dynamoDbClient : dynamoDb()) : Optional.empty())
                .metrics(sink).templates(new IndexTemplates(templates, "ddbsync")).clock(clock).parallelism(parallelism)
                .reserveMillis(reserveMillis).maxBulkBytes(maxBulkBytes).bulkPerInvocation(bulkPerInvocation)
                .createFirstReads(createFirstReads).build();
    }

    public IndexWorkerHandler handler() {
        return new IndexWorkerHandler(parts());
    }

    public Changes changes() {
        return new Changes(table);
    }

    public SearchIndex searchIndex() {
        return new SearchIndex(openSearch(), index);
    }

    /** The JSON log lines written since this fixture was made. */
    public List<String> logLines() {
        List<String> lines = LOG.lines();
        return lines.subList(Math.min(firstLogLine, lines.size()), lines.size());
    }
}

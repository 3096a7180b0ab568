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
import io.ddbsync.aws.opensearch.OpenSearchClients;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    private static OpenSearchHttp sharedOpenSearch;
    private static DynamoDbClient sharedDynamoDb;

    public final String table;
    public final String index;
    public final RecordingMetrics metrics = new RecordingMetrics();
    /** One capture for the test JVM (tests run one at a time); each fixture reads the lines since it was made. */
    private static final LogCapture LOG = LogCapture.start();
    private final int firstLogLine = LOG.lines().size();

    private OpenSearchHttp openSearch = openSearch();
    private Optional<String> idempotencyTable = Optional.empty();
    private Map<String, ObjectNode> templates = Map.of();
    private Clock clock = Clock.systemUTC();
    private int parallelism = 4;
    private long marginMillis = 1_000;
    private int retentionDays = 15;
    private boolean dynamoDb = true;
    private DynamoDbClient dynamoDbClient;
    private WorkerConfig.TtlDeletes ttlDeletes = WorkerConfig.TtlDeletes.DELETE;
    private int maxBulkBytes = io.ddbsync.worker.opensearch.VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES;

    public Fixture(String prefix) {
        this.table = prefix + "_" + COUNTER.incrementAndGet() + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        this.index = table.toLowerCase(Locale.ROOT);
    }

    public static synchronized OpenSearchHttp openSearch() {
        if (sharedOpenSearch == null) {
            sharedOpenSearch = OpenSearchClients.plain(LocalOpenSearch.shared().endpoint());
        }
        return sharedOpenSearch;
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

    public Fixture openSearch(OpenSearchHttp http) {
        this.openSearch = http;
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

    public Fixture marginMillis(long marginMillis) {
        this.marginMillis = marginMillis;
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

    public Fixture maxBulkBytes(int bytes) {
        this.maxBulkBytes = bytes;
        return this;
    }

    public Fixture noDynamoDb() {
        this.dynamoDb = false;
        return this;
    }

    public WorkerConfig config() {
        return new WorkerConfig(openSearchEndpoint(), WorkerConfig.Auth.NONE, "us-east-1", Map.of(),
                idempotencyTable, ttlDeletes, retentionDays, "ddbsync", Optional.empty());
    }

    public WorkerParts parts() {
        return new WorkerParts(config(), openSearch,
                dynamoDb ? Optional.of(dynamoDbClient != null ? dynamoDbClient : dynamoDb()) : Optional.empty(), metrics,
                new IndexTemplates(templates, "ddbsync"), clock, parallelism, marginMillis, maxBulkBytes);
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

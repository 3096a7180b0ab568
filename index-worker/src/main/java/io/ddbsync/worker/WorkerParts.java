package io.ddbsync.worker;

import io.ddbsync.model.config.EnvReader;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.metrics.EmfMetricsSink;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The collaborators of the worker's handlers, built once per process.
 *
 * @param config       validated configuration
 * @param openSearch   the search target (the port; its adapter chosen once, from the configuration)
 * @param dynamoDb     for fetch records and the idempotency table; empty only when neither is reachable
 * @param metrics      where metrics go
 * @param templates    per-index settings/mappings
 * @param clock        for {@code updated_at}, lag and purge cut-offs
 * @param parallelism  messages of a batch processed at once
 * @param reserveMillis no message starts with less than this much time left
 * @param maxBulkBytes bound of one {@code _bulk} request body in bytes (env {@code BULK_MAX_BYTES},
 *                     default {@value VersionedBulkWriter#DEFAULT_MAX_BULK_BYTES}); OpenSearch's 413 still splits
 * @param bulkPerInvocation whether the messages of a batch share their {@code _bulk} requests (env
 *                     {@code BULK_PER_INVOCATION=on|off}, default {@link #DEFAULT_BULK_PER_INVOCATION}; see
 *                     {@code InvocationBulk}) instead of one per message
 * @param createFirstReads whether read versions (backfill items, reconcile repairs) may go out as {@code create}
 *                     without reading the stored version first while most such creates succeed (env
 *                     {@code CREATE_FIRST_READS=on|off}, default {@link #DEFAULT_CREATE_FIRST_READS}; see
 *                     {@code CreateFirstOdds}); stream INSERTs always do
 */
public record WorkerParts(WorkerConfig config, SearchTarget openSearch, Optional<DynamoDbClient> dynamoDb,
                          MetricsSink metrics, IndexTemplates templates, Clock clock, int parallelism,
                          long reserveMillis, int maxBulkBytes, Switch bulkPerInvocation,
                          Switch createFirstReads) {

    /** An on/off setting. */
    public enum Switch { ON, OFF }

    /**
     * On: a batch's messages share their {@code _bulk} requests (README "Levers": 0.33–0.68 × the requests, OpenSearch
     * CPU per change × 0.90–0.97, the worker's × 0.74–0.99, changes/s × 1.02–1.08).
     */
    public static final Switch DEFAULT_BULK_PER_INVOCATION = Switch.ON;
    /**
     * On: a backfill into an empty index skips the {@code _mget} (README "Levers": changes/s × 1.14, OpenSearch CPU per
     * change × 0.83, the worker's × 0.76); over a full index {@code CreateFirstOdds} turns it off by itself.
     */
    public static final Switch DEFAULT_CREATE_FIRST_READS = Switch.ON;

    /** SQS's default batch size: a default batch runs all its messages at once. */
    public static final int DEFAULT_PARALLELISM = 10;
    public static final long DEFAULT_RESERVE_MILLIS = 10_000;

    /** Smallest and largest {@code BULK_MAX_BYTES}: 64 KiB, and Amazon OpenSearch Service's largest HTTP payload (100 MiB). */
    public static final int MIN_BULK_BYTES = 64 * 1024;
    public static final int MAX_BULK_BYTES = 100 * 1024 * 1024;

    public WorkerParts {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(openSearch, "openSearch");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bulkPerInvocation, "bulkPerInvocation");
        Objects.requireNonNull(createFirstReads, "createFirstReads");
        if (maxBulkBytes < MIN_BULK_BYTES || maxBulkBytes > MAX_BULK_BYTES) {
            throw new IllegalArgumentException("maxBulkBytes must be within " + MIN_BULK_BYTES + ".." + MAX_BULK_BYTES + ": " + maxBulkBytes);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
    }

    /** Everything from the Lambda environment. */
    public static WorkerParts fromEnv(Map<String, String> env) {
        WorkerConfig config = WorkerConfig.fromEnv(env);
        return builder(config, SearchTargetFactory.create(config.searchTarget()))
                .dynamoDb(dynamoDb(config))
                .metrics(new EmfMetricsSink(EmfEnvironments.lambda(), Clock.systemUTC()))
                .templates(IndexTemplates.fromEnv(env, config.metadataField()))
                .maxBulkBytes(new EnvReader(env).intInRange("BULK_MAX_BYTES", VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES,
                        MIN_BULK_BYTES, MAX_BULK_BYTES))
                .bulkPerInvocation(new EnvReader(env).choice("BULK_PER_INVOCATION", Switch.class, DEFAULT_BULK_PER_INVOCATION))
                .createFirstReads(new EnvReader(env).choice("CREATE_FIRST_READS", Switch.class, DEFAULT_CREATE_FIRST_READS))
                .build();
    }

    /**
     * Parts over {@code config} and {@code openSearch}; {@link Builder#metrics} must be set. Defaults: no DynamoDB
     * client, no index templates, the system clock, {@value #DEFAULT_PARALLELISM} at once, a reserve of
     * {@value #DEFAULT_RESERVE_MILLIS} ms, {@value VersionedBulkWriter#DEFAULT_MAX_BULK_BYTES} bytes per bulk.
     */
    public static Builder builder(WorkerConfig config, SearchTarget openSearch) {
        return new Builder(config, openSearch);
    }

    /** Builds {@link WorkerParts}; the setters name the record's components. */
    public static final class Builder {
        private final WorkerConfig config;
        private final SearchTarget openSearch;
        private Optional<DynamoDbClient> dynamoDb = Optional.empty();
        private MetricsSink metrics;
        private IndexTemplates templates;
        private Clock clock = Clock.systemUTC();
        private int parallelism = DEFAULT_PARALLELISM;
        private long reserveMillis = DEFAULT_RESERVE_MILLIS;
        private int maxBulkBytes = VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES;
        private Switch bulkPerInvocation = DEFAULT_BULK_PER_INVOCATION;
        private Switch createFirstReads = DEFAULT_CREATE_FIRST_READS;

        private Builder(WorkerConfig config, SearchTarget openSearch) {
            this.config = Objects.requireNonNull(config, "config");
            this.openSearch = openSearch;
            this.templates = new IndexTemplates(Map.of(), config.metadataField());
        }

        public Builder dynamoDb(DynamoDbClient client) {
            return dynamoDb(Optional.of(client));
        }

        public Builder dynamoDb(Optional<DynamoDbClient> client) {
            this.dynamoDb = client;
            return this;
        }

        public Builder metrics(MetricsSink metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder templates(IndexTemplates templates) {
            this.templates = templates;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder reserveMillis(long reserveMillis) {
            this.reserveMillis = reserveMillis;
            return this;
        }

        public Builder maxBulkBytes(int maxBulkBytes) {
            this.maxBulkBytes = maxBulkBytes;
            return this;
        }

        public Builder bulkPerInvocation(Switch bulkPerInvocation) {
            this.bulkPerInvocation = bulkPerInvocation;
            return this;
        }

        public Builder createFirstReads(Switch createFirstReads) {
            this.createFirstReads = createFirstReads;
            return this;
        }

        /** @throws NullPointerException when metrics were not set; IllegalArgumentException for a bound out of range */
        public WorkerParts build() {
            return new WorkerParts(config, openSearch, dynamoDb, metrics, templates, clock, parallelism, reserveMillis,
                    maxBulkBytes, bulkPerInvocation, createFirstReads);
        }
    }

    public static DynamoDbClient dynamoDb(WorkerConfig config) {
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(config.region()));
        config.dynamodbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

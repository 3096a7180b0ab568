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
import java.io.PrintStream;
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
 */
public record WorkerParts(WorkerConfig config, SearchTarget openSearch, Optional<DynamoDbClient> dynamoDb,
                          MetricsSink metrics, IndexTemplates templates, Clock clock, int parallelism,
                          long reserveMillis, int maxBulkBytes) {

    /** SQS's default batch size: a default batch runs all its messages at once. */
    public static final int DEFAULT_PARALLELISM = 10;
    public static final long DEFAULT_RESERVE_MILLIS = 10_000;

    /** Smallest and largest {@code BULK_MAX_BYTES}: 64 KiB, and Amazon OpenSearch Service's largest HTTP payload (100 MiB). */
    public static final int MIN_BULK_BYTES = 64 * 1024;
    public static final int MAX_BULK_BYTES = 100 * 1024 * 1024;

    /** With the default bulk bound. */
    public WorkerParts(WorkerConfig config, SearchTarget openSearch, Optional<DynamoDbClient> dynamoDb,
                       MetricsSink metrics, IndexTemplates templates, Clock clock, int parallelism,
                       long reserveMillis) {
        this(config, openSearch, dynamoDb, metrics, templates, clock, parallelism, reserveMillis,
                VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES);
    }

    public WorkerParts {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(openSearch, "openSearch");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(clock, "clock");
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
        return new WorkerParts(config, SearchTargetFactory.create(config.searchTarget()), Optional.of(dynamoDb(config)),
                new EmfMetricsSink(EmfEnvironments.lambda(), Clock.systemUTC()),
                IndexTemplates.fromEnv(env, config.metadataField()), Clock.systemUTC(),
                DEFAULT_PARALLELISM, DEFAULT_RESERVE_MILLIS,
                new EnvReader(env).intInRange("BULK_MAX_BYTES", VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES,
                        MIN_BULK_BYTES, MAX_BULK_BYTES));
    }

    public static DynamoDbClient dynamoDb(WorkerConfig config) {
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(config.region()));
        config.dynamodbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

package io.ddbsync.infra.constructs;

import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.ddbsync.infra.EnvNames;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ProvisionedPollerConfig;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

/**
 * The index-worker Lambda with its SQS event source (partial batch responses, bounded concurrency
 * to protect the cluster, or provisioned pollers), its idempotency table, and the tombstone purge Lambda on a daily
 * schedule.
 *
 * <p>IAM: consume the change queue; GetItem/BatchGetItem on the source table (records sent with
 * {@code fetch: true}); read/write items of the idempotency table; OpenSearch HTTP actions on the
 * paths of this deployment's indexes only (see {@link SearchPaths}).
 */
public class Worker extends Construct {

    public static final String HANDLER = io.ddbsync.worker.IndexWorkerHandler.class.getName() + "::handleRequest";
    public static final String PURGE_HANDLER = io.ddbsync.worker.TombstonePurgeHandler.class.getName() + "::handleRequest";
    /** Powertools idempotency store layout: partition key {@code id}, TTL attribute {@code expiration}. */
    public static final String IDEMPOTENCY_KEY = "id";
    public static final String IDEMPOTENCY_TTL_ATTRIBUTE = "expiration";
    public static final List<String> SOURCE_TABLE_ACTIONS = List.of("dynamodb:BatchGetItem", "dynamodb:GetItem");
    public static final List<String> IDEMPOTENCY_ACTIONS = List.of("dynamodb:DeleteItem", "dynamodb:GetItem",
            "dynamodb:PutItem", "dynamodb:UpdateItem");
    public static final int PURGE_TIMEOUT_SECONDS = 300;

    private final TableV2 idempotencyTable;
    private final Function function;
    private final Alias alias;
    private final Function purgeFunction;
    private final Rule purgeSchedule;

    public Worker(Construct scope, String id, WorkerProps props) {
        super(scope, id);
        this.idempotencyTable = TableV2.Builder.create(this, "IdempotencyTable")
                .partitionKey(Attribute.builder().name(IDEMPOTENCY_KEY).type(AttributeType.STRING).build())
                .billing(Billing.onDemand())
                .timeToLiveAttribute(IDEMPOTENCY_TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvNames.OPENSEARCH_ENDPOINT, props.searchEndpoint());
        env.put(EnvNames.OPENSEARCH_AUTH, "sigv4");
        env.put(EnvNames.OPENSEARCH_SIGNING_SERVICE, props.signingService().signingName());
        env.put(EnvNames.INDEX_MAP, props.indexMapValue());
        env.put(EnvNames.IDEMPOTENCY_TABLE, idempotencyTable.getTableName());
        env.put(EnvNames.TTL_DELETES, props.ttlDeletes());
        env.put(EnvNames.QUARANTINE, props.quarantine());
        env.put(EnvNames.TOMBSTONE_RETENTION_DAYS, Integer.toString(props.tombstoneRetentionDays()));
        env.put(EnvNames.POWERTOOLS_SERVICE_NAME, WorkerMetricNames.SERVICE);
        env.putAll(props.templateEnvironment());
        if (!props.shaping().isEmpty()) {
            env.put(EnvNames.DOCUMENT_SHAPING, props.shaping().toJson().toString());
        }
        this.function = JavaLambda.function(this, "Function",
                "ddbsync index-worker: change envelopes to version-guarded OpenSearch bulk writes",
                props.codePath(), HANDLER,
                new JavaLambda.Options(props.memoryMb(), props.timeoutSeconds(), props.snapStart(), props.tracing()), env,
                props.network());
        this.alias = JavaLambda.liveAlias(this, function);

        SqsEventSource.Builder source = SqsEventSource.Builder.create(props.changeQueue())
                .batchSize(props.batchSize())
                .reportBatchItemFailures(true);
        // Provisioned mode (dedicated pollers, for bursts and backfills) or, by default, a maximum
        // concurrency that protects the cluster: AWS allows one or the other.
        props.provisionedPollers().ifPresentOrElse(
                pollers -> source.provisionedPollerConfig(ProvisionedPollerConfig.builder()
                        .minimumPollers(pollers.minimum())
                        .maximumPollers(pollers.maximum())
                        .build()),
                () -> source.maxConcurrency(props.maxConcurrency()));
        if (props.batchingWindowSeconds() > 0) {
            source.maxBatchingWindow(Duration.seconds(props.batchingWindowSeconds()));
        }
        alias.addEventSource(source.build());

        JavaLambda.allowSourceTableReads(function, "ReadSourceItemsForFetch", SOURCE_TABLE_ACTIONS, props.sourceTableArns(), props.kmsKeyArns());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("IdempotencyRecords")
                .actions(IDEMPOTENCY_ACTIONS)
                .resources(List.of(idempotencyTable.getTableArn()))
                .build());
        SearchPaths paths = new SearchPaths(props.domainArn(), props.indexMap().values());
        if (serverless(props)) {
            function.addToRolePolicy(collectionAccess(props));
        } else {
            paths.workerStatements().forEach(function::addToRolePolicy);
        }

        Map<String, String> purgeEnv = new LinkedHashMap<>(env);
        purgeEnv.remove(EnvNames.IDEMPOTENCY_TABLE);
        purgeEnv.put(EnvNames.POWERTOOLS_SERVICE_NAME, EnvNames.PURGE_SERVICE);
        this.purgeFunction = JavaLambda.function(this, "PurgeFunction",
                "ddbsync tombstone purge: deletes tombstones older than TOMBSTONE_RETENTION_DAYS from this "
                        + "deployment's indexes (INDEX_MAP)",
                props.codePath(), PURGE_HANDLER, new JavaLambda.Options(512, PURGE_TIMEOUT_SECONDS, false, props.tracing()),
                purgeEnv, props.network());
        if (serverless(props)) {
            purgeFunction.addToRolePolicy(collectionAccess(props));
        } else {
            paths.purgeStatements().forEach(purgeFunction::addToRolePolicy);
        }
        this.purgeSchedule = Rule.Builder.create(this, "PurgeSchedule")
                .description("Daily tombstone purge")
                .schedule(Schedule.cron(CronOptions.builder()
                        .minute("17").hour(Integer.toString(props.purgeHourUtc())).build()))
                .targets(List.of(LambdaFunction.Builder.create(purgeFunction)
                        .retryAttempts(2)
                        .maxEventAge(Duration.hours(6))
                        .build()))
                .build();
    }

    private static boolean serverless(WorkerProps props) {
        return props.signingService() == SearchTargetConfig.SigningService.AOSS;
    }

    /**
     * An OpenSearch Serverless collection is reached through {@code aoss:APIAccessAll} on the collection; which
     * indexes a role may touch is the collection's data access policy (not created here: it names this role).
     */
    private static PolicyStatement collectionAccess(WorkerProps props) {
        return PolicyStatement.Builder.create().sid("OpenSearchServerlessCollection")
                .actions(List.of("aoss:APIAccessAll")).resources(List.of(props.domainArn())).build();
    }

    public TableV2 idempotencyTable() {
        return idempotencyTable;
    }

    public Function function() {
        return function;
    }

    /** The alias the SQS event source invokes. */
    public Alias alias() {
        return alias;
    }

    public Function purgeFunction() {
        return purgeFunction;
    }

    public Rule purgeSchedule() {
        return purgeSchedule;
    }
}

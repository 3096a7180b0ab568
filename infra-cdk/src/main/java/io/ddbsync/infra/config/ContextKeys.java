package io.ddbsync.infra.config;

/** The CDK context keys the app reads ({@code -c key=value} or the {@code context} block of cdk.json). */
public final class ContextKeys {

    /**
     * CloudFormation stack name. Required with existing tables (a second deployment must never
     * replace the first one's stream mappings); for the demo it is derived from the demo table.
     */
    public static final String STACK_NAME = "stackName";
    /**
     * The tables of one deployment, a JSON array (in cdk.json, or as a string with {@code -c}):
     * {@code [{"name":…,"streamArn":…,"index":…,"ttlDeletes":…,"template":{…},"kmsKeyArn":…,"shaping":[…],
     * "textAnalysis":…}]}.
     */
    public static final String TABLES = "tables";
    /** Existing source table name; its stream must be enabled (one-table shorthand of {@link #TABLES}). */
    public static final String TABLE_NAME = "tableName";
    /** Stream ARN of the existing table (required with {@link #TABLE_NAME}). */
    public static final String TABLE_STREAM_ARN = "tableStreamArn";
    /** Customer-managed KMS key of the existing table (one-table shorthand). */
    public static final String TABLE_KMS_KEY_ARN = "tableKmsKeyArn";
    /** Name of the demo table the stack creates when no existing table is given. */
    public static final String DEMO_TABLE_NAME = "demoTableName";
    /** Stream view of the demo table: NEW_IMAGE or NEW_AND_OLD_IMAGES. */
    public static final String DEMO_STREAM_VIEW = "demoStreamView";

    /**
     * The one table's shaping steps (a JSON array, {@code Shaping}'s form), the shorthand of a {@code tables} entry's
     * {@code shaping}: the worker's {@code DOCUMENT_SHAPING} for that table.
     */
    public static final String SHAPING = "shaping";

    /**
     * The one table's text analysis ({@code standard}, {@code cjk} or {@code korean}), the shorthand of a {@code tables}
     * entry's {@code textAnalysis}: the worker's {@code TEXT_ANALYSIS} for that table's index. {@code korean} needs the
     * domain's Nori Analysis plugin.
     */
    public static final String TEXT_ANALYSIS = "textAnalysis";

    /** Existing OpenSearch domain endpoint (host name or https URL). */
    public static final String OPENSEARCH_ENDPOINT = "openSearchEndpoint";
    /** Existing OpenSearch domain ARN (required with {@link #OPENSEARCH_ENDPOINT}). */
    public static final String OPENSEARCH_DOMAIN_ARN = "openSearchDomainArn";
    /** Data node instance type of a new domain. */
    public static final String OPENSEARCH_INSTANCE_TYPE = "openSearchInstanceType";
    /** Data node count of a new domain, or of an existing one (then the yellow-status alarm follows it). */
    public static final String OPENSEARCH_INSTANCE_COUNT = "openSearchInstanceCount";
    /** EBS volume size (GiB) per data node of a new domain. */
    public static final String OPENSEARCH_VOLUME_GIB = "openSearchVolumeGiB";

    /**
     * The SigV4 signing name of the existing target: {@code es} (an OpenSearch Service domain, the default) or
     * {@code aoss} (an OpenSearch Serverless collection; {@link #OPENSEARCH_DOMAIN_ARN} is then the collection's ARN).
     * Becomes the worker's {@code OPENSEARCH_SIGNING_SERVICE}.
     */
    public static final String OPENSEARCH_SIGNING_SERVICE = "openSearchSigningService";

    /** Whether an existing domain has dedicated master nodes (adds the master CPU/JVM alarms). */
    public static final String OPENSEARCH_DEDICATED_MASTERS = "openSearchDedicatedMasters";

    /** Existing VPC of a VPC-endpoint domain: the worker and purge Lambdas run in it. */
    public static final String VPC_ID = "vpcId";
    /** Private subnets (comma-separated) for the Lambdas; required with {@link #VPC_ID}. */
    public static final String VPC_SUBNET_IDS = "vpcSubnetIds";
    /** Extra security groups (comma-separated) for the Lambdas, e.g. one the domain admits. */
    public static final String VPC_SECURITY_GROUP_IDS = "vpcSecurityGroupIds";
    /** Route tables of those subnets: the stack adds a DynamoDB gateway endpoint to them. */
    public static final String VPC_ROUTE_TABLE_IDS = "vpcRouteTableIds";
    /** Demo only: put the new domain and the Lambdas in a new VPC. */
    public static final String DEMO_VPC = "demoVpc";
    /**
     * With {@link #DEMO_VPC}: an instance in the new VPC that operators reach with Session Manager and
     * port-forward through to the domain, so the runbook's commands can reach it.
     */
    public static final String BASTION = "bastion";

    /** Table to index map, {@code Table=index,…}. */
    public static final String INDEX_MAP = "indexMap";
    /** E-mail address subscribed to the alarm topic. */
    public static final String ALARM_EMAIL = "alarmEmail";

    public static final String FORWARDER_BATCH_SIZE = "forwarderBatchSize";
    public static final String FORWARDER_BATCHING_WINDOW_SECONDS = "forwarderBatchingWindowSeconds";
    public static final String PARALLELIZATION_FACTOR = "parallelizationFactor";
    public static final String FORWARDER_RETRY_ATTEMPTS = "forwarderRetryAttempts";
    public static final String FORWARDER_MAX_RECORD_AGE_SECONDS = "forwarderMaxRecordAgeSeconds";
    public static final String FORWARDER_MEMORY_MB = "forwarderMemoryMb";
    public static final String FORWARDER_TIMEOUT_SECONDS = "forwarderTimeoutSeconds";
    public static final String WORKER_BATCH_SIZE = "workerBatchSize";
    public static final String WORKER_BATCHING_WINDOW_SECONDS = "workerBatchingWindowSeconds";
    public static final String WORKER_MAX_CONCURRENCY = "workerMaxConcurrency";
    /**
     * Provisioned mode of the worker's SQS event source mapping: MinimumPollers and MaximumPollers
     * (either turns it on; the other takes AWS's default). Excludes {@link #WORKER_MAX_CONCURRENCY}.
     */
    public static final String WORKER_MINIMUM_POLLERS = "workerMinimumPollers";
    public static final String WORKER_MAXIMUM_POLLERS = "workerMaximumPollers";
    public static final String WORKER_MEMORY_MB = "workerMemoryMb";
    public static final String WORKER_TIMEOUT_SECONDS = "workerTimeoutSeconds";
    public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";
    public static final String MAX_RECEIVE_COUNT = "maxReceiveCount";
    public static final String TTL_DELETES = "ttlDeletes";
    /** {@code on} (default) or {@code off}: the worker quarantines fields the mapping refuses; per table in {@link #TABLES}. */
    public static final String QUARANTINE = "quarantine";
    public static final String TOMBSTONE_RETENTION_DAYS = "tombstoneRetentionDays";
    public static final String PURGE_HOUR_UTC = "purgeHourUtc";
    public static final String SNAP_START = "snapStart";
    /** X-Ray active tracing on every function (Lambda's segments: initialization or restore, invocation). */
    public static final String TRACING = "tracing";

    /**
     * On-failure destination of the stream mappings: {@code s3} (default; the failure bucket keeps the whole invocation
     * record) or {@code sqs} (the stream-failure queue keeps metadata only, as before).
     */
    public static final String STREAM_FAILURE_DESTINATION = "streamFailureDestination";
    /** Days the failure bucket keeps a failure record (S3 destination). */
    public static final String FAILURE_RECORD_RETENTION_DAYS = "failureRecordRetentionDays";
    /** Timeout of the backfill function (the backfill queue's visibility timeout is six times it). */
    public static final String BACKFILL_TIMEOUT_SECONDS = "backfillTimeoutSeconds";
    /** Days the export bucket keeps a table export. */
    public static final String EXPORT_RETENTION_DAYS = "exportRetentionDays";
    /**
     * Maximum concurrency of the backfill function's SQS event source mapping (2–1000): how many Scan segments run at
     * once.
     */
    public static final String BACKFILL_MAX_CONCURRENCY = "backfillMaxConcurrency";
    /** Memory of the backfill function (MB). */
    public static final String BACKFILL_MEMORY_MB = "backfillMemoryMb";

    public static final String ITERATOR_AGE_ALARM_SECONDS = "iteratorAgeAlarmSeconds";
    public static final String OLDEST_MESSAGE_ALARM_SECONDS = "oldestMessageAlarmSeconds";
    public static final String WORKER_ERROR_RATE_ALARM_PERCENT = "workerErrorRateAlarmPercent";

    /** Path of the stream-forwarder Lambda jar. */
    public static final String FORWARDER_JAR = "forwarderJar";
    /** Path of the index-worker Lambda jar. */
    public static final String WORKER_JAR = "workerJar";
    /** Path of the backfill-worker Lambda jar. */
    public static final String BACKFILL_JAR = "backfillJar";

    private ContextKeys() {
    }
}

package io.ddbsync.infra;

import static io.ddbsync.infra.TemplateSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.infra.constructs.Backfill;
import io.ddbsync.infra.constructs.Forwarder;
import io.ddbsync.infra.constructs.Worker;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The default deployment: a demo table and a new OpenSearch domain, default tuning, an alarm
 * e-mail. One synthesis for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdbSyncStackTest {

    private static final String QUEUE = "AWS::SQS::Queue";
    private static final String ESM = "AWS::Lambda::EventSourceMapping";
    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String ALARM = "AWS::CloudWatch::Alarm";
    private static final String BUCKET = "AWS::S3::Bucket";
    private static final int FOURTEEN_DAYS = 14 * 24 * 3600;

    private DdbSyncStack stack;
    private Template template;
    private String changeQueue;
    private String deadLetterQueue;
    private String backfillQueue;
    private String backfillDeadLetterQueue;
    private String failureBucket;
    private String exportBucket;
    private String demoTable;
    private String domain;
    private String idempotencyTable;
    private String topic;

    @BeforeAll
    void synthesize() {
        App app = App.Builder.create().context(Map.of("alarmEmail", "ops@example.com")).build();
        stack = DdbSyncApp.createStack(app);
        template = Template.fromStack(stack);
        changeQueue = logicalId(template, QUEUE, Map.of("QueueName", "ddbsync-demo-changes"));
        deadLetterQueue = deadLetterQueueOf(template, changeQueue);
        backfillQueue = logicalId(template, QUEUE, Map.of("QueueName", "ddbsync-demo-backfill"));
        backfillDeadLetterQueue = deadLetterQueueOf(template, backfillQueue);
        failureBucket = logicalId(template, BUCKET, Map.of("MetricsConfigurations", Match.anyValue()));
        exportBucket = logicalId(template, BUCKET, Map.of("MetricsConfigurations", Match.absent()));
        demoTable = logicalId(template, "AWS::DynamoDB::GlobalTable", Map.of("TableName", "ddbsync-demo"));
        idempotencyTable = logicalId(template, "AWS::DynamoDB::GlobalTable", Map.of("TimeToLiveSpecification",
                Map.of("AttributeName", "expiration", "Enabled", true)));
        domain = logicalId(template, "AWS::OpenSearchService::Domain", Map.of());
        topic = logicalId(template, "AWS::SNS::Topic", Map.of());
    }

    @Test
    void changeQueue_defaults_visibilitySixTimesWorkerTimeoutSizeAndRedriveToDlq() {
        template.hasResourceProperties(QUEUE, Map.of(
                "QueueName", "ddbsync-demo-changes",
                "VisibilityTimeout", 6 * 60 + 1,
                // SQS's and Lambda's SQS mapping's 1 MiB since 2025 (ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES)
                "MaximumMessageSize", 1_048_576,
                "MessageRetentionPeriod", 4 * 24 * 3600,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of(
                        "deadLetterTargetArn", getAtt(deadLetterQueue, "Arn"),
                        "maxReceiveCount", 5)));
    }

    @Test
    void deadLetterQueue_defaults_fourteenDaysAndRedriveOnlyFromChangeQueue() {
        Capture source = new Capture();
        template.hasResourceProperties(QUEUE, Map.of(
                "MessageRetentionPeriod", FOURTEEN_DAYS,
                "MaximumMessageSize", 1_048_576,
                "SqsManagedSseEnabled", true,
                "RedriveAllowPolicy", Map.of(
                        "redrivePermission", "byQueue",
                        "sourceQueueArns", List.of(source))));
        assertThat(flatten(source.asObject()))
                .isEqualTo("arn:{Ref=AWS::Partition}:sqs:{Ref=AWS::Region}:{Ref=AWS::AccountId}:ddbsync-demo-changes");
    }

    @Test
    void streamFailureQueue_s3Destination_notCreated() {
        // Every queue of an S3-destination stack is a source with a DLQ or a DLQ taking redrives: no stream-failure queue.
        assertThat(template.findResources(QUEUE, Map.of("Properties", Match.objectLike(Map.of(
                "RedrivePolicy", Match.absent(), "RedriveAllowPolicy", Match.absent()))))).isEmpty();
        assertThat(List.of(changeQueue, deadLetterQueue, backfillQueue, backfillDeadLetterQueue)).doesNotHaveDuplicates();
    }

    @Test
    void failureBucket_default_encryptedTlsOnlyPrivateRetainedAndExpiringAfter30Days() {
        template.hasResource(BUCKET, Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                // the records Lambda writes, and those replay-stream-failures moved under replayed/: both expire
                "Properties", Match.objectLike(privateBucket(List.of("aws/lambda/", "replayed/"), 30, Map.of(
                        "MetricsConfigurations", List.of(Map.of("Id", "FailureRecords", "Prefix", "aws/lambda/")))))));
        bucketDeniesRequestsWithoutTls(failureBucket);
    }

    @Test
    void exportBucket_default_encryptedTlsOnlyPrivateRetainedAndExpiringAfter7Days() {
        template.hasResource(BUCKET, Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(privateBucket("exports/", 7, Map.of("MetricsConfigurations", Match.absent())))));
        bucketDeniesRequestsWithoutTls(exportBucket);
        assertThat(exportBucket).isNotEqualTo(failureBucket);
    }

    /** What every ddbsync bucket is: SSE-S3, every public access blocked, ACLs off, no versioning, two lifecycle rules. */
    private static Map<String, Object> privateBucket(String prefix, int days, Map<String, Object> more) {
        return privateBucket(List.of(prefix), days, more);
    }

    /** As above, with a lifecycle rule expiring each of {@code prefixes}, in order, before the upload rule. */
    private static Map<String, Object> privateBucket(List<String> prefixes, int days, Map<String, Object> more) {
        List<Object> rules = new ArrayList<>();
        for (String prefix : prefixes) {
            rules.add(Map.of("Id", "Expire-" + prefix.replace("/", ""), "Prefix", prefix, "ExpirationInDays", days,
                    "Status", "Enabled"));
        }
        rules.add(Map.of("Id", "AbortIncompleteUploads", "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1),
                "Status", "Enabled"));
        Map<String, Object> properties = new java.util.LinkedHashMap<>(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))),
                "VersioningConfiguration", Match.absent(),
                "LifecycleConfiguration", Map.of("Rules", rules)));
        properties.putAll(more);
        return properties;
    }

    private void bucketDeniesRequestsWithoutTls(String bucket) {
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", ref(bucket),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void backfillQueue_defaults_visibilitySixTimesBackfillTimeoutSevenDaysRedriveToItsDlq() {
        template.hasResourceProperties(QUEUE, Map.of(
                "QueueName", "ddbsync-demo-backfill",
                "VisibilityTimeout", 6 * 120,
                "MessageRetentionPeriod", 7 * 24 * 3600,
                "MaximumMessageSize", 262_144,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of("deadLetterTargetArn", getAtt(backfillDeadLetterQueue, "Arn"), "maxReceiveCount", 5)));
        assertThat(backfillDeadLetterQueue).isNotEqualTo(deadLetterQueue);
    }

    @Test
    void backfillDeadLetterQueue_defaults_keepsLongerThanItsSourceAndTakesRedrivesFromItOnly() {
        Capture source = new Capture();
        template.hasResourceProperties(QUEUE, Map.of(
                "MessageRetentionPeriod", FOURTEEN_DAYS,
                "MaximumMessageSize", 262_144,
                "SqsManagedSseEnabled", true,
                "RedriveAllowPolicy", Map.of("redrivePermission", "byQueue", "sourceQueueArns", List.of(source))));
        assertThat(flatten(source.asObject()))
                .isEqualTo("arn:{Ref=AWS::Partition}:sqs:{Ref=AWS::Region}:{Ref=AWS::AccountId}:ddbsync-demo-backfill");
        assertThat(propertiesOf(template, backfillDeadLetterQueue).get("MessageRetentionPeriod")).isEqualTo(FOURTEEN_DAYS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void exportPolicy_managed_exportOfSourceTablesIntoExportsPrefixAndReadingItBack() {
        String exports = "{Fn::GetAtt=[" + exportBucket + ", Arn]}/exports/*";
        Capture statements = new Capture();
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of(
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", statements),
                "Roles", Match.absent(), "Users", Match.absent(), "Groups", Match.absent()));
        List<Map<String, Object>> list = (List<Map<String, Object>>) (List<?>) statements.asArray();
        assertThat(list).extracting(st -> st.get("Sid")).containsExactly("ExportSourceTables", "DescribeExports",
                "WriteExports", "ReadExports", "ListExports");
        assertThat(list.get(0)).isEqualTo(Map.of("Sid", "ExportSourceTables", "Effect", "Allow",
                "Action", "dynamodb:ExportTableToPointInTime", "Resource", getAtt(demoTable, "Arn")));
        assertThat(list.get(1).get("Action")).isEqualTo("dynamodb:DescribeExport");
        assertThat(flatten(list.get(1).get("Resource"))).isEqualTo("{Fn::GetAtt=[" + demoTable + ", Arn]}/export/*");
        assertThat(list.get(2).get("Action")).isEqualTo(List.of("s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl"));
        assertThat(flatten(list.get(2).get("Resource"))).isEqualTo(exports);
        assertThat(list.get(3).get("Action")).isEqualTo("s3:GetObject");
        assertThat(flatten(list.get(3).get("Resource"))).isEqualTo(exports);
        assertThat(list.get(4)).isEqualTo(Map.of("Sid", "ListExports", "Effect", "Allow", "Action", "s3:ListBucket",
                "Resource", getAtt(exportBucket, "Arn"),
                "Condition", Map.of("StringLike", Map.of("s3:prefix", "exports/*"))));
    }

    @Test
    void queues_all_denyRequestsWithoutTls() {
        for (String queue : List.of(changeQueue, deadLetterQueue, backfillQueue, backfillDeadLetterQueue)) {
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                    "Queues", List.of(ref(queue)),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        }
    }

    @Test
    void forwarderFunction_defaults_java25Arm64SnapStartAndQueueEnvironment() {
        template.hasResourceProperties(FUNCTION, Map.of(
                "Handler", Forwarder.HANDLER,
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "MemorySize", 512,
                "Timeout", 60,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Match.absent(),
                "Environment", Map.of("Variables", Map.of(
                        "CHANGE_QUEUE_URL", ref(changeQueue),
                        "MAX_MESSAGE_BYTES", "1048576",
                        // Powertools Logging's "service" field: the same name as the metrics' Service dimension
                        "POWERTOOLS_SERVICE_NAME", ForwarderMetricNames.SERVICE))));
    }

    @Test
    void forwarderEventSource_defaults_trimHorizonBatch500BisectPartialFailuresFiniteRetriesOnFailureQueue() {
        Capture functionName = new Capture();
        template.hasResourceProperties(ESM, props(
                "EventSourceArn", getAtt(demoTable, "StreamArn"),
                "StartingPosition", "TRIM_HORIZON",
                // the stream-forwarder README's advice and ddbsync local's setting (DdbSyncSettings.DEFAULT_FORWARDER_BATCH_SIZE)
                "BatchSize", 500,
                "MaximumBatchingWindowInSeconds", 1,
                "ParallelizationFactor", 1,
                "BisectBatchOnFunctionError", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRetryAttempts", 10,
                "MaximumRecordAgeInSeconds", 6 * 3600,
                // the failure bucket: Lambda writes the whole invocation record there
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", getAtt(failureBucket, "Arn"))),
                "FunctionName", functionName));
        assertThat(flatten(functionName.asObject())).endsWith(":live");
    }

    @Test
    void workerEventSource_defaults_partialFailuresBatchWindowAndMaxConcurrency() {
        Capture functionName = new Capture();
        template.hasResourceProperties(ESM, Map.of(
                "EventSourceArn", getAtt(changeQueue, "Arn"),
                "BatchSize", 10,
                "MaximumBatchingWindowInSeconds", 1,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 5),
                "ProvisionedPollerConfig", Match.absent(),
                "FunctionName", functionName));
        assertThat(flatten(functionName.asObject())).endsWith(":live");
    }

    @Test
    void backfillFunction_defaults_java25Arm64SnapStartOutsideVpcWithTheVariablesBackfillConfigReads() {
        template.hasResourceProperties(FUNCTION, props(
                "Handler", Backfill.HANDLER,
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "MemorySize", 1024,
                "Timeout", 120,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Match.absent(),
                // it calls DynamoDB, SQS and S3 only, never OpenSearch
                "VpcConfig", Match.absent(),
                "Environment", Map.of("Variables", Map.of(
                        "CHANGE_QUEUE_URL", ref(changeQueue),
                        "MAX_MESSAGE_BYTES", "1048576",
                        "BACKFILL_QUEUE_URL", ref(backfillQueue),
                        "BACKFILL_BUCKET", ref(exportBucket),
                        "POWERTOOLS_SERVICE_NAME", "backfill-worker"))));
    }

    @Test
    void backfillQueue_visibilityTimeout_sixTimesTheBackfillFunctionsTimeout() {
        // AWS's advice for an SQS event source: visibility at least six times the function timeout, so a work item
        // being scanned is not handed to a second invocation while the first one may still run.
        Capture timeout = new Capture();
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Backfill.HANDLER, "Timeout", timeout));
        assertThat(propertiesOf(template, backfillQueue).get("VisibilityTimeout")).isEqualTo(6 * timeout.asNumber().intValue());
    }

    @Test
    void backfillEventSource_defaults_oneWorkItemPerInvocationPartialFailuresMaximumConcurrencyTwo() {
        Capture functionName = new Capture();
        template.hasResourceProperties(ESM, props(
                "EventSourceArn", getAtt(backfillQueue, "Arn"),
                "BatchSize", 1,
                "MaximumBatchingWindowInSeconds", Match.absent(),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 2),
                "ProvisionedPollerConfig", Match.absent(),
                "FunctionName", functionName));
        String alias = logicalId(template, "AWS::Lambda::Alias", Map.of("FunctionName",
                ref(logicalId(template, FUNCTION, Map.of("Handler", Backfill.HANDLER)))));
        assertThat(flatten(functionName.asObject())).isEqualTo(
                "{Fn::Select=[6, {Fn::Split=[:, {Ref=" + alias + "}]}]}:live");
    }

    @Test
    void backfillPolicy_leastPrivilege_scanSourceTablesBothQueuesRunStateAndExports() {
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Backfill.HANDLER));
        assertThat(statements).containsExactlyInAnyOrder(
                ownLogGroup(Backfill.HANDLER),
                // what the SQS event source mapping needs to consume the backfill queue
                Map.of("Action", List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                                "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                        "Effect", "Allow", "Resource", getAtt(backfillQueue, "Arn")),
                Map.of("Sid", "ScanSourceTables", "Action", List.of("dynamodb:DescribeTable", "dynamodb:Scan"),
                        "Effect", "Allow", "Resource", getAtt(demoTable, "Arn")),
                // the scanned pages, and the work item's continuation
                Map.of("Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        "Effect", "Allow", "Resource", getAtt(changeQueue, "Arn")),
                Map.of("Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        "Effect", "Allow", "Resource", getAtt(backfillQueue, "Arn")),
                Map.of("Sid", "RunState", "Action", List.of("s3:GetObject", "s3:PutObject"), "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of(getAtt(exportBucket, "Arn"), "/backfills/*")))),
                Map.of("Sid", "ReadExports", "Action", "s3:GetObject", "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of(getAtt(exportBucket, "Arn"), "/exports/*")))),
                // without it S3 answers a missing key with 403, not 404
                Map.of("Sid", "ListBackfillBucket", "Action", "s3:ListBucket", "Effect", "Allow",
                        "Resource", getAtt(exportBucket, "Arn")));
    }

    @Test
    void liveAliases_snapStart_pointAtPublishedVersions() {
        Map<String, Map<String, Object>> aliases = template.findResources("AWS::Lambda::Alias",
                Map.of("Properties", Match.objectLike(Map.of(
                        "Name", "live",
                        "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(".*CurrentVersion.*"), "Version"))))));
        assertThat(aliases.keySet()).hasSize(3)
                .allMatch(id -> id.startsWith("Forwarder") || id.startsWith("Worker") || id.startsWith("Backfill"));
    }

    @Test
    void workerFunction_defaults_environmentNamesEveryWorkerSetting() {
        Capture endpoint = new Capture();
        template.hasResourceProperties(FUNCTION, Map.of(
                "Handler", Worker.HANDLER,
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "MemorySize", 1024,
                "Timeout", 60,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Map.of(
                        "OPENSEARCH_ENDPOINT", endpoint,
                        "OPENSEARCH_AUTH", "sigv4",
                        "INDEX_MAP", "ddbsync-demo=ddbsync-demo",
                        "IDEMPOTENCY_TABLE", ref(idempotencyTable),
                        "TTL_DELETES", "delete",
                        "QUARANTINE", "on",
                        "TOMBSTONE_RETENTION_DAYS", "15",
                        "POWERTOOLS_SERVICE_NAME", WorkerMetricNames.SERVICE,
                        // One data node: no replicas, so the demo's indexes can be green.
                        "INDEX_TEMPLATES", "{\"ddbsync-demo\":{\"settings\":{\"number_of_replicas\":0}}}"))));
        assertThat(flatten(endpoint.asObject())).isEqualTo("https://{Fn::GetAtt=[" + domain + ", DomainEndpoint]}");
    }

    @Test
    void purgeFunction_daily_scheduledWithSearchEnvironmentOnly() {
        Capture variables = new Capture();
        template.hasResourceProperties(FUNCTION, Map.of(
                "Handler", Worker.PURGE_HANDLER,
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Environment", Map.of("Variables", variables)));
        assertThat(variables.asObject()).containsKeys("OPENSEARCH_ENDPOINT", "OPENSEARCH_AUTH", "INDEX_MAP",
                "TOMBSTONE_RETENTION_DAYS").doesNotContainKey("IDEMPOTENCY_TABLE");
        assertThat(variables.asObject()).containsEntry("POWERTOOLS_SERVICE_NAME", "tombstone-purge");
        String purgeFunction = logicalId(template, FUNCTION, Map.of("Handler", Worker.PURGE_HANDLER));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(17 3 * * ? *)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", getAtt(purgeFunction, "Arn"),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 6 * 3600))))));
    }

    @Test
    void idempotencyTable_defaults_onDemandTtlExpirationAndPointInTimeRecovery() {
        template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "id", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "TimeToLiveSpecification", Map.of("AttributeName", "expiration", "Enabled", true),
                "Replicas", List.of(Match.objectLike(Map.of("PointInTimeRecoverySpecification",
                        Map.of("PointInTimeRecoveryEnabled", true))))));
    }

    @Test
    void demoTable_noExistingTable_createdWithNewImageStream() {
        template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "TableName", "ddbsync-demo",
                "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE")));
    }

    @Test
    void forwarderPolicy_leastPrivilege_streamOfSourceTableChangeQueueAndFailureRecordsOnly() {
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Forwarder.HANDLER));
        assertThat(statements).containsExactlyInAnyOrder(
                ownLogGroup(Forwarder.HANDLER),
                Map.of("Action", "dynamodb:ListStreams", "Effect", "Allow", "Resource", "*"),
                Map.of("Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                        "Effect", "Allow", "Resource", getAtt(demoTable, "StreamArn")),
                Map.of("Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        "Effect", "Allow", "Resource", getAtt(changeQueue, "Arn")),
                // what Lambda needs for an S3 destination (s3:PutObject, s3:ListBucket), PutObject under aws/lambda/ only
                Map.of("Sid", "WriteFailureRecords", "Action", "s3:PutObject", "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of(getAtt(failureBucket, "Arn"), "/aws/lambda/*")))),
                Map.of("Sid", "ListFailureBucket", "Action", "s3:ListBucket", "Effect", "Allow",
                        "Resource", getAtt(failureBucket, "Arn")));
    }

    @Test
    void workerPolicy_leastPrivilege_queueSourceItemsIdempotencyAndDomainPaths() {
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Worker.HANDLER));
        assertThat(statements).containsExactlyInAnyOrder(
                ownLogGroup(Worker.HANDLER),
                Map.of("Action", List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                                "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                        "Effect", "Allow", "Resource", getAtt(changeQueue, "Arn")),
                Map.of("Sid", "ReadSourceItemsForFetch", "Action", List.of("dynamodb:BatchGetItem", "dynamodb:GetItem"),
                        "Effect", "Allow", "Resource", getAtt(demoTable, "Arn")),
                Map.of("Sid", "IdempotencyRecords", "Action", List.of("dynamodb:DeleteItem", "dynamodb:GetItem",
                                "dynamodb:PutItem", "dynamodb:UpdateItem"),
                        "Effect", "Allow", "Resource", getAtt(idempotencyTable, "Arn")),
                domainPath("OpenSearchBootstrap", "es:ESHttpPut",
                        "_index_template/ddbsync-ddbsync-demo", "ddbsync-demo_v*"),
                domainPath("OpenSearchWriteAliases", List.of("es:ESHttpGet", "es:ESHttpHead"), "_alias/ddbsync-demo_write",
                        "_alias/ddbsync-demo_reindex"),
                domainPath("OpenSearchBulkAndAliases", "es:ESHttpPost", "_bulk", "_aliases", "ddbsync-demo_write/_bulk",
                        "ddbsync-demo_write/_mget", "ddbsync-demo_reindex/_bulk", "ddbsync-demo_reindex/_mget"));
    }

    @Test
    void purgePolicy_leastPrivilege_deleteByQueryOnOwnWriteAliasOnly() {
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Worker.PURGE_HANDLER));
        assertThat(statements).containsExactlyInAnyOrder(
                ownLogGroup(Worker.PURGE_HANDLER),
                domainPath("OpenSearchDeleteTombstones", "es:ESHttpPost", "ddbsync-demo_write/_delete_by_query"));
    }

    /** An IAM statement on paths of the new domain: {@code <domain ARN>/<path>}. */
    private Map<String, Object> domainPath(String sid, Object actions, String... paths) {
        List<Object> resources = new ArrayList<>();
        for (String path : paths) {
            resources.add(Map.of("Fn::Join", List.of("", List.of(getAtt(domain, "Arn"), "/" + path))));
        }
        return Map.of("Sid", sid, "Action", actions, "Effect", "Allow",
                "Resource", resources.size() == 1 ? resources.get(0) : resources);
    }

    /** The statement letting a function write to its own log group, and only that one. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> ownLogGroup(String handler) {
        Map<String, Object> function = template.findResources(FUNCTION, Map.of("Properties",
                Match.objectLike(Map.of("Handler", handler)))).values().iterator().next();
        Map<String, Object> loggingConfig = (Map<String, Object>) ((Map<String, Object>) function.get("Properties"))
                .get("LoggingConfig");
        String logGroup = (String) ((Map<String, Object>) loggingConfig.get("LogGroup")).get("Ref");
        return Map.of("Sid", "OwnLogGroup", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Effect", "Allow", "Resource", getAtt(logGroup, "Arn"));
    }

    @Test
    void lambdaRoles_all_assumedByLambdaWithoutManagedPolicies() {
        for (String handler : List.of(Forwarder.HANDLER, Worker.HANDLER, Worker.PURGE_HANDLER, Backfill.HANDLER)) {
            String role = roleOfFunction(template, handler);
            assertThat(template.findResources("AWS::IAM::Role", Map.of("Properties", Match.objectLike(Map.of(
                    "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                            "Action", "sts:AssumeRole",
                            "Principal", Map.of("Service", "lambda.amazonaws.com")))))),
                    "ManagedPolicyArns", Match.absent()))))).containsKey(role);
        }
    }

    @Test
    void searchDomain_new_opensearch219EncryptedHttpsTls12DevSized() {
        template.hasResourceProperties("AWS::OpenSearchService::Domain", Map.of(
                "EngineVersion", "OpenSearch_2.19",
                "EncryptionAtRestOptions", Map.of("Enabled", true),
                "NodeToNodeEncryptionOptions", Map.of("Enabled", true),
                "DomainEndpointOptions", Map.of("EnforceHTTPS", true, "TLSSecurityPolicy", "Policy-Min-TLS-1-2-PFS-2023-10"),
                "ClusterConfig", Match.objectLike(Map.of(
                        "InstanceType", "t3.small.search",
                        "InstanceCount", 1,
                        "DedicatedMasterEnabled", false,
                        "ZoneAwarenessEnabled", false)),
                "EBSOptions", Map.of("EBSEnabled", true, "VolumeSize", 10, "VolumeType", "gp3"),
                "AccessPolicies", Map.of("Version", "2012-10-17", "Statement", List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Action", "es:ESHttp*",
                        "Principal", Map.of("AWS", Map.of("Fn::Join", List.of("", List.of("arn:", ref("AWS::Partition"),
                                ":iam::", ref("AWS::AccountId"), ":root")))))))),
                "LogPublishingOptions", Map.of(
                        "SEARCH_SLOW_LOGS", Match.objectLike(Map.of("Enabled", true)),
                        "INDEX_SLOW_LOGS", Match.objectLike(Map.of("Enabled", true)),
                        "ES_APPLICATION_LOGS", Match.objectLike(Map.of("Enabled", true)))));
    }

    @Test
    void deadLetterAlarm_anyMessage_notifiesTopic() {
        queueDepthAlarm(deadLetterQueue);
    }

    @Test
    void backfillDeadLetterAlarm_anyMessage_notifiesTopic() {
        queueDepthAlarm(backfillDeadLetterQueue);
        template.hasResourceProperties(ALARM, Map.of(
                "AlarmName", "ddbsync-demo-BackfillDeadLetterQueueNotEmpty",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(backfillDeadLetterQueue, "QueueName")))));
    }

    @Test
    void failureRecordsAlarm_anyRecordWrittenUnderAwsLambda_notifiesTopic() {
        // S3 request metrics of the bucket's aws/lambda/ filter: one PUT is one batch Lambda gave up on
        template.hasResourceProperties(ALARM, props(
                "AlarmName", "ddbsync-demo-StreamFailureRecordsWritten",
                "Namespace", "AWS/S3",
                "MetricName", "PutRequests",
                "Dimensions", List.of(Map.of("Name", "BucketName", "Value", ref(failureBucket)),
                        Map.of("Name", "FilterId", "Value", "FailureRecords")),
                "Statistic", "Sum",
                "Period", 60,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "EvaluationPeriods", 1,
                "TreatMissingData", "notBreaching",
                "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic))));
        assertThat(template.findResources(ALARM, Map.of("Properties", Match.objectLike(Map.of(
                "AlarmName", "ddbsync-demo-StreamFailureQueueNotEmpty"))))).isEmpty();
    }

    private void queueDepthAlarm(String queue) {
        template.hasResourceProperties(ALARM, props(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(queue, "QueueName"))),
                "Statistic", "Maximum",
                "Period", 60,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "EvaluationPeriods", 1,
                "TreatMissingData", "notBreaching",
                "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic))));
    }

    @Test
    void iteratorAgeAlarm_default_fiveMinutesOfAgeAboveThreshold() {
        String forwarder = logicalId(template, FUNCTION, Map.of("Handler", Forwarder.HANDLER));
        template.hasResourceProperties(ALARM, props(
                "Namespace", "AWS/Lambda",
                "MetricName", "IteratorAge",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(forwarder))),
                "Statistic", "Maximum",
                "Period", 60,
                "Threshold", 300_000,
                "ComparisonOperator", "GreaterThanThreshold",
                "EvaluationPeriods", 5,
                "DatapointsToAlarm", 5,
                "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic))));
    }

    @Test
    void oldestMessageAlarm_default_changeQueueAgeAboveFifteenMinutes() {
        template.hasResourceProperties(ALARM, Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateAgeOfOldestMessage",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(changeQueue, "QueueName"))),
                "Statistic", "Maximum",
                "Threshold", 900,
                "ComparisonOperator", "GreaterThanThreshold",
                "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic))));
    }

    @Test
    void workerErrorRateAlarm_default_errorsOverInvocationsAboveFivePercent() {
        String worker = logicalId(template, FUNCTION, Map.of("Handler", Worker.HANDLER));
        template.hasResourceProperties(ALARM, Map.of(
                "Threshold", 5,
                "ComparisonOperator", "GreaterThanThreshold",
                "EvaluationPeriods", 3,
                "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic)),
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "IF(invocations > 0, 100 * errors / invocations, 0)")),
                        Match.objectLike(Map.of("Id", "errors", "MetricStat", Match.objectLike(Map.of(
                                "Metric", Map.of("Namespace", "AWS/Lambda", "MetricName", "Errors",
                                        "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(worker)))),
                                "Stat", "Sum")))),
                        Match.objectLike(Map.of("Id", "invocations", "MetricStat", Match.objectLike(Map.of(
                                "Metric", Map.of("Namespace", "AWS/Lambda", "MetricName", "Invocations",
                                        "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(worker)))),
                                "Stat", "Sum"))))))));
    }

    @Test
    void clusterAlarms_newDomain_redStatusAndWriteRejections() {
        List<Map<String, Object>> dims = List.of(
                Map.of("Name", "ClientId", "Value", ref("AWS::AccountId")),
                Map.of("Name", "DomainName", "Value", ref(domain)));
        template.hasResourceProperties(ALARM, Map.of(
                "Namespace", "AWS/ES", "MetricName", "ClusterStatus.red", "Dimensions", dims,
                "Statistic", "Maximum", "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "EvaluationPeriods", 1, "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic))));
        template.hasResourceProperties(ALARM, Map.of(
                "Namespace", "AWS/ES", "MetricName", "ThreadpoolWriteRejected", "Dimensions", dims,
                "Statistic", "Sum", "Period", 300, "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "EvaluationPeriods", 2, "AlarmActions", List.of(ref(topic)), "OKActions", List.of(ref(topic))));
    }

    @Test
    void alarmTopic_email_encryptedTopicWithSubscription() {
        String key = logicalId(template, "AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", getAtt(key, "Arn")));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "ops@example.com", "TopicArn", ref(topic)));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com")))))))));
    }

    @Test
    void dashboard_body_namesEveryOperatorMetric() {
        Capture body = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of(
                "DashboardName", "ddbsync-demo-dashboard", "DashboardBody", body));
        String text = flatten(body.asObject());
        for (String metric : List.of("\"IteratorAge\"", "\"Invocations\"", "\"Errors\"", "\"Throttles\"",
                "\"Duration\"", "\"ConcurrentExecutions\"", "\"ApproximateNumberOfMessagesVisible\"",
                "\"ApproximateAgeOfOldestMessage\"", "\"ClusterStatus.red\"", "\"CPUUtilization\"",
                "\"JVMMemoryPressure\"", "\"ThreadpoolWriteRejected\"")) {
            assertThat(text).as("dashboard names %s", metric).contains(metric);
        }
        assertThat(text).contains("[\"ddbsync\",\"RecordsForwarded\",\"Service\",\"stream-forwarder\",\"Table\",\"ddbsync-demo\"");
        for (String metric : List.of(WorkerMetricNames.DOCUMENTS_UPSERTED, WorkerMetricNames.DOCUMENTS_DELETED,
                WorkerMetricNames.STALE_SKIPPED, WorkerMetricNames.RECORDS_FAILED, WorkerMetricNames.END_TO_END_LAG_MS)) {
            assertThat(text).as("dashboard names %s", metric)
                    .contains("[\"ddbsync\",\"" + metric + "\",\"Service\",\"index-worker\",\"Table\",\"ddbsync-demo\"");
        }
        assertThat(text).contains("\"label\":\"EndToEndLagMs (p50)\"", "\"stat\":\"p50\"",
                "\"label\":\"EndToEndLagMs (p99)\"", "\"stat\":\"p99\"");
        assertThat(text).contains("\"type\":\"alarm\"");
    }

    @Test
    void dashboard_backfillRow_queueBacklogAgeAndTheFunctionsOwnMetrics() {
        Capture body = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardBody", body));
        String text = flatten(body.asObject());
        String backfill = logicalId(template, FUNCTION, Map.of("Handler", Backfill.HANDLER));
        String queueName = "{Fn::GetAtt=[" + backfillQueue + ", QueueName]}";
        for (String metric : List.of("ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible",
                "ApproximateAgeOfOldestMessage")) {
            assertThat(text).as("backfill queue's %s", metric)
                    .contains("[\"AWS/SQS\",\"" + metric + "\",\"QueueName\",\"" + queueName + "\"");
        }
        assertThat(text).contains("[\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\",\"QueueName\",\"{Fn::GetAtt=["
                + backfillDeadLetterQueue + ", QueueName]}\"");
        for (String metric : List.of("Invocations", "Errors", "Throttles", "ConcurrentExecutions", "Duration")) {
            assertThat(text).as("backfill function's %s", metric)
                    .contains("[\"AWS/Lambda\",\"" + metric + "\",\"FunctionName\",\"{Ref=" + backfill + "}\"");
        }
        assertThat(text).contains("\"title\":\"Backfill work items: waiting, in flight, dead-lettered\"",
                "\"title\":\"Backfill age of oldest work item (s)\"");
    }

    @Test
    void outputs_always_queueUrlsDashboardAndIndexEndpoint() {
        template.hasOutput("ChangeQueueUrl", Map.of("Value", ref(changeQueue)));
        template.hasOutput("DeadLetterQueueUrl", Map.of("Value", ref(deadLetterQueue)));
        template.hasOutput("FailureBucketName", Map.of("Value", ref(failureBucket)));
        template.hasOutput("BackfillQueueUrl", Map.of("Value", ref(backfillQueue)));
        template.hasOutput("BackfillDeadLetterQueueUrl", Map.of("Value", ref(backfillDeadLetterQueue)));
        template.hasOutput("ExportBucketName", Map.of("Value", ref(exportBucket)));
        template.hasOutput("BackfillExportPolicyArn", Map.of("Value",
                ref(logicalId(template, "AWS::IAM::ManagedPolicy", Map.of()))));
        String backfill = logicalId(template, FUNCTION, Map.of("Handler", Backfill.HANDLER));
        // the CLI's --backfill-bucket: the same bucket the function gets as BACKFILL_BUCKET
        template.hasOutput("BackfillBucketName", Map.of("Value", ref(exportBucket)));
        template.hasOutput("BackfillFunctionName", Map.of("Value", ref(backfill)));
        template.hasOutput("BackfillFunctionArn", Map.of("Value", getAtt(backfill, "Arn")));
        Capture logGroup = new Capture();
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Backfill.HANDLER,
                "LoggingConfig", Map.of("LogGroup", logGroup)));
        template.hasOutput("BackfillLogGroup", Map.of("Value", logGroup.asObject()));
        assertThat(template.findOutputs("StreamFailureQueueUrl")).isEmpty();
        Capture dashboardUrl = new Capture();
        template.hasOutput("DashboardUrl", Map.of("Value", dashboardUrl));
        assertThat(flatten(dashboardUrl.asObject())).startsWith("https://{Fn::FindInMap=[ConsoleHosts, {Ref=AWS::Partition}, host]}/cloudwatch/")
                .contains("#dashboards:name=");
        Capture endpoint = new Capture();
        template.hasOutput("IndexEndpoint", Map.of("Value", endpoint));
        assertThat(flatten(endpoint.asObject())).isEqualTo("https://{Fn::GetAtt=[" + domain + ", DomainEndpoint]}");
    }

    @Test
    void alarmTopicPolicy_cloudWatch_allowedToPublishForOwnAlarmsOnly() {
        Capture sourceArn = new Capture();
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                "Topics", List.of(ref(topic)),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "CloudWatchAlarmsPublish",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", "sns:Publish",
                        "Resource", ref(topic),
                        "Condition", Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", ref("AWS::AccountId")),
                                "ArnLike", Map.of("aws:SourceArn", sourceArn))))))))));
        assertThat(flatten(sourceArn.asObject())).isEqualTo(
                "arn:{Ref=AWS::Partition}:cloudwatch:{Ref=AWS::Region}:{Ref=AWS::AccountId}:alarm:ddbsync-demo-*");
    }

    @Test
    @SuppressWarnings("unchecked")
    void alarms_every_namedByStackAndNotifiesOnAlarmAndOk() {
        Map<String, Map<String, Object>> alarms = template.findResources(ALARM);
        assertThat(alarms).isNotEmpty();
        for (Map<String, Object> alarm : alarms.values()) {
            Map<String, Object> p = (Map<String, Object>) alarm.get("Properties");
            assertThat((String) p.get("AlarmName")).startsWith("ddbsync-demo-");
            assertThat(p.get("AlarmActions")).isEqualTo(List.of(ref(topic)));
            assertThat(p.get("OKActions")).isEqualTo(List.of(ref(topic)));
        }
    }

    @Test
    void openSearchAlarms_oneNodeDomain_recommendedSetWithoutYellow() {
        List<Map<String, Object>> dims = List.of(
                Map.of("Name", "ClientId", "Value", ref("AWS::AccountId")),
                Map.of("Name", "DomainName", "Value", ref(domain)));
        esAlarm(dims, "ClusterIndexWritesBlocked", "Maximum", 300, 1, "GreaterThanOrEqualToThreshold", 1);
        esAlarm(dims, "AutomatedSnapshotFailure", "Maximum", 60, 1, "GreaterThanOrEqualToThreshold", 1);
        esAlarm(dims, "CPUUtilization", "Maximum", 900, 80, "GreaterThanOrEqualToThreshold", 3);
        esAlarm(dims, "JVMMemoryPressure", "Maximum", 60, 95, "GreaterThanOrEqualToThreshold", 3);
        esAlarm(dims, "OldGenJVMMemoryPressure", "Maximum", 60, 80, "GreaterThanOrEqualToThreshold", 3);
        esAlarm(dims, "FreeStorageSpace", "Minimum", 60, 2560, "LessThanOrEqualToThreshold", 1);
        assertThat(template.findResources(ALARM, Map.of("Properties", Match.objectLike(Map.of(
                "MetricName", "ClusterStatus.yellow"))))).isEmpty();
    }

    private void esAlarm(List<Map<String, Object>> dims, String metric, String statistic, int period, int threshold,
                         String operator, int periods) {
        template.hasResourceProperties(ALARM, props("Namespace", "AWS/ES", "MetricName", metric, "Dimensions", dims,
                "Statistic", statistic, "Period", period, "Threshold", threshold, "ComparisonOperator", operator,
                "EvaluationPeriods", periods, "DatapointsToAlarm", periods));
    }

    @Test
    void lambdaAlarms_tableAndFunctions_deliveryFailuresThrottlesPurgeErrorsRecordsFailedDlqAge() {
        String forwarder = logicalId(template, FUNCTION, Map.of("Handler", Forwarder.HANDLER));
        String worker = logicalId(template, FUNCTION, Map.of("Handler", Worker.HANDLER));
        String purge = logicalId(template, FUNCTION, Map.of("Handler", Worker.PURGE_HANDLER));
        template.hasResourceProperties(ALARM, Map.of("Namespace", "AWS/Lambda", "MetricName", "DestinationDeliveryFailures",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(forwarder))), "Threshold", 1));
        for (String function : List.of(forwarder, worker)) {
            template.hasResourceProperties(ALARM, Map.of("Namespace", "AWS/Lambda", "MetricName", "Throttles",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(function))), "Threshold", 1));
        }
        template.hasResourceProperties(ALARM, Map.of("Namespace", "AWS/Lambda", "MetricName", "Errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(purge))), "Period", 3600, "Threshold", 1));
        template.hasResourceProperties(ALARM, Map.of("Namespace", io.ddbsync.model.metrics.MetricDimensions.NAMESPACE,
                "MetricName", io.ddbsync.worker.metrics.WorkerMetricNames.RECORDS_FAILED,
                "Dimensions", List.of(Map.of("Name", "Service", "Value", "index-worker"),
                        Map.of("Name", "Table", "Value", "ddbsync-demo")),
                "Statistic", "Sum", "Threshold", 1));
        template.hasResourceProperties(ALARM, Map.of("Namespace", "AWS/SQS", "MetricName", "ApproximateAgeOfOldestMessage",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(deadLetterQueue, "QueueName"))),
                "Threshold", 10 * 86_400));
    }

    @Test
    void outputs_fineGrainedAccessControlRolesFunctionsAndIdempotencyTable() {
        String workerRole = roleOfFunction(template, Worker.HANDLER);
        String purgeRole = roleOfFunction(template, Worker.PURGE_HANDLER);
        template.hasOutput("WorkerRoleArn", Map.of("Value", getAtt(workerRole, "Arn")));
        template.hasOutput("PurgeRoleArn", Map.of("Value", getAtt(purgeRole, "Arn")));
        template.hasOutput("IdempotencyTableName", Map.of("Value", ref(idempotencyTable)));
        template.hasOutput("DomainArn", Map.of("Value", getAtt(domain, "Arn")));
        template.hasOutput("ForwarderFunctionName1", Map.of("Value",
                ref(logicalId(template, FUNCTION, Map.of("Handler", Forwarder.HANDLER)))));
        template.hasOutput("IndexMap", Map.of("Value", "ddbsync-demo=ddbsync-demo"));
    }

    @Test
    void cdkNag_allPacks_noUnsuppressedFinding() {
        assertNoUnsuppressedNagFinding(stack);
    }

    @Test
    void cdkNag_awsSolutions_noUnsuppressedFinding() {
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void cdkNag_suppressions_eachCarriesAReason() {
        Set<String> suppressed = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        for (Map<String, Object> resource : template.toJSON().get("Resources") instanceof Map<?, ?> m
                ? ((Map<String, Map<String, Object>>) m).values() : List.<Map<String, Object>>of()) {
            Map<String, Object> metadata = (Map<String, Object>) resource.get("Metadata");
            if (metadata == null || !metadata.containsKey("cdk_nag")) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) ((Map<String, Object>) metadata.get("cdk_nag"))
                    .get("rules_to_suppress")) {
                suppressed.add((String) rule.get("id"));
                reasons.add((String) rule.get("reason"));
            }
        }
        // java25 is Lambda's latest Java runtime: AwsSolutions-L1 and Serverless-LambdaLatestVersion need no suppression
        assertThat(suppressed).doesNotContain("AwsSolutions-L1", "Serverless-LambdaLatestVersion");
        // no stream-failure queue (the S3 destination): nothing to accept of AwsSolutions-SQS3 (a queue without a DLQ)
        assertThat(suppressed).doesNotContain("AwsSolutions-SQS3");
        assertThat(suppressed).contains("AwsSolutions-IAM5", "AwsSolutions-S1", "NIST.800.53.R5-S3DefaultEncryptionKMS",
                "AwsSolutions-OS1", "AwsSolutions-OS3", "AwsSolutions-OS4", "AwsSolutions-OS7",
                "Serverless-LambdaTracing", "NIST.800.53.R5-OpenSearchInVPCOnly");
        assertThat(reasons).allSatisfy(reason -> assertThat(reason).hasSizeGreaterThan(40));
    }

    // ---- what CloudFormation must create first (each a documented cause of a failed first deploy) ----

    @Test
    void searchDomain_newDomain_createdAfterItsLogsResourcePolicy() {
        // OpenSearch Service refuses a domain whose log groups it may not yet write to ("The Resource
        // Access Policy specified for the CloudWatch Logs log group ... does not grant sufficient
        // permissions"); nothing else orders the two, so the domain must name the policy in DependsOn.
        String policy = logicalId(template, "AWS::Logs::ResourcePolicy", Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                        Match.stringLikeRegexp(".*es.amazonaws.com.*")))))))));
        template.hasResource("AWS::OpenSearchService::Domain", Map.of("DependsOn", Match.arrayWith(List.of(policy))));
    }

    @Test
    void eventSourceMappings_every_createdAfterThePermissionsLambdaChecks() {
        // CreateEventSourceMapping checks that the function's role may read the source (and send to
        // the on-failure destination): the role's policy must exist before the mapping.
        Map<String, Map<String, Object>> mappings = template.findResources(ESM);
        assertThat(mappings).hasSize(3);
        for (String handler : List.of(Forwarder.HANDLER, Worker.HANDLER, Backfill.HANDLER)) {
            String policy = logicalId(template, "AWS::IAM::Policy", Map.of(
                    "Roles", List.of(ref(roleOfFunction(template, handler)))));
            String function = logicalId(template, FUNCTION, Map.of("Handler", handler));
            assertThat(mappings.keySet()).as("a mapping invoking %s", handler)
                    .anyMatch(m -> createdAfter(template, m, function) && createdAfter(template, m, policy));
        }
    }

    @Test
    void forwarderFunction_maxMessageBytes_updatedAfterTheQueuesThatMustTakeIt() {
        // A larger MAX_MESSAGE_BYTES (e.g. the 1 MiB default replacing 262144 on an update) reaches the
        // forwarder only after the change queue and its DLQ take messages that large.
        String forwarder = logicalId(template, FUNCTION, Map.of("Handler", Forwarder.HANDLER));
        assertThat(createdAfter(template, forwarder, changeQueue)).isTrue();
        assertThat(createdAfter(template, forwarder, deadLetterQueue)).isTrue();
    }

    @Test
    void backfillFunction_maxMessageBytes_updatedAfterTheQueuesThatMustTakeIt() {
        // The backfill sends its pages to the change queue with the forwarder's MAX_MESSAGE_BYTES: the same order.
        String backfill = logicalId(template, FUNCTION, Map.of("Handler", Backfill.HANDLER));
        assertThat(createdAfter(template, backfill, changeQueue)).isTrue();
        assertThat(createdAfter(template, backfill, deadLetterQueue)).isTrue();
        assertThat(createdAfter(template, backfill, backfillQueue)).isTrue();
    }

    @Test
    void searchDomain_newDomain_nameUniquePerStackInstanceAndNetwork() {
        // The name is a create-only property: a fixed name fails a redeploy after cdk destroy (the
        // domain is retained) and the replacement that moving the domain into a VPC needs.
        Capture name = new Capture();
        template.hasResourceProperties("AWS::OpenSearchService::Domain", Map.of("DomainName", name));
        String text = flatten(name.asObject());
        assertThat(text).startsWith("ddbsync-demo-p").contains("{Ref=AWS::StackId}");
        Capture resource = new Capture();
        template.hasResourceProperties("AWS::OpenSearchService::Domain", Map.of("AccessPolicies", Match.objectLike(Map.of(
                "Statement", List.of(Match.objectLike(Map.of("Resource", resource)))))));
        assertThat(flatten(resource.asObject())).endsWith(":domain/" + text + "/*");
    }

    @Test
    void cfnLint_synthesizedTemplate_noUnsuppressedFinding() {
        CfnLint.assertNoUnsuppressedFinding(stack, template, "demo");
    }
}

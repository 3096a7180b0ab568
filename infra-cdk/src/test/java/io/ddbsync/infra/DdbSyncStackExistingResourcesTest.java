package io.ddbsync.infra;

import static io.ddbsync.infra.TemplateSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.infra.constructs.Backfill;
import io.ddbsync.infra.constructs.Forwarder;
import io.ddbsync.infra.constructs.Worker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A deployment onto an existing table and an existing OpenSearch domain, with every tuning knob
 * changed from its default (the stream mappings' on-failure destination SQS instead of S3) and no alarm
 * e-mail. One synthesis for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdbSyncStackExistingResourcesTest {

    private static final String STREAM_ARN =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Posts/stream/2026-11-24T00:00:00.000";
    private static final String DOMAIN_ARN = "arn:aws:es:eu-west-1:123456789012:domain/search-prod";
    private static final String ENDPOINT = "search-prod-abc123.eu-west-1.es.amazonaws.com";

    private static final String SHAPING_STEPS = "[{\"flatten_blocks\":{\"from\":\"blocks\",\"to\":\"body_text\"}},"
            + "{\"drop\":{\"fields\":[\"draft\"]}}]";

    private DdbSyncStack stack;
    private Template template;
    private String changeQueue;
    private String deadLetterQueue;
    private String streamFailureQueue;

    @BeforeAll
    void synthesize() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stackName", "search-sync");
        context.put("tableName", "Posts");
        context.put("tableStreamArn", STREAM_ARN);
        context.put("openSearchEndpoint", ENDPOINT);
        context.put("openSearchDomainArn", DOMAIN_ARN);
        context.put("indexMap", "Posts=posts-idx");
        context.put("shaping", SHAPING_STEPS);
        context.put("forwarderBatchSize", 250);
        context.put("forwarderBatchingWindowSeconds", "5");
        context.put("parallelizationFactor", 4);
        context.put("forwarderRetryAttempts", 20);
        context.put("forwarderMaxRecordAgeSeconds", 3600);
        context.put("forwarderMemoryMb", 768);
        context.put("forwarderTimeoutSeconds", 30);
        context.put("workerBatchSize", 50);
        context.put("workerBatchingWindowSeconds", 2);
        context.put("workerMaxConcurrency", 20);
        context.put("workerMemoryMb", 2048);
        context.put("workerTimeoutSeconds", 120);
        context.put("maxMessageBytes", 262_144);
        context.put("maxReceiveCount", 8);
        context.put("ttlDeletes", "keep");
        context.put("tombstoneRetentionDays", 30);
        context.put("purgeHourUtc", 22);
        context.put("snapStart", false);
        context.put("tracing", true);
        context.put("iteratorAgeAlarmSeconds", 60);
        context.put("oldestMessageAlarmSeconds", 120);
        context.put("workerErrorRateAlarmPercent", 10);
        context.put("streamFailureDestination", "sqs");
        context.put("backfillTimeoutSeconds", 300);
        context.put("exportRetentionDays", 3);
        context.put("backfillMaxConcurrency", 50);
        context.put("backfillMemoryMb", 2048);
        App app = App.Builder.create().context(context).build();
        stack = DdbSyncApp.createStack(app);
        template = Template.fromStack(stack);
        changeQueue = logicalId(template, "AWS::SQS::Queue", Map.of("QueueName", "search-sync-changes"));
        deadLetterQueue = deadLetterQueueOf(template, changeQueue);
        streamFailureQueue = logicalId(template, "AWS::SQS::Queue", Map.of(
                "RedriveAllowPolicy", Match.absent(), "RedrivePolicy", Match.absent()));
    }

    @Test
    void resources_existingTableAndDomain_noneCreated() {
        assertThat(template.findResources("AWS::OpenSearchService::Domain")).isEmpty();
        assertThat(template.findResources("AWS::DynamoDB::GlobalTable", Map.of("Properties",
                Match.objectLike(Map.of("StreamSpecification", Match.anyValue()))))).isEmpty();
        assertThat(template.findResources("AWS::SNS::Subscription")).isEmpty();
    }

    @Test
    void queues_tuned_sizeVisibilityAndReceiveCountFollowSettings() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "search-sync-changes",
                "MaximumMessageSize", 262_144,
                "VisibilityTimeout", 6 * 120 + 2,
                "RedrivePolicy", Map.of("deadLetterTargetArn", getAtt(deadLetterQueue, "Arn"), "maxReceiveCount", 8)));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "MaximumMessageSize", 262_144,
                "MessageRetentionPeriod", 14 * 24 * 3600,
                "RedriveAllowPolicy", Match.objectLike(Map.of("redrivePermission", "byQueue"))));
    }

    @Test
    void streamFailureDestination_sqs_queueOnTheMappingNoFailureBucketAndItsAlarm() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "MessageRetentionPeriod", 14 * 24 * 3600,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Match.absent(),
                "RedriveAllowPolicy", Match.absent()));
        assertThat(template.findResources("AWS::S3::Bucket", Map.of("Properties", Match.objectLike(Map.of(
                "MetricsConfigurations", Match.anyValue()))))).as("no failure bucket").isEmpty();
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "search-sync-StreamFailureQueueNotEmpty",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(streamFailureQueue, "QueueName")))));
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Match.objectLike(Map.of(
                "AlarmName", "search-sync-StreamFailureRecordsWritten"))))).isEmpty();
        template.hasOutput("StreamFailureQueueUrl", Map.of("Value", ref(streamFailureQueue)));
        assertThat(template.findOutputs("FailureBucketName")).isEmpty();
    }

    @Test
    void streamFailureQueue_sqsDestination_deletedWhenItLeavesTheTemplate() {
        // What the README's upgrade note rests on: the queue exists only with streamFailureDestination=sqs and carries
        // DeletionPolicy Delete, so an update to the S3 default (or cdk destroy) deletes it with what it holds.
        template.hasResource("AWS::SQS::Queue", Map.of(
                "DeletionPolicy", "Delete",
                "UpdateReplacePolicy", "Delete",
                "Properties", Match.objectLike(Map.of("RedrivePolicy", Match.absent(), "RedriveAllowPolicy", Match.absent()))));
        assertThat(typeOf(template, streamFailureQueue)).isEqualTo("AWS::SQS::Queue");
    }

    @Test
    void backfillFunction_tuned_timeoutMemoryConcurrencyMessageBoundAndSnapStartFollowSettings() {
        String backfillQueue = logicalId(template, "AWS::SQS::Queue", Map.of("QueueName", "search-sync-backfill"));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Backfill.HANDLER,
                "MemorySize", 2048,
                "Timeout", 300,
                "SnapStart", Match.absent(),
                "TracingConfig", Map.of("Mode", "Active"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "CHANGE_QUEUE_URL", ref(changeQueue), "MAX_MESSAGE_BYTES", "262144",
                        "BACKFILL_QUEUE_URL", ref(backfillQueue))))));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", getAtt(backfillQueue, "Arn"),
                "BatchSize", 1,
                "ScalingConfig", Map.of("MaximumConcurrency", 50)));
    }

    @Test
    void backfill_tuned_queueVisibilityFollowsTimeoutAndExportsExpireAfterThreeDays() {
        String backfillQueue = logicalId(template, "AWS::SQS::Queue", Map.of("QueueName", "search-sync-backfill"));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "search-sync-backfill",
                "VisibilityTimeout", 6 * 300,
                "RedrivePolicy", Map.of("deadLetterTargetArn", getAtt(deadLetterQueueOf(template, backfillQueue), "Arn"),
                        "maxReceiveCount", 8)));
        template.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules",
                Match.arrayWith(List.of(Map.of("Id", "Expire-exports", "Prefix", "exports/", "ExpirationInDays", 3,
                        "Status", "Enabled"))))));
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(
                        Map.of("Sid", "ExportSourceTables", "Effect", "Allow", "Action", "dynamodb:ExportTableToPointInTime",
                                "Resource", "arn:aws:dynamodb:eu-west-1:123456789012:table/Posts"),
                        Map.of("Sid", "DescribeExports", "Effect", "Allow", "Action", "dynamodb:DescribeExport",
                                "Resource", "arn:aws:dynamodb:eu-west-1:123456789012:table/Posts/export/*")))))));
    }

    @Test
    void forwarderEventSource_existingStream_tunedSettings() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", props(
                "EventSourceArn", STREAM_ARN,
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 250,
                "MaximumBatchingWindowInSeconds", 5,
                "ParallelizationFactor", 4,
                "BisectBatchOnFunctionError", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRetryAttempts", 20,
                "MaximumRecordAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", getAtt(streamFailureQueue, "Arn")))));
    }

    @Test
    void workerEventSource_tuned_batchWindowAndConcurrency() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", getAtt(changeQueue, "Arn"),
                "BatchSize", 50,
                "MaximumBatchingWindowInSeconds", 2,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 20)));
    }

    @Test
    void functions_snapStartOff_tunedMemoryTimeoutAndEnvironment() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Forwarder.HANDLER,
                "MemorySize", 768,
                "Timeout", 30,
                "SnapStart", Match.absent(),
                "Environment", Map.of("Variables", Map.of(
                        "CHANGE_QUEUE_URL", ref(changeQueue), "MAX_MESSAGE_BYTES", "262144",
                        "POWERTOOLS_SERVICE_NAME", "stream-forwarder"))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Worker.HANDLER,
                "MemorySize", 2048,
                "Timeout", 120,
                "SnapStart", Match.absent(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "OPENSEARCH_ENDPOINT", "https://" + ENDPOINT,
                        "OPENSEARCH_AUTH", "sigv4",
                        "INDEX_MAP", "Posts=posts-idx",
                        "TTL_DELETES", "keep",
                        "TOMBSTONE_RETENTION_DAYS", "30")))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "cron(17 22 * * ? *)"));
    }

    @Test
    void workerEnvironment_shapingSetting_documentShapingTheWorkerReadsAsDefined() throws Exception {
        Capture shaping = new Capture();
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Worker.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("DOCUMENT_SHAPING", shaping)))));

        io.ddbsync.model.convert.DocumentConverter converter = io.ddbsync.model.config.TableRules
                .fromEnv(Map.of("DOCUMENT_SHAPING", shaping.asString())).converterFor("Posts");
        var doc = converter.toDocument((com.fasterxml.jackson.databind.node.ObjectNode) io.ddbsync.model.json.Json.MAPPER.readTree(
                "{\"id\":{\"S\":\"p1\"},\"draft\":{\"BOOL\":true},\"blocks\":{\"L\":[{\"M\":{\"text\":{\"S\":\"첫 문단\"}}}]}}"));
        assertThat(doc.path("body_text").asText()).isEqualTo("첫 문단");
        assertThat(doc.has("draft")).isFalse();
        assertThat(io.ddbsync.model.shape.Shaping.parse(shaping.asString()))
                .isEqualTo(io.ddbsync.model.shape.Shaping.parse("{\"Posts\":" + SHAPING_STEPS + "}"));
    }

    @Test
    void forwarderPolicy_existingStream_streamReadOnThatStreamOnly() {
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Forwarder.HANDLER));
        assertThat(statements).contains(
                Map.of("Action", "dynamodb:ListStreams", "Effect", "Allow", "Resource", "*"),
                Map.of("Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                        "Effect", "Allow", "Resource", STREAM_ARN),
                // the SQS destination: send to the stream-failure queue, nothing on S3
                Map.of("Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        "Effect", "Allow", "Resource", getAtt(streamFailureQueue, "Arn")));
        assertThat(statements).noneMatch(st -> String.valueOf(st.get("Action")).contains("s3:"));
        // '*' only where IAM has no resource-level permissions: ListStreams, and X-Ray (tracing=true)
        assertThat(statements).hasSize(6)
                .filteredOn(s -> "*".equals(s.get("Resource")))
                .extracting(s -> s.get("Action")).containsExactlyInAnyOrder("dynamodb:ListStreams",
                        List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"));
    }

    @Test
    void workerPolicy_existingResources_tableItemsAndDomainPathsByArn() {
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Worker.HANDLER));
        Map<String, Object> fetch = statements.stream()
                .filter(s -> "ReadSourceItemsForFetch".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertThat(fetch.get("Action")).isEqualTo(List.of("dynamodb:BatchGetItem", "dynamodb:GetItem"));
        assertThat(flatten(fetch.get("Resource")))
                .isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/Posts");
        assertThat(statements).contains(Map.of("Sid", "OpenSearchBulkAndAliases", "Action", "es:ESHttpPost",
                "Effect", "Allow", "Resource", List.of(DOMAIN_ARN + "/_bulk", DOMAIN_ARN + "/_aliases",
                        DOMAIN_ARN + "/posts-idx_write/_bulk", DOMAIN_ARN + "/posts-idx_write/_mget",
                        DOMAIN_ARN + "/posts-idx_reindex/_bulk", DOMAIN_ARN + "/posts-idx_reindex/_mget")));
        assertThat(statements).filteredOn(s -> "*".equals(s.get("Resource"))).extracting(s -> s.get("Action"))
                .containsExactly(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"));
    }

    @Test
    void alarms_existingDomainAndThresholds_followSettings() {
        List<Map<String, Object>> dims = List.of(
                Map.of("Name", "ClientId", "Value", "123456789012"),
                Map.of("Name", "DomainName", "Value", "search-prod"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ES", "MetricName", "ClusterStatus.red", "Dimensions", dims, "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ES", "MetricName", "ThreadpoolWriteRejected", "Dimensions", dims, "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "IteratorAge", "Threshold", 60_000));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 120));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", Match.stringLikeRegexp("IF.*"))))),
                "Threshold", 10));
    }

    @Test
    void alarms_existingDomainNodeCountNotGiven_noYellowStatusAlarm() {
        // Yellow is the normal state of a one-node domain (replicas can never be assigned): without
        // openSearchInstanceCount the stack cannot tell, so it creates no yellow alarm rather than one
        // that is always in ALARM.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ES", "MetricName", "ClusterStatus.red", "AlarmName", "search-sync-ClusterStatusRed"));
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Match.objectLike(Map.of(
                "MetricName", "ClusterStatus.yellow"))))).isEmpty();
    }

    @Test
    void outputs_existingDomain_indexEndpointIsGivenEndpoint() {
        template.hasOutput("IndexEndpoint", Map.of("Value", "https://" + ENDPOINT));
        template.hasOutput("IndexMap", Map.of("Value", "Posts=posts-idx"));
        Capture dashboardUrl = new Capture();
        template.hasOutput("DashboardUrl", Map.of("Value", dashboardUrl));
        String dashboard = logicalId(template, "AWS::CloudWatch::Dashboard",
                Map.of("DashboardName", "search-sync-dashboard"));
        assertThat(flatten(dashboardUrl.asObject())).endsWith("#dashboards:name=" + ref(dashboard));
    }

    @Test
    void cdkNag_existingResources_noUnsuppressedFinding() {
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @Test
    void cfnLint_synthesizedTemplate_noUnsuppressedFinding() {
        CfnLint.assertNoUnsuppressedFinding(stack, template, "existing-table-and-domain");
    }
}

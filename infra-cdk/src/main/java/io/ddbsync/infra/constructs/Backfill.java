package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import io.ddbsync.infra.EnvNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * The backfill on Lambda: the backfill queue of work items (a Scan segment with its continuation, or one export data
 * file) and its dead-letter queue, the backfill function that the queue's event source mapping invokes, the export
 * bucket (exports and the runs' state), and the permissions a table export needs, as a managed policy for an
 * operator's role to attach.
 *
 * <ul>
 *   <li>Backfill queue {@code <stack name>-backfill}: SSE, TLS only, 256 KiB messages, visibility six times the
 *       backfill function's timeout (the timeout the function is given here, so the two cannot drift apart),
 *       {@value #QUEUE_RETENTION_DAYS} days, to the DLQ after {@code maxReceiveCount} receives. Its DLQ keeps
 *       {@value DdbSyncSettings#DLQ_RETENTION_DAYS} days — longer than the source, since a standard queue's DLQ keeps a
 *       message's original enqueue time — and takes redrives from the backfill queue only.</li>
 *   <li>Backfill function ({@link #HANDLER}, a {@link JavaLambda} outside any VPC: it calls DynamoDB, SQS and S3, never
 *       OpenSearch), invoked through its {@code live} alias by an SQS event source mapping on the backfill queue: batch
 *       size 1 (one work item per invocation), ReportBatchItemFailures, {@code ScalingConfig.MaximumConcurrency} =
 *       {@code backfillMaxConcurrency}. Environment: {@code CHANGE_QUEUE_URL} and {@code MAX_MESSAGE_BYTES} as the
 *       forwarder's, {@code BACKFILL_QUEUE_URL} (continuations), {@code BACKFILL_BUCKET} (the export bucket), read by
 *       {@code BackfillConfig.fromEnv}.</li>
 *   <li>Export bucket: a {@link PrivateBucket}; ExportTableToPointInTime writes under {@value #EXPORT_PREFIX}/
 *       ({@code S3Prefix} {@value #EXPORT_PREFIX}), expired after {@code exportRetentionDays}; a run's state lives under
 *       {@value #RUN_STATE_PREFIX}/{@code <run id>/}.</li>
 *   <li>Export policy (Amazon DynamoDB Developer Guide, "Requesting a table export in DynamoDB": the caller needs
 *       {@code dynamodb:ExportTableToPointInTime} on the table and {@code s3:AbortMultipartUpload},
 *       {@code s3:PutObject}, {@code s3:PutObjectAcl} on the destination): those on the source tables and on
 *       {@code <export bucket>/exports/*}; {@code dynamodb:DescribeExport} on their exports; reading the export back:
 *       {@code s3:GetObject} on {@code exports/*} and {@code s3:ListBucket} for keys under {@code exports/}.</li>
 * </ul>
 *
 * <p>IAM of the backfill function's own role, nothing wider: {@code dynamodb:Scan} and {@code dynamodb:DescribeTable}
 * on the source tables ({@code kms:Decrypt} on a table's customer-managed key when given); {@code sqs:SendMessage} on
 * the change queue; consuming the backfill queue (what the event source mapping needs) and sending to it
 * (continuations); {@code s3:GetObject}/{@code s3:PutObject} on {@code backfills/*}, {@code s3:GetObject} on
 * {@code exports/*}; and {@code s3:ListBucket} on the bucket, without a prefix condition: S3 answers a read of a
 * missing key (a segment not done yet, no cancel mark) with 404 only to a caller that has {@code s3:ListBucket} on the
 * bucket, and with 403 otherwise (Amazon S3 API Reference, GetObject and HeadObject, "Permissions"), which the
 * function could not tell from a denial. The bucket holds only exports and runs' state.
 */
public class Backfill extends Construct {

    public static final String QUEUE_NAME_SUFFIX = "-backfill";
    /** How long the backfill queue keeps a work item; each continuation is a new message. */
    public static final int QUEUE_RETENTION_DAYS = 7;
    /** Work items are small JSON: a table, a segment and its LastEvaluatedKey, or an export file's key. */
    public static final int MAX_MESSAGE_BYTES = 262_144;
    /** The {@code S3Prefix} of every export this stack requests. */
    public static final String EXPORT_PREFIX = "exports";
    /** Where the backfill runs keep their state: {@code backfills/<run id>/…}. */
    public static final String RUN_STATE_PREFIX = "backfills";
    public static final String HANDLER = io.ddbsync.backfill.BackfillHandler.class.getName() + "::handleRequest";
    /** What the function may do on the source tables: scan them, and read their description (segments, size). */
    public static final List<String> SOURCE_TABLE_ACTIONS = List.of("dynamodb:DescribeTable", "dynamodb:Scan");

    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Bucket exportBucket;
    private final ManagedPolicy exportPolicy;
    private final Function function;
    private final Alias alias;

    public Backfill(Construct scope, String id, BackfillProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String queueName = stack.getStackName() + QUEUE_NAME_SUFFIX;
        if (queueName.length() > 80) {
            throw new InvalidSettingException("stackName",
                    "is too long: the backfill queue is named '<stack name>-backfill', at most 80 characters");
        }
        IQueue queueRef = Queue.fromQueueArn(this, "QueueRef",
                stack.formatArn(ArnComponents.builder().service("sqs").resource(queueName).build()));
        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .retentionPeriod(Duration.days(DdbSyncSettings.DLQ_RETENTION_DAYS))
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.BY_QUEUE)
                        .sourceQueues(List.of(queueRef))
                        .build())
                .build();
        this.queue = Queue.Builder.create(this, "Queue")
                .queueName(queueName)
                .visibilityTimeout(Duration.seconds(props.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.days(QUEUE_RETENTION_DAYS))
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(props.maxReceiveCount())
                        .build())
                .build();

        this.exportBucket = PrivateBucket.create(this, "ExportBucket", EXPORT_PREFIX + "/", props.exportRetentionDays(),
                List.of());
        String exports = exportBucket.arnForObjects(EXPORT_PREFIX + "/*");
        this.exportPolicy = ManagedPolicy.Builder.create(this, "ExportPolicy")
                .description("ddbsync backfill from a table export: ExportTableToPointInTime of the source tables into "
                        + "the export bucket's " + EXPORT_PREFIX + "/ prefix, and reading the export back")
                .statements(List.of(
                        PolicyStatement.Builder.create().sid("ExportSourceTables")
                                .actions(List.of("dynamodb:ExportTableToPointInTime"))
                                .resources(props.tableArns())
                                .build(),
                        PolicyStatement.Builder.create().sid("DescribeExports")
                                .actions(List.of("dynamodb:DescribeExport"))
                                .resources(props.tableArns().stream().map(arn -> arn + "/export/*").toList())
                                .build(),
                        PolicyStatement.Builder.create().sid("WriteExports")
                                .actions(List.of("s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl"))
                                .resources(List.of(exports))
                                .build(),
                        PolicyStatement.Builder.create().sid("ReadExports")
                                .actions(List.of("s3:GetObject"))
                                .resources(List.of(exports))
                                .build(),
                        PolicyStatement.Builder.create().sid("ListExports")
                                .actions(List.of("s3:ListBucket"))
                                .resources(List.of(exportBucket.getBucketArn()))
                                .conditions(Map.of("StringLike", Map.of("s3:prefix", EXPORT_PREFIX + "/*")))
                                .build()))
                .build();

        Map<String, String> env = new TreeMap<>(Map.of(
                EnvNames.CHANGE_QUEUE_URL, props.changeQueue().getQueueUrl(),
                EnvNames.MAX_MESSAGE_BYTES, Integer.toString(props.maxMessageBytes()),
                EnvNames.BACKFILL_QUEUE_URL, queue.getQueueUrl(),
                EnvNames.BACKFILL_BUCKET, exportBucket.getBucketName(),
                EnvNames.POWERTOOLS_SERVICE_NAME, EnvNames.BACKFILL_SERVICE));
        this.function = JavaLambda.function(this, "Function",
                "ddbsync backfill-worker: scans one segment of a source table per work item into the change queue, "
                        + "then enqueues its continuation",
                props.codePath(), HANDLER,
                new JavaLambda.Options(props.memoryMb(), props.timeoutSeconds(), props.snapStart(), props.tracing()), env);
        this.alias = JavaLambda.liveAlias(this, function);
        alias.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(1)
                .reportBatchItemFailures(true)
                .maxConcurrency(props.maxConcurrency())
                .build());

        JavaLambda.allowSourceTableReads(function, "ScanSourceTables", SOURCE_TABLE_ACTIONS, props.tableArns(), props.kmsKeyArns());
        props.changeQueue().grantSendMessages(function);
        queue.grantSendMessages(function);
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("RunState")
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(exportBucket.arnForObjects(RUN_STATE_PREFIX + "/*")))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadExports")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(exports))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ListBackfillBucket")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(exportBucket.getBucketArn()))
                .build());
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public Bucket exportBucket() {
        return exportBucket;
    }

    public ManagedPolicy exportPolicy() {
        return exportPolicy;
    }

    /** The backfill function (the handler in the backfill-worker jar). */
    public Function function() {
        return function;
    }

    /** The alias the backfill queue's event source mapping invokes. */
    public Alias alias() {
        return alias;
    }
}

package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * What a backfill on Lambda runs on, ahead of its function: the backfill queue of work items (a Scan segment with
 * its continuation, or one export data file) and its dead-letter queue, the export bucket, and the permissions a
 * table export needs, as a managed policy for the backfill function's role (and an operator's) to attach.
 *
 * <ul>
 *   <li>Backfill queue {@code <stack name>-backfill}: SSE, TLS only, 256 KiB messages, visibility six times the
 *       backfill function's timeout, {@value #QUEUE_RETENTION_DAYS} days, to the DLQ after {@code maxReceiveCount}
 *       receives. Its DLQ keeps {@value DdbSyncSettings#DLQ_RETENTION_DAYS} days — longer than the source, since a
 *       standard queue's DLQ keeps a message's original enqueue time — and takes redrives from the backfill queue
 *       only.</li>
 *   <li>Export bucket: a {@link PrivateBucket}; ExportTableToPointInTime writes under {@value #EXPORT_PREFIX}/
 *       ({@code S3Prefix} {@value #EXPORT_PREFIX}), expired after {@code exportRetentionDays}.</li>
 *   <li>Export policy (Amazon DynamoDB Developer Guide, "Requesting a table export in DynamoDB": the caller needs
 *       {@code dynamodb:ExportTableToPointInTime} on the table and {@code s3:AbortMultipartUpload},
 *       {@code s3:PutObject}, {@code s3:PutObjectAcl} on the destination): those on the source tables and on
 *       {@code <export bucket>/exports/*}; {@code dynamodb:DescribeExport} on their exports; reading the export back:
 *       {@code s3:GetObject} on {@code exports/*} and {@code s3:ListBucket} for keys under {@code exports/}.</li>
 * </ul>
 */
public class Backfill extends Construct {

    public static final String QUEUE_NAME_SUFFIX = "-backfill";
    /** How long the backfill queue keeps a work item; each continuation is a new message. */
    public static final int QUEUE_RETENTION_DAYS = 7;
    /** Work items are small JSON: a table, a segment and its LastEvaluatedKey, or an export file's key. */
    public static final int MAX_MESSAGE_BYTES = 262_144;
    /** The {@code S3Prefix} of every export this stack requests. */
    public static final String EXPORT_PREFIX = "exports";

    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Bucket exportBucket;
    private final ManagedPolicy exportPolicy;

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
}

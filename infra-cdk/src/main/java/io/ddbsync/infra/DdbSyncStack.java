package io.ddbsync.infra;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.SourceTable;
import io.ddbsync.infra.constructs.ChangeQueues;
import io.ddbsync.infra.constructs.ChangeQueuesProps;
import io.ddbsync.infra.constructs.Forwarder;
import io.ddbsync.infra.constructs.ForwarderProps;
import io.ddbsync.infra.constructs.Monitoring;
import io.ddbsync.infra.constructs.MonitoringProps;
import io.ddbsync.infra.constructs.SearchDomain;
import io.ddbsync.infra.constructs.SearchDomainProps;
import io.ddbsync.infra.constructs.Worker;
import io.ddbsync.infra.constructs.WorkerProps;
import io.ddbsync.infra.config.Tuning;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributes;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.constructs.Construct;

/**
 * The whole ddbsync deployment: source table (existing or demo) → stream-forwarder → change queue
 * → index-worker → OpenSearch domain (existing or new), with dead-letter and stream-failure queues,
 * the tombstone purge schedule, a dashboard and alarms.
 */
public class DdbSyncStack extends Stack {

    private final ITable sourceTable;
    private final ChangeQueues queues;
    private final Forwarder forwarder;
    private final Worker worker;
    private final SearchDomain search;
    private final Monitoring monitoring;

    public DdbSyncStack(Construct scope, String id, StackProps props, DdbSyncSettings settings) {
        super(scope, id, props);
        Tuning tuning = settings.tuning();
        this.sourceTable = sourceTable(settings.table());

        ChangeQueuesProps queueProps = ChangeQueuesProps.builder()
                .maxMessageBytes(tuning.maxMessageBytes())
                .workerTimeoutSeconds(tuning.workerTimeoutSeconds())
                .workerBatchingWindowSeconds(tuning.workerBatchingWindowSeconds())
                .maxReceiveCount(tuning.maxReceiveCount())
                .build();
        this.queues = new ChangeQueues(this, "Queues", queueProps);

        this.forwarder = new Forwarder(this, "Forwarder", ForwarderProps.builder()
                .sourceTable(sourceTable)
                .changeQueue(queues.changeQueue())
                .streamFailureQueue(queues.streamFailureQueue())
                .codePath(settings.forwarderJar())
                .maxMessageBytes(tuning.maxMessageBytes())
                .batchSize(tuning.forwarderBatchSize())
                .batchingWindowSeconds(tuning.forwarderBatchingWindowSeconds())
                .parallelizationFactor(tuning.parallelizationFactor())
                .retryAttempts(tuning.forwarderRetryAttempts())
                .maxRecordAgeSeconds(tuning.forwarderMaxRecordAgeSeconds())
                .memoryMb(tuning.forwarderMemoryMb())
                .timeoutSeconds(tuning.forwarderTimeoutSeconds())
                .snapStart(tuning.snapStart())
                .build());

        SearchDomainProps.Builder searchProps = SearchDomainProps.builder();
        if (settings.domain().isExisting()) {
            searchProps.existing(settings.domain().endpoint().orElseThrow(), settings.domain().domainArn().orElseThrow());
        } else {
            searchProps.newDomain(settings.domain().instanceType(), settings.domain().instanceCount(),
                    settings.domain().volumeGiB());
        }
        this.search = new SearchDomain(this, "Search", searchProps.build());

        this.worker = new Worker(this, "Worker", WorkerProps.builder()
                .changeQueue(queues.changeQueue())
                .changeQueueVisibilitySeconds(queueProps.visibilityTimeoutSeconds())
                .sourceTable(sourceTable)
                .searchEndpoint(search.endpoint())
                .domainArn(search.domainArn())
                .indexMap(settings.indexMap())
                .ttlDeletes(tuning.ttlDeletes())
                .tombstoneRetentionDays(tuning.tombstoneRetentionDays())
                .purgeHourUtc(tuning.purgeHourUtc())
                .codePath(settings.workerJar())
                .batchSize(tuning.workerBatchSize())
                .batchingWindowSeconds(tuning.workerBatchingWindowSeconds())
                .maxConcurrency(tuning.workerMaxConcurrency())
                .memoryMb(tuning.workerMemoryMb())
                .timeoutSeconds(tuning.workerTimeoutSeconds())
                .snapStart(tuning.snapStart())
                .build());

        MonitoringProps.Builder monitoringProps = MonitoringProps.builder()
                .dashboardName(getStackName() + "-dashboard")
                .forwarder(forwarder.function())
                .worker(worker.function())
                .changeQueue(queues.changeQueue())
                .deadLetterQueue(queues.deadLetterQueue())
                .streamFailureQueue(queues.streamFailureQueue())
                .domain(search.domainName(), search.accountId())
                .thresholds(settings.thresholds());
        settings.alarmEmail().ifPresent(monitoringProps::alarmEmail);
        this.monitoring = new Monitoring(this, "Monitoring", monitoringProps.build());

        output("ChangeQueueUrl", queues.changeQueue().getQueueUrl(), "Change queue (stream-forwarder → index-worker)");
        output("DeadLetterQueueUrl", queues.deadLetterQueue().getQueueUrl(),
                "Dead-letter queue of the change queue (redrive source)");
        output("StreamFailureQueueUrl", queues.streamFailureQueue().getQueueUrl(),
                "Metadata of stream batches the forwarder gave up on");
        output("DashboardUrl", "https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region="
                + Aws.REGION + "#dashboards:name=" + monitoring.dashboard().getDashboardName(), "CloudWatch dashboard");
        output("IndexEndpoint", search.endpoint(), "OpenSearch endpoint the worker writes to");
        output("AlarmTopicArn", monitoring.alarmTopic().getTopicArn(), "SNS topic of the ddbsync alarms");
        output("SourceTableName", sourceTable.getTableName(), "DynamoDB table whose stream is indexed");

        NagSuppressionsForStack.apply(this);
    }

    private ITable sourceTable(SourceTable table) {
        if (table.isDemo()) {
            TableV2 demo = TableV2.Builder.create(this, "DemoTable")
                    .tableName(table.name())
                    .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                    .dynamoStream(StreamViewType.valueOf(table.demoStreamView()))
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true).build())
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            // Referenced like an existing table so both paths get the same (correct) stream grants.
            return Table.fromTableAttributes(this, "SourceTable", TableAttributes.builder()
                    .tableArn(demo.getTableArn())
                    .tableStreamArn(demo.getTableStreamArn())
                    .build());
        }
        return Table.fromTableAttributes(this, "SourceTable", TableAttributes.builder()
                .tableName(table.name())
                .tableStreamArn(table.streamArn().orElseThrow())
                .build());
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public ITable sourceTable() { return sourceTable; }
    public ChangeQueues queues() { return queues; }
    public Forwarder forwarder() { return forwarder; }
    public Worker worker() { return worker; }
    public SearchDomain search() { return search; }
    public Monitoring monitoring() { return monitoring; }
}

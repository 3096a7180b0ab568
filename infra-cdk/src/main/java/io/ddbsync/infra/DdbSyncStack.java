package io.ddbsync.infra;

import io.ddbsync.infra.config.AlarmPlan;
import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.SourceTable;
import io.ddbsync.infra.config.Tuning;
import io.ddbsync.infra.constructs.Backfill;
import io.ddbsync.infra.constructs.BackfillProps;
import io.ddbsync.infra.constructs.Bastion;
import io.ddbsync.infra.constructs.ChangeQueues;
import io.ddbsync.infra.constructs.ChangeQueuesProps;
import io.ddbsync.infra.constructs.FailureRecords;
import io.ddbsync.infra.constructs.Forwarder;
import io.ddbsync.infra.constructs.ForwarderProps;
import io.ddbsync.infra.constructs.Monitoring;
import io.ddbsync.infra.constructs.MonitoringProps;
import io.ddbsync.infra.constructs.Network;
import io.ddbsync.infra.constructs.SearchDomain;
import io.ddbsync.infra.constructs.SearchDomainProps;
import io.ddbsync.infra.constructs.StreamFailureDestination;
import io.ddbsync.infra.constructs.Worker;
import io.ddbsync.infra.constructs.WorkerProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnMapping;
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
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * One ddbsync deployment: for each source table (existing, or the demo table) a stream-forwarder,
 * one change queue, one index-worker for all tables → one OpenSearch domain (existing or new,
 * public or in a VPC), with a dead-letter queue, the stream mappings' on-failure destination (the
 * failure bucket, or the stream-failure queue), the backfill queue with its dead-letter queue, the backfill
 * function its event source mapping invokes, the export bucket and export policy, the tombstone purge of this deployment's indexes, a dashboard with a row per
 * table, and alarms.
 */
public class DdbSyncStack extends Stack {

    /** The console's host in each partition, so the dashboard URL works outside the commercial partition. */
    private static final Map<String, Map<String, Object>> CONSOLE_HOSTS = Map.of(
            "aws", Map.of("host", "console.aws.amazon.com"),
            "aws-cn", Map.of("host", "console.amazonaws.cn"),
            "aws-us-gov", Map.of("host", "console.amazonaws-us-gov.com"));

    /** CDK feature flag: launch templates made for requireImdsv2 are named after their construct path. */
    static final String UNIQUE_IMDSV2_TEMPLATE_NAME = "@aws-cdk/aws-ec2:uniqueImdsv2TemplateName";

    private final DdbSyncSettings settings;
    private final Map<String, ITable> sourceTables = new LinkedHashMap<>();
    private final ChangeQueues queues;
    private final Optional<FailureRecords> failureRecords;
    private final StreamFailureDestination streamFailures;
    private final Backfill backfill;
    private final List<Forwarder> forwarders = new ArrayList<>();
    private final Optional<Network> network;
    private final Worker worker;
    private final SearchDomain search;
    private final Optional<Bastion> bastion;
    private final Monitoring monitoring;

    public DdbSyncStack(Construct scope, String id, StackProps props, DdbSyncSettings settings) {
        super(scope, id, props);
        // The bastion's IMDSv2 launch template gets a name unique to this stack instead of CDK's fixed
        // "ResourceLaunchTemplate", which a second deployment in the account and region would collide with.
        getNode().setContext(UNIQUE_IMDSV2_TEMPLATE_NAME, true);
        this.settings = settings;
        Tuning tuning = settings.tuning();

        ChangeQueuesProps queueProps = ChangeQueuesProps.builder()
                .maxMessageBytes(tuning.maxMessageBytes())
                .workerTimeoutSeconds(tuning.workerTimeoutSeconds())
                .workerBatchingWindowSeconds(tuning.workerBatchingWindowSeconds())
                .maxReceiveCount(tuning.maxReceiveCount())
                .streamFailureQueue(!settings.streamFailures().toS3())
                .build();
        this.queues = new ChangeQueues(this, "Queues", queueProps);
        this.failureRecords = settings.streamFailures().toS3()
                ? Optional.of(new FailureRecords(this, "FailureRecords", settings.streamFailures().retentionDays()))
                : Optional.empty();
        this.streamFailures = failureRecords.map(f -> StreamFailureDestination.bucket(f.bucket()))
                .orElseGet(() -> StreamFailureDestination.queue(queues.streamFailureQueue().orElseThrow()));

        List<String> tableArns = new ArrayList<>();
        List<String> kmsKeys = new ArrayList<>();
        for (SourceTable table : settings.tables()) {
            ITable source = sourceTable(table);
            sourceTables.put(table.name(), source);
            tableArns.add(source.getTableArn());
            table.kmsKeyArn().ifPresent(kmsKeys::add);
            ForwarderProps.Builder forwarderProps = ForwarderProps.builder()
                    .tableName(table.name())
                    .sourceTable(source)
                    .changeQueue(queues.changeQueue())
                    .onFailure(streamFailures)
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
                    .tracing(tuning.tracing());
            table.kmsKeyArn().ifPresent(forwarderProps::kmsKeyArn);
            forwarders.add(new Forwarder(this, "Forwarder-" + table.name(), forwarderProps.build()));
        }

        this.backfill = new Backfill(this, "Backfill", BackfillProps.builder()
                .tableArns(tableArns)
                .kmsKeyArns(kmsKeys)
                .changeQueue(queues.changeQueue())
                .codePath(settings.backfillJar())
                .timeoutSeconds(settings.backfill().timeoutSeconds())
                .memoryMb(settings.backfill().memoryMb())
                .maxConcurrency(settings.backfill().maxConcurrency())
                .maxMessageBytes(tuning.maxMessageBytes())
                .maxReceiveCount(tuning.maxReceiveCount())
                .exportRetentionDays(settings.backfill().exportRetentionDays())
                .snapStart(tuning.snapStart())
                .tracing(tuning.tracing())
                .build());

        this.network = Network.create(this, "Network", settings.vpc());

        SearchDomainProps.Builder searchProps = SearchDomainProps.builder();
        if (settings.domain().isExisting()) {
            searchProps.existing(settings.domain().endpoint().orElseThrow(), settings.domain().domainArn().orElseThrow());
        } else {
            searchProps.newDomain(settings.domain().instanceType(), settings.domain().instanceCount(),
                    settings.domain().volumeGiB()).domainNamePrefix(domainNamePrefix(settings.stackName()));
            network.ifPresent(searchProps::network);
        }
        this.search = new SearchDomain(this, "Search", searchProps.build());
        this.bastion = network.filter(n -> settings.vpc().bastion()).map(n -> new Bastion(this, "Bastion", n));
        bastion.ifPresent(b -> search.admitHttps(b.securityGroup(),
                "HTTPS from the bastion (Session Manager port forwarding for operators)"));

        WorkerProps.Builder workerProps = WorkerProps.builder()
                .changeQueue(queues.changeQueue())
                .changeQueueVisibilitySeconds(queueProps.visibilityTimeoutSeconds())
                .sourceTableArns(tableArns)
                .kmsKeyArns(kmsKeys)
                .searchEndpoint(search.endpoint())
                .domainArn(search.domainArn())
                .signingService(settings.domain().signingService())
                .shaping(settings.shaping())
                .indexMap(settings.indexMap())
                .templateEnvironment(settings.templateEnvironment())
                .ttlDeletes(tuning.ttlDeletes())
                .quarantine(settings.quarantine())
                .tombstoneRetentionDays(tuning.tombstoneRetentionDays())
                .purgeHourUtc(tuning.purgeHourUtc())
                .codePath(settings.workerJar())
                .batchSize(tuning.workerBatchSize())
                .batchingWindowSeconds(tuning.workerBatchingWindowSeconds())
                .maxConcurrency(tuning.workerMaxConcurrency())
                .memoryMb(tuning.workerMemoryMb())
                .timeoutSeconds(tuning.workerTimeoutSeconds())
                .snapStart(tuning.snapStart())
                .tracing(tuning.tracing());
        tuning.workerProvisionedPollers().ifPresent(workerProps::provisionedPollers);
        network.ifPresent(workerProps::network);
        this.worker = new Worker(this, "Worker", workerProps.build());

        Map<String, IFunction> forwarderFunctions = new LinkedHashMap<>();
        forwarders.forEach(f -> forwarderFunctions.put(f.table(), f.function()));
        MonitoringProps.Builder monitoringProps = MonitoringProps.builder()
                .namePrefix(getStackName())
                .forwarders(forwarderFunctions)
                .worker(worker.function())
                .purge(worker.purgeFunction())
                .changeQueue(queues.changeQueue())
                .deadLetterQueue(queues.deadLetterQueue())
                .streamFailures(streamFailures)
                .backfillQueue(backfill.queue())
                .backfillDeadLetterQueue(backfill.deadLetterQueue())
                .backfillFunction(backfill.function())
                .thresholds(settings.thresholds());
        // a Serverless collection has no domain metrics (AWS/ES): no cluster alarms for it
        AlarmPlan.Domain.of(settings.domain()).ifPresent(shape -> monitoringProps.domain(
                new MonitoringProps.DomainShape(search.domainName(), search.accountId(), shape)));
        settings.alarmEmail().ifPresent(monitoringProps::alarmEmail);
        this.monitoring = new Monitoring(this, "Monitoring", monitoringProps.build());

        outputs();
        NagSuppressionsForStack.apply(this);
    }

    private void outputs() {
        output("ChangeQueueUrl", queues.changeQueue().getQueueUrl(), "Change queue (stream-forwarder → index-worker)");
        output("DeadLetterQueueUrl", queues.deadLetterQueue().getQueueUrl(),
                "Dead-letter queue of the change queue (redrive source)");
        queues.streamFailureQueue().ifPresent(q -> output("StreamFailureQueueUrl", q.getQueueUrl(),
                "Metadata of stream batches the forwarders gave up on"));
        failureRecords.ifPresent(f -> output("FailureBucketName", f.bucket().getBucketName(),
                "Whole invocation records of stream batches the forwarders gave up on, under aws/lambda/"));
        output("BackfillQueueUrl", backfill.queue().getQueueUrl(),
                "Work items of a backfill on Lambda: ddbsync backfill --on-lambda --backfill-queue-url");
        output("BackfillDeadLetterQueueUrl", backfill.deadLetterQueue().getQueueUrl(),
                "Backfill work items that failed maxReceiveCount times (redrive source)");
        output("ExportBucketName", backfill.exportBucket().getBucketName(),
                "Table exports for export-mode backfills, under " + Backfill.EXPORT_PREFIX + "/, and the state of backfill "
                        + "runs on Lambda, under " + Backfill.RUN_STATE_PREFIX + "/");
        output("BackfillBucketName", backfill.exportBucket().getBucketName(),
                "The export bucket as the backfill function's BACKFILL_BUCKET: ddbsync backfill --on-lambda "
                        + "--backfill-bucket (runs' state under " + Backfill.RUN_STATE_PREFIX + "/)");
        output("BackfillFunctionName", backfill.function().getFunctionName(),
                "backfill-worker function: the backfill queue's work items, one Scan segment or export file each");
        output("BackfillFunctionArn", backfill.function().getFunctionArn(), "backfill-worker function ARN");
        output("BackfillLogGroup", backfill.function().getLogGroup().getLogGroupName(), "backfill-worker log group");
        output("BackfillExportPolicyArn", backfill.exportPolicy().getManagedPolicyArn(),
                "Managed policy for ExportTableToPointInTime of the source tables into the export bucket and reading it");
        CfnMapping console = CfnMapping.Builder.create(this, "ConsoleHosts").mapping(CONSOLE_HOSTS).build();
        output("DashboardUrl", "https://" + console.findInMap(Aws.PARTITION, "host") + "/cloudwatch/home?region="
                + Aws.REGION + "#dashboards:name=" + monitoring.dashboard().getDashboardName(), "CloudWatch dashboard");
        output("IndexEndpoint", search.endpoint(), "OpenSearch endpoint the worker writes to");
        output("DomainArn", search.domainArn(), "OpenSearch domain ARN");
        output("AlarmTopicArn", monitoring.alarmTopic().getTopicArn(), "SNS topic of the ddbsync alarms");
        output("IdempotencyTableName", worker.idempotencyTable().getTableName(), "Idempotency records of the worker");
        output("WorkerRoleArn", worker.function().getRole().getRoleArn(),
                "Worker role: map it to an OpenSearch role that writes this deployment's indexes (fine-grained access control)");
        output("PurgeRoleArn", worker.purgeFunction().getRole().getRoleArn(),
                "Purge role: map it to an OpenSearch role that may delete_by_query on this deployment's indexes");
        output("WorkerFunctionName", worker.function().getFunctionName(), "index-worker function");
        output("WorkerLogGroup", worker.function().getLogGroup().getLogGroupName(), "index-worker log group");
        output("PurgeFunctionName", worker.purgeFunction().getFunctionName(), "Tombstone purge function");
        output("PurgeLogGroup", worker.purgeFunction().getLogGroup().getLogGroupName(), "Tombstone purge log group");
        for (int i = 0; i < forwarders.size(); i++) {
            Forwarder f = forwarders.get(i);
            output("ForwarderFunctionName" + (i + 1), f.function().getFunctionName(),
                    "stream-forwarder of table " + f.table());
            output("ForwarderLogGroup" + (i + 1), f.function().getLogGroup().getLogGroupName(),
                    "stream-forwarder log group of table " + f.table());
        }
        output("IndexMap", settings.indexMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + "," + b).orElseThrow(), "Table=index of every table of this deployment");
        bastion.ifPresent(b -> {
            output("BastionInstanceId", b.host().getInstanceId(),
                    "Session Manager target for port forwarding to the domain (see the README's Deploy section)");
            output("BastionPortForwardingCommand", "aws ssm start-session --target " + b.host().getInstanceId()
                    + " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host="
                    + search.domain().orElseThrow().getDomainEndpoint() + ",portNumber=443,localPortNumber=443",
                    "Forwards local port 443 to the domain; map the domain's host name to 127.0.0.1 first (README)");
        });
        network.ifPresent(n -> output("LambdaSecurityGroupId", n.lambdaSecurityGroup().getSecurityGroupId(),
                "Security group of the worker and purge: the domain's security group must admit it on 443"));
    }

    /** The start of a new domain's name, from the stack name (see {@code SearchDomain.name}). */
    static String domainNamePrefix(String stackName) {
        String name = stackName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (name.length() > SearchDomain.MAX_NAME_PREFIX_LENGTH) {
            name = name.substring(0, SearchDomain.MAX_NAME_PREFIX_LENGTH);
        }
        while (name.endsWith("-")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
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
        return Table.fromTableAttributes(this, "SourceTable-" + table.name(), TableAttributes.builder()
                .tableArn(table.tableArn().orElseThrow())
                .tableStreamArn(table.streamArn().orElseThrow())
                .build());
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public DdbSyncSettings settings() { return settings; }
    public Map<String, ITable> sourceTables() { return sourceTables; }
    public ChangeQueues queues() { return queues; }
    /** The failure bucket, when the stream mappings' on-failure destination is S3. */
    public Optional<FailureRecords> failureRecords() { return failureRecords; }
    public StreamFailureDestination streamFailures() { return streamFailures; }
    public Backfill backfill() { return backfill; }
    public List<Forwarder> forwarders() { return List.copyOf(forwarders); }
    public Optional<Network> network() { return network; }
    public Worker worker() { return worker; }
    public SearchDomain search() { return search; }
    public Monitoring monitoring() { return monitoring; }
    public Optional<Bastion> bastion() { return bastion; }
}

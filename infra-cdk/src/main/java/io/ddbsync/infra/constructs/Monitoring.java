package io.ddbsync.infra.constructs;

import static io.ddbsync.forwarder.metrics.ForwarderMetricNames.MESSAGES_SENT;
import static io.ddbsync.forwarder.metrics.ForwarderMetricNames.OVERSIZE_RECORDS;
import static io.ddbsync.forwarder.metrics.ForwarderMetricNames.RECORDS_FORWARDED;
import static io.ddbsync.forwarder.metrics.ForwarderMetricNames.SEND_RETRIES;
import static io.ddbsync.worker.metrics.WorkerMetricNames.BULK_LATENCY_MS;
import static io.ddbsync.worker.metrics.WorkerMetricNames.DOCUMENTS_DELETED;
import static io.ddbsync.worker.metrics.WorkerMetricNames.DOCUMENTS_UPSERTED;
import static io.ddbsync.worker.metrics.WorkerMetricNames.DUPLICATE_MESSAGES_SKIPPED;
import static io.ddbsync.worker.metrics.WorkerMetricNames.END_TO_END_LAG_MS;
import static io.ddbsync.worker.metrics.WorkerMetricNames.QUARANTINED_FIELDS;
import static io.ddbsync.worker.metrics.WorkerMetricNames.RECORDS_FAILED;
import static io.ddbsync.worker.metrics.WorkerMetricNames.STALE_SKIPPED;
import static io.ddbsync.worker.metrics.WorkerMetricNames.THROTTLED_RETRIES;

import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.model.metrics.MetricDimensions;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import static io.ddbsync.infra.config.AlarmPlan.*;

import io.ddbsync.infra.config.AlarmPlan;
import io.ddbsync.infra.config.AlarmThresholds;
import io.ddbsync.infra.config.DdbSyncSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The operator's view: one CloudWatch dashboard (a row per table, then the shared queues, worker
 * and OpenSearch) and the alarms, each named {@code <stack name>-<alarm>} and sending both its
 * ALARM and its OK transition to an SNS topic that CloudWatch is allowed to publish to.
 */
public class Monitoring extends Construct {

    private static final Duration MINUTE = Duration.minutes(1);
    private static final Duration FIVE_MINUTES = Duration.minutes(5);
    private static final Duration FIFTEEN_MINUTES = Duration.minutes(15);
    private static final Duration HOUR = Duration.hours(1);
    private static final String CLOUDWATCH = "cloudwatch.amazonaws.com";

    /** A dead-letter message older than this expires within four days (DLQ retention 14 days). */
    public static final int DLQ_OLDEST_MESSAGE_ALARM_SECONDS = (DdbSyncSettings.DLQ_RETENTION_DAYS - 4) * 86_400;

    private final Dashboard dashboard;
    private final Topic alarmTopic;
    private final String namePrefix;
    private final List<Alarm> alarms = new ArrayList<>();
    private final List<String> alarmIds = new ArrayList<>();
    private final AlarmPlan plan;

    public Monitoring(Construct scope, String id, MonitoringProps props) {
        super(scope, id);
        this.namePrefix = props.namePrefix();
        this.plan = AlarmPlan.of(props.forwarders().keySet(), props.streamFailures().failureBucket().isPresent(),
                props.domain().map(MonitoringProps.DomainShape::shape));
        this.alarmTopic = alarmTopic(props);
        SharedMetrics shared = sharedMetrics(props);
        sharedAlarms(shared, props.thresholds());
        List<IWidget[]> tableRows = new ArrayList<>();
        props.forwarders().forEach((table, forwarder) -> tableRows.add(tableAlarmsAndRow(table, forwarder, props)));
        List<IWidget> searchWidgets = new ArrayList<>();
        props.domain().ifPresent(domain -> searchWidgets.addAll(domainAlarms(domain)));
        if (!alarmIds.equals(plan.ids())) {
            throw new IllegalStateException("Monitoring created the alarms " + alarmIds + " but AlarmPlan lists "
                    + plan.ids() + " for this configuration: change both together");
        }
        alarms.forEach(a -> {
            a.addAlarmAction(new SnsAction(alarmTopic));
            a.addOkAction(new SnsAction(alarmTopic));
        });
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(namePrefix + "-dashboard")
                .build();
        dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                .title("ddbsync alarms")
                .alarms(new ArrayList<IAlarm>(alarms))
                .width(24)
                .build());
        addDashboardRows(props, shared, tableRows, searchWidgets);
    }

    /** The metrics of the shared queues, the worker and the purge that both an alarm and the dashboard show. */
    private record SharedMetrics(IFunction worker, IFunction purge, Metric oldestMessage, Metric dlqDepth, Metric dlqOldest,
            Metric streamFailures, Metric backfillDlqDepth, MathExpression workerErrorRate, Metric workerThrottles,
            Metric purgeErrors) {
    }

    /** The SNS topic (KMS-encrypted, TLS only) that CloudWatch may publish this stack's alarms to, and the e-mail. */
    private Topic alarmTopic(MonitoringProps props) {
        // CloudWatch may publish (and encrypt for the topic) only for this account's alarms of this deployment.
        Map<String, Object> fromOwnAlarms = Map.of(
                "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                "ArnLike", Map.of("aws:SourceArn", alarmArnPattern()));
        Key topicKey = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the ddbsync alarm topic; CloudWatch may use it to publish this stack's alarms")
                .enableKeyRotation(true)
                .build();
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsEncryptForTopic")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(fromOwnAlarms)
                .build());
        Topic alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("ddbsync alarms")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        // enforceSsl makes CDK write a topic policy, which replaces SNS's default policy: without this
        // Allow, CloudWatch could not publish a single alarm.
        alarmTopic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(alarmTopic.getTopicArn()))
                .conditions(fromOwnAlarms)
                .build());
        props.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        return alarmTopic;
    }

    private static SharedMetrics sharedMetrics(MonitoringProps props) {
        IFunction worker = props.worker();
        IFunction purge = props.purge();
        Metric oldestMessage = props.changeQueue().metricApproximateAgeOfOldestMessage(stat("Maximum", MINUTE));
        Metric dlqDepth = props.deadLetterQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE));
        Metric dlqOldest = props.deadLetterQueue().metricApproximateAgeOfOldestMessage(stat("Maximum", HOUR));
        // The stream mappings' on-failure destination: records arriving in the failure bucket (S3 request metrics of
        // its aws/lambda/ filter; why this signal: FailureRecords), or metadata waiting on the stream-failure queue.
        StreamFailureDestination failures = props.streamFailures();
        Metric streamFailures = failures.failureBucket()
                .map(bucket -> Metric.Builder.create()
                        .namespace("AWS/S3")
                        .metricName("PutRequests")
                        .dimensionsMap(new TreeMap<>(Map.of("BucketName", bucket.getBucketName(),
                                "FilterId", FailureRecords.METRICS_FILTER_ID)))
                        .statistic("Sum")
                        .period(MINUTE)
                        .build())
                .orElseGet(() -> failures.failureQueue().orElseThrow()
                        .metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE)));
        Metric backfillDlqDepth = props.backfillDeadLetterQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE));
        MathExpression workerErrorRate = MathExpression.Builder.create()
                .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                .usingMetrics(new TreeMap<>(Map.of(
                        "errors", worker.metricErrors(stat("Sum", FIVE_MINUTES)),
                        "invocations", worker.metricInvocations(stat("Sum", FIVE_MINUTES)))))
                .label("Worker error rate (%)")
                .period(FIVE_MINUTES)
                .build();
        Metric workerThrottles = worker.metricThrottles(stat("Sum", FIVE_MINUTES));
        Metric purgeErrors = purge.metricErrors(stat("Sum", HOUR));
        return new SharedMetrics(worker, purge, oldestMessage, dlqDepth, dlqOldest, streamFailures, backfillDlqDepth,
                workerErrorRate, workerThrottles, purgeErrors);
    }

    private void sharedAlarms(SharedMetrics m, AlarmThresholds t) {
        alarm(DEAD_LETTER_QUEUE_NOT_EMPTY, m.dlqDepth(), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "Messages failed maxReceiveCount times and wait in the dead-letter queue: read the reason in the "
                        + "worker logs, fix, then redrive them to the change queue.");
        alarm(DEAD_LETTER_QUEUE_MESSAGES_EXPIRING, m.dlqOldest(), DLQ_OLDEST_MESSAGE_ALARM_SECONDS,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "A dead-letter message is older than " + DLQ_OLDEST_MESSAGE_ALARM_SECONDS / 86_400
                        + " days; SQS deletes it at 14 days. Redrive (or reconcile) before it is lost.");
        if (plan.has(STREAM_FAILURE_RECORDS_WRITTEN)) {
            alarm(STREAM_FAILURE_RECORDS_WRITTEN, m.streamFailures(), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "Lambda gave up on a stream batch (retries or maximum record age exhausted) and wrote its whole "
                            + "invocation record, the records included, to the failure bucket under aws/lambda/. Replay "
                            + "those records (no 24 h limit) or repair with reconcile before the bucket expires them.");
        } else {
            alarm(STREAM_FAILURE_QUEUE_NOT_EMPTY, m.streamFailures(), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "A stream batch exhausted its retries or maximum record age; its shard and sequence range are on the "
                            + "stream-failure queue. Re-read that range within the stream's 24 h retention.");
        }
        alarm(BACKFILL_DEAD_LETTER_QUEUE_NOT_EMPTY, m.backfillDlqDepth(), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "A backfill work item (a Scan segment with its continuation, or an export data file) failed "
                        + "maxReceiveCount times and waits in the backfill dead-letter queue with its reason: fix the "
                        + "cause, then redrive it to the backfill queue; the segment resumes from its continuation.");
        alarm(OLDEST_MESSAGE_AGE_HIGH, m.oldestMessage(), t.oldestMessageSeconds(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 5,
                "The worker is not keeping up with the change queue: the search index lags the table.");
        alarm(WORKER_ERROR_RATE_HIGH, m.workerErrorRate(), t.workerErrorRatePercent(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 3,
                "Worker invocations fail (whole batches, not single records): check the cluster, permissions and logs.");
        alarm(WORKER_THROTTLED, m.workerThrottles(), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3,
                "The worker is throttled for 15 minutes: the account's (or the function's reserved) concurrency is "
                        + "exhausted, so messages wait and may dead-letter.");
        alarm(PURGE_FAILED, m.purgeErrors(), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "The daily tombstone purge failed: tombstones accumulate (search results stay correct, the index grows).");
    }

    /**
     * The alarms of one table's forwarder and its records in the worker (failed, fields quarantined), and its row of four
     * dashboard graphs.
     */
    private IWidget[] tableAlarmsAndRow(String table, IFunction forwarder, MonitoringProps props) {
        AlarmThresholds t = props.thresholds();
        StreamFailureDestination failures = props.streamFailures();
        Metric iteratorAge = forwarder.metric("IteratorAge", stat("Maximum", MINUTE));
        Metric deliveryFailures = forwarder.metric("DestinationDeliveryFailures", stat("Sum", FIVE_MINUTES));
        Metric forwarderThrottles = forwarder.metricThrottles(stat("Sum", FIVE_MINUTES));
        Metric recordsFailed = customForAlarm(RECORDS_FAILED, WorkerMetricNames.SERVICE, table, "Sum", FIVE_MINUTES);
        Metric quarantined = customForAlarm(QUARANTINED_FIELDS, WorkerMetricNames.SERVICE, table, "Sum", FIVE_MINUTES);
        alarm(ITERATOR_AGE_HIGH + table, iteratorAge, t.iteratorAgeSeconds() * 1000.0,
                ComparisonOperator.GREATER_THAN_THRESHOLD, 5,
                "The forwarder of table " + table + " is falling behind its stream (records older than the "
                        + "threshold when read); records older than 24 h are lost from the stream.");
        alarm(STREAM_FAILURE_DELIVERY_FAILED + table, deliveryFailures, 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "Lambda could not write the on-failure record of a failed stream batch of table " + table
                        + " to " + failures.describe() + ": that batch's range is known only from the forwarder "
                        + "logs.");
        alarm(FORWARDER_THROTTLED + table, forwarderThrottles, 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3,
                "The forwarder of table " + table + " is throttled for 15 minutes: its stream is read late.");
        alarm(RECORDS_FAILED_ALARM + table, recordsFailed, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "Records of table " + table + " failed permanently in the worker (rejected by OpenSearch or "
                        + "unconvertible); their messages go to the dead-letter queue.");
        alarm(FIELDS_QUARANTINED + table, quarantined, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "Documents of table " + table + " were written with fields the index mapping refused moved into the "
                        + "non-indexed quarantine (searchable by their other fields, values kept in _source): "
                        + "ddbsync reconcile lists them; a template that fits them + ddbsync reindex indexes them fully.");
        return new IWidget[] {
                graph(table + ": stream read (iterator age ms, errors, throttles)", List.of(iteratorAge,
                        forwarder.metricErrors(stat("Sum", MINUTE)), forwarder.metricThrottles(stat("Sum", MINUTE)),
                        deliveryFailures), 6),
                graph(table + ": records forwarded", List.of(
                        custom(RECORDS_FORWARDED, ForwarderMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(MESSAGES_SENT, ForwarderMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(OVERSIZE_RECORDS, ForwarderMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(SEND_RETRIES, ForwarderMetricNames.SERVICE, table, "Sum", MINUTE)), 6),
                graph(table + ": documents", List.of(
                        custom(DOCUMENTS_UPSERTED, WorkerMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(DOCUMENTS_DELETED, WorkerMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(STALE_SKIPPED, WorkerMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(RECORDS_FAILED, WorkerMetricNames.SERVICE, table, "Sum", MINUTE),
                        custom(QUARANTINED_FIELDS, WorkerMetricNames.SERVICE, table, "Sum", MINUTE)), 6),
                graph(table + ": end-to-end lag (ms)", List.of(
                        custom(END_TO_END_LAG_MS, WorkerMetricNames.SERVICE, table, "p50", MINUTE),
                        custom(END_TO_END_LAG_MS, WorkerMetricNames.SERVICE, table, "p99", MINUTE)), 6)};
    }

    private void addDashboardRows(MonitoringProps props, SharedMetrics m, List<IWidget[]> tableRows, List<IWidget> searchWidgets) {
        StreamFailureDestination failures = props.streamFailures();
        IFunction worker = m.worker();
        IFunction purge = m.purge();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("### Per table\nStream read, forwarding, documents and lag of each table "
                        + "(custom metrics by `Service` and `Table`).")
                .width(24).height(2).build());
        tableRows.forEach(dashboard::addWidgets);
        dashboard.addWidgets(
                graph("Change queue depth", List.of(
                        props.changeQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE)),
                        props.changeQueue().metricApproximateNumberOfMessagesNotVisible(stat("Maximum", MINUTE))), 8),
                graph("Change queue age of oldest message (s)", List.of(m.oldestMessage()), 8),
                graph(failures.failureBucket().isPresent() ? "Dead-letter queue and failure records written (S3 PUTs)"
                        : "Dead-letter and stream-failure queues", List.of(m.dlqDepth(), m.streamFailures(), m.dlqOldest()), 8));
        dashboard.addWidgets(backfillRow(props, m));
        dashboard.addWidgets(
                graph("Worker invocations, errors, throttles", List.of(
                        worker.metricInvocations(stat("Sum", MINUTE)),
                        worker.metricErrors(stat("Sum", MINUTE)),
                        m.workerThrottles()), 8),
                graph("Worker duration (ms)", List.of(
                        worker.metricDuration(stat("p50", MINUTE)),
                        worker.metricDuration(stat("p99", MINUTE)),
                        worker.metricDuration(stat("Maximum", MINUTE))), 8),
                graph("Worker concurrency", List.of(worker.metric("ConcurrentExecutions", stat("Maximum", MINUTE))), 8));
        dashboard.addWidgets(
                graph("Bulk latency (ms) and throttled retries (all tables of the account)", List.of(
                        custom(BULK_LATENCY_MS, WorkerMetricNames.SERVICE, null, "p99", MINUTE),
                        custom(THROTTLED_RETRIES, WorkerMetricNames.SERVICE, null, "Sum", MINUTE),
                        custom(DUPLICATE_MESSAGES_SKIPPED, WorkerMetricNames.SERVICE, null, "Sum", MINUTE)), 8),
                graph("Tombstone purge invocations and errors", List.of(
                        purge.metricInvocations(stat("Sum", HOUR)), m.purgeErrors()), 8));
        for (int i = 0; i < searchWidgets.size(); i += 3) {
            dashboard.addWidgets(searchWidgets.subList(i, Math.min(i + 3, searchWidgets.size())).toArray(IWidget[]::new));
        }
    }

    /**
     * The backfill on Lambda, from AWS's own metrics of its queue and function: work items waiting (one per segment
     * being scanned or due) and in flight (segments being scanned, at most the mapping's maximum concurrency), the
     * dead-letter queue; the age of the oldest work item (a continuation waits while every slot is busy); the function's
     * invocations, errors, throttles and concurrency; its duration against its timeout. Items sent per second show on
     * the change queue and in each table's documents.
     */
    private static IWidget[] backfillRow(MonitoringProps props, SharedMetrics m) {
        IFunction backfill = props.backfillFunction();
        return new IWidget[] {
                graph("Backfill work items: waiting, in flight, dead-lettered", List.of(
                        props.backfillQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE)),
                        props.backfillQueue().metricApproximateNumberOfMessagesNotVisible(stat("Maximum", MINUTE)),
                        m.backfillDlqDepth()), 6),
                graph("Backfill age of oldest work item (s)", List.of(
                        props.backfillQueue().metricApproximateAgeOfOldestMessage(stat("Maximum", MINUTE))), 6),
                graph("Backfill function invocations, errors, throttles, concurrency", List.of(
                        backfill.metricInvocations(stat("Sum", MINUTE)),
                        backfill.metricErrors(stat("Sum", MINUTE)),
                        backfill.metricThrottles(stat("Sum", MINUTE)),
                        backfill.metric("ConcurrentExecutions", stat("Maximum", MINUTE))), 6),
                graph("Backfill function duration (ms)", List.of(
                        backfill.metricDuration(stat("p50", MINUTE)),
                        backfill.metricDuration(stat("Maximum", MINUTE))), 6)};
    }

    /** AWS's recommended OpenSearch Service alarms that apply to this domain, and its widgets. */
    private List<IWidget> domainAlarms(MonitoringProps.DomainShape domain) {
        Map<String, String> dims = Map.of("DomainName", domain.name(), "ClientId", domain.accountId());
        Metric red = es("ClusterStatus.red", dims, "Maximum", MINUTE);
        Metric yellow = es("ClusterStatus.yellow", dims, "Maximum", MINUTE);
        Metric writesBlocked = es("ClusterIndexWritesBlocked", dims, "Maximum", FIVE_MINUTES);
        Metric snapshotFailure = es("AutomatedSnapshotFailure", dims, "Maximum", MINUTE);
        Metric cpu = es("CPUUtilization", dims, "Maximum", FIFTEEN_MINUTES);
        Metric jvm = es("JVMMemoryPressure", dims, "Maximum", MINUTE);
        Metric oldGen = es("OldGenJVMMemoryPressure", dims, "Maximum", MINUTE);
        Metric freeStorage = es("FreeStorageSpace", dims, "Minimum", MINUTE);
        Metric writeRejected = es("ThreadpoolWriteRejected", dims, "Sum", FIVE_MINUTES);
        ComparisonOperator atLeast = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
        alarm(CLUSTER_STATUS_RED, red, 1, atLeast, 1,
                "At least one primary shard of the OpenSearch domain is unassigned: writes to it fail.");
        if (plan.has(CLUSTER_STATUS_YELLOW)) {
            // With one data node replicas can never be assigned, so yellow is that domain's normal state;
            // an existing domain whose node count is not given gets no yellow alarm rather than a false one.
            alarm(CLUSTER_STATUS_YELLOW, yellow, 1, atLeast, 5,
                    "At least one replica shard is unassigned for 5 minutes: one more node failure can lose data.");
        }
        alarm(CLUSTER_INDEX_WRITES_BLOCKED, writesBlocked, 1, atLeast, 1,
                "The cluster blocks writes (disk watermark, memory pressure): every bulk write fails.");
        alarm(AUTOMATED_SNAPSHOT_FAILURE, snapshotFailure, 1, atLeast, 1,
                "An automated snapshot failed: check the cluster's health (red status, disk).");
        alarm(CPU_UTILIZATION_HIGH, cpu, 80, atLeast, 3,
                "Data node CPU is at or above 80 % for 45 minutes: writes slow down and may be rejected.");
        alarm(JVM_MEMORY_PRESSURE_HIGH, jvm, 95, atLeast, 3,
                "JVM memory pressure is at or above 95 %: the cluster may reject requests and run out of memory.");
        alarm(OLD_GEN_JVM_MEMORY_PRESSURE_HIGH, oldGen, 80, atLeast, 3,
                "Old-generation JVM memory pressure is at or above 80 %: garbage collection no longer frees memory.");
        domain.shape().volumeGiB().filter(gib -> plan.has(FREE_STORAGE_SPACE_LOW)).ifPresent(gib -> alarm(FREE_STORAGE_SPACE_LOW, freeStorage, gib * 1024 * 0.25,
                ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "A data node has 25 % or less of its " + gib + " GiB storage free: at the flood-stage watermark "
                        + "OpenSearch blocks writes."));
        alarm(WRITE_REJECTIONS, writeRejected, 1, atLeast, 2,
                "OpenSearch rejects bulk writes (write thread pool full): lower workerMaxConcurrency or scale the domain.");
        List<IWidget> widgets = new ArrayList<>(List.of(
                graph("OpenSearch cluster status", List.of(es("ClusterStatus.green", dims, "Maximum", MINUTE), yellow, red), 8),
                graph("OpenSearch CPU and JVM memory pressure (%)", List.of(
                        es("CPUUtilization", dims, "Maximum", MINUTE), jvm, oldGen), 8),
                graph("OpenSearch writes blocked, rejected; free storage (MB)", List.of(writesBlocked, writeRejected,
                        freeStorage), 8),
                graph("OpenSearch automated snapshot failures", List.of(snapshotFailure), 8)));
        if (plan.has(MASTER_CPU_UTILIZATION_HIGH)) {
            Metric masterCpu = es("MasterCPUUtilization", dims, "Maximum", FIFTEEN_MINUTES);
            Metric masterJvm = es("MasterJVMMemoryPressure", dims, "Maximum", MINUTE);
            Metric masterOldGen = es("MasterOldGenJVMMemoryPressure", dims, "Maximum", MINUTE);
            alarm(MASTER_CPU_UTILIZATION_HIGH, masterCpu, 50, atLeast, 3,
                    "Dedicated master CPU is at or above 50 % for 45 minutes: the master instance type is too small.");
            alarm(MASTER_JVM_MEMORY_PRESSURE_HIGH, masterJvm, 95, atLeast, 1,
                    "Dedicated master JVM memory pressure is at or above 95 %: cluster instability follows.");
            alarm(MASTER_OLD_GEN_JVM_MEMORY_PRESSURE_HIGH, masterOldGen, 80, atLeast, 1,
                    "Dedicated master old-generation JVM memory pressure is at or above 80 %.");
            widgets.add(graph("OpenSearch dedicated masters (%)", List.of(masterCpu, masterJvm, masterOldGen), 8));
        }
        return widgets;
    }

    private String alarmArnPattern() {
        return "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:" + namePrefix + "-*";
    }

    private void alarm(String id, IMetric metric, double threshold, ComparisonOperator operator, int periods,
                       String description) {
        alarmIds.add(id);
        alarms.add(Alarm.Builder.create(this, id)
                .alarmName(namePrefix + "-" + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(operator)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static MetricOptions stat(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    /** A custom metric of the [Service, Table] dimension set, or of [Service] when {@code table} is null. */
    private static Metric custom(String name, String service, String table, String statistic, Duration period) {
        Map<String, String> dims = table == null ? Map.of(MetricDimensions.SERVICE, service)
                : new TreeMap<>(Map.of(MetricDimensions.SERVICE, service, MetricDimensions.TABLE, table));
        return Metric.Builder.create()
                .namespace(MetricDimensions.NAMESPACE)
                .metricName(name)
                .dimensionsMap(dims)
                .statistic(statistic)
                .period(period)
                .label(name + " (" + statistic + ")")
                .build();
    }

    /** As {@link #custom}, unlabelled: an alarm on a labelled metric is written as a metric-math query. */
    private static Metric customForAlarm(String name, String service, String table, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(MetricDimensions.NAMESPACE)
                .metricName(name)
                .dimensionsMap(new TreeMap<>(Map.of(MetricDimensions.SERVICE, service, MetricDimensions.TABLE, table)))
                .statistic(statistic)
                .period(period)
                .build();
    }

    private static Metric es(String name, Map<String, String> dims, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace("AWS/ES")
                .metricName(name)
                .dimensionsMap(dims)
                .statistic(statistic)
                .period(period)
                .build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics, int width) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(new ArrayList<IMetric>(metrics))
                .width(width)
                .height(6)
                .build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** The alarms this construct created, by id: the plan of its configuration. */
    public AlarmPlan plan() {
        return plan;
    }
}

package io.ddbsync.infra.constructs;

import static io.ddbsync.infra.MetricNames.*;

import io.ddbsync.infra.config.AlarmThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The operator's view: one CloudWatch dashboard (forwarder, queues, worker, OpenSearch) and the
 * alarms that page through an SNS topic (with an e-mail subscription when an address is given).
 */
public class Monitoring extends Construct {

    private static final Duration MINUTE = Duration.minutes(1);
    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    private final Dashboard dashboard;
    private final Topic alarmTopic;
    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, MonitoringProps props) {
        super(scope, id);
        Key topicKey = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the ddbsync alarm topic; CloudWatch may use it to publish alarms")
                .enableKeyRotation(true)
                .build();
        topicKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        this.alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("ddbsync alarms")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        props.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));

        IFunction forwarder = props.forwarder();
        IFunction worker = props.worker();
        AlarmThresholds t = props.thresholds();

        Metric iteratorAge = forwarder.metric("IteratorAge", stat("Maximum", MINUTE));
        Metric oldestMessage = props.changeQueue().metricApproximateAgeOfOldestMessage(stat("Maximum", MINUTE));
        Metric dlqDepth = props.deadLetterQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE));
        Metric streamFailureDepth = props.streamFailureQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE));
        MathExpression workerErrorRate = MathExpression.Builder.create()
                .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                .usingMetrics(new java.util.TreeMap<>(Map.of(
                        "errors", worker.metricErrors(stat("Sum", FIVE_MINUTES)),
                        "invocations", worker.metricInvocations(stat("Sum", FIVE_MINUTES)))))
                .label("Worker error rate (%)")
                .period(FIVE_MINUTES)
                .build();

        alarm("DeadLetterQueueNotEmpty", dlqDepth, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "Messages failed maxReceiveCount times and wait in the dead-letter queue: read the reason in the "
                        + "worker logs, fix, then redrive them to the change queue.");
        alarm("StreamFailureQueueNotEmpty", streamFailureDepth, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "A stream batch exhausted its retries or maximum record age; its shard and sequence range are on the "
                        + "stream-failure queue. Re-read that range within the stream's 24 h retention.");
        alarm("IteratorAgeHigh", iteratorAge, t.iteratorAgeSeconds() * 1000.0,
                ComparisonOperator.GREATER_THAN_THRESHOLD, 5,
                "The forwarder is falling behind the table's stream (records are older than the threshold when read); "
                        + "records older than 24 h are lost from the stream.");
        alarm("OldestMessageAgeHigh", oldestMessage, t.oldestMessageSeconds(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 5,
                "The worker is not keeping up with the change queue: the search index lags the table.");
        alarm("WorkerErrorRateHigh", workerErrorRate, t.workerErrorRatePercent(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 3,
                "Worker invocations fail (whole batches, not single records): check the cluster, permissions and logs.");

        List<IWidget> searchWidgets = new ArrayList<>();
        if (props.domainName().isPresent()) {
            Map<String, String> domainDims = Map.of("DomainName", props.domainName().get(),
                    "ClientId", props.domainAccountId().orElseThrow());
            Metric red = esMetric("ClusterStatus.red", domainDims, "Maximum", MINUTE);
            Metric writeRejected = esMetric("ThreadpoolWriteRejected", domainDims, "Sum", FIVE_MINUTES);
            alarm("ClusterStatusRed", red, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "At least one primary shard of the OpenSearch domain is unassigned: writes to it fail.");
            alarm("WriteRejections", writeRejected, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 2,
                    "OpenSearch rejects bulk writes (write thread pool full): lower workerMaxConcurrency or scale the domain.");
            searchWidgets.add(graph("OpenSearch cluster status", List.of(
                    esMetric("ClusterStatus.green", domainDims, "Maximum", MINUTE),
                    esMetric("ClusterStatus.yellow", domainDims, "Maximum", MINUTE), red)));
            searchWidgets.add(graph("OpenSearch CPU and JVM memory pressure (%)", List.of(
                    esMetric("CPUUtilization", domainDims, "Maximum", MINUTE),
                    esMetric("JVMMemoryPressure", domainDims, "Maximum", MINUTE))));
            searchWidgets.add(graph("OpenSearch write rejections", List.of(writeRejected)));
        }
        alarms.forEach(a -> a.addAlarmAction(new SnsAction(alarmTopic)));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.dashboardName())
                .build();
        dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                .title("ddbsync alarms")
                .alarms(new ArrayList<IAlarm>(alarms))
                .width(24)
                .build());
        dashboard.addWidgets(
                graph("Forwarder iterator age (ms)", List.of(iteratorAge)),
                graph("Forwarder invocations, errors, throttles", List.of(
                        forwarder.metricInvocations(stat("Sum", MINUTE)),
                        forwarder.metricErrors(stat("Sum", MINUTE)),
                        forwarder.metricThrottles(stat("Sum", MINUTE)))),
                graph("Forwarder duration (ms)", List.of(
                        forwarder.metricDuration(stat("p50", MINUTE)),
                        forwarder.metricDuration(stat("p99", MINUTE)),
                        forwarder.metricDuration(stat("Maximum", MINUTE)))),
                graph("Records forwarded", List.of(
                        custom(RECORDS_FORWARDED, FORWARDER_SERVICE, "Sum"),
                        custom(MESSAGES_SENT, FORWARDER_SERVICE, "Sum"),
                        custom(OVERSIZE_RECORDS, FORWARDER_SERVICE, "Sum"),
                        custom(SEND_RETRIES, FORWARDER_SERVICE, "Sum"))));
        dashboard.addWidgets(
                graph("Change queue depth", List.of(
                        props.changeQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", MINUTE)),
                        props.changeQueue().metricApproximateNumberOfMessagesNotVisible(stat("Maximum", MINUTE)))),
                graph("Change queue age of oldest message (s)", List.of(oldestMessage)),
                graph("Dead-letter and stream-failure queue depth", List.of(dlqDepth, streamFailureDepth)));
        dashboard.addWidgets(
                graph("Worker invocations and errors", List.of(
                        worker.metricInvocations(stat("Sum", MINUTE)),
                        worker.metricErrors(stat("Sum", MINUTE)),
                        worker.metricThrottles(stat("Sum", MINUTE)))),
                graph("Worker duration (ms)", List.of(
                        worker.metricDuration(stat("p50", MINUTE)),
                        worker.metricDuration(stat("p99", MINUTE)),
                        worker.metricDuration(stat("Maximum", MINUTE)))),
                graph("Worker concurrency", List.of(worker.metric("ConcurrentExecutions", stat("Maximum", MINUTE)))));
        dashboard.addWidgets(
                graph("Documents", List.of(
                        custom(DOCUMENTS_UPSERTED, WORKER_SERVICE, "Sum"),
                        custom(DOCUMENTS_DELETED, WORKER_SERVICE, "Sum"),
                        custom(STALE_SKIPPED, WORKER_SERVICE, "Sum"),
                        custom(RECORDS_FAILED, WORKER_SERVICE, "Sum"),
                        custom(DUPLICATE_MESSAGES_SKIPPED, WORKER_SERVICE, "Sum"))),
                graph("End-to-end lag (ms)", List.of(
                        custom(END_TO_END_LAG_MS, WORKER_SERVICE, "p50"),
                        custom(END_TO_END_LAG_MS, WORKER_SERVICE, "p99"))),
                graph("Bulk latency (ms) and throttled retries", List.of(
                        custom(BULK_LATENCY_MS, WORKER_SERVICE, "p99"),
                        custom(THROTTLED_RETRIES, WORKER_SERVICE, "Sum"))));
        if (!searchWidgets.isEmpty()) {
            dashboard.addWidgets(searchWidgets.toArray(IWidget[]::new));
        }
    }

    private void alarm(String id, IMetric metric, double threshold, ComparisonOperator operator, int periods,
                       String description) {
        alarms.add(Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(operator)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static software.amazon.awscdk.services.cloudwatch.MetricOptions stat(String statistic, Duration period) {
        return software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                .statistic(statistic).period(period).build();
    }

    private static Metric custom(String name, String service, String statistic) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(DIMENSION, service))
                .statistic(statistic)
                .period(MINUTE)
                .label(name + " (" + statistic + ")")
                .build();
    }

    private static Metric esMetric(String name, Map<String, String> dims, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace("AWS/ES")
                .metricName(name)
                .dimensionsMap(dims)
                .statistic(statistic)
                .period(period)
                .build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(new ArrayList<IMetric>(metrics))
                .width(8)
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
}

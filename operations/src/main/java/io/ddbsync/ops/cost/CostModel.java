package io.ddbsync.ops.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * Cost per million changes of this design next to an OpenSearch Ingestion (OSI) DynamoDB pipeline,
 * for a steady rate of changes of one table. The OpenSearch domain is left out: both write to one.
 *
 * <p>ddbsync, per million changes at r changes/s:
 * <ul>
 *   <li>stream shards s = ⌈r / shardRate⌉; records per forwarder invocation
 *       n = min(forwarderBatch, max(1, r/s × window)); forwarder invocations F = 10⁶ / n.</li>
 *   <li>queue bytes per invocation b = n × bytesPerChange (compressed or plain, as the forwarder
 *       sends them); messages per invocation m = ⌈b / maxBody⌉; send units per invocation
 *       = max(⌈m / 10⌉, ⌈b / 64 KiB⌉) (10 entries and 1 MiB per SendMessageBatch).</li>
 *   <li>messages/s q = r × m / n; messages per worker invocation k = min(workerBatch, max(1, q × window));
 *       worker invocations W = F × m / k; each receives k messages (receive units ⌈k × b/m / 64 KiB⌉)
 *       and deletes them in one call (one unit).</li>
 *   <li>Lambda: (F × forwarderSeconds × forwarderGb + W × workerSeconds(k) × workerGb) × GB-s price
 *       + (F + W) × request price; workerSeconds(k) = workerBaseMs + workerPerMessageMs × k.</li>
 *   <li>idempotency: 2 write units per message (Powertools' conditional put, then the update to
 *       COMPLETED; records under 1 KB).</li>
 *   <li>logs: (F + W) × logBytesPerInvocation; fixed monthly (custom metrics, alarms, dashboard)
 *       spread over the month's changes r × 2,592,000.</li>
 * </ul>
 * OSI: OCUs = max(minOcus, ⌈r × bytesPerChangeRaw / (ocuMiBPerSecond × 2²⁰)⌉); cost per million
 * = OCUs × (10⁶ / r) / 3600 × OCU-hour price. One pipeline per table, so the minimum applies per table.
 */
public final class CostModel {

    /** What the model assumes about the deployment; defaults are the infra-cdk defaults and our estimates. */
    public record Assumptions(int itemBytes, double bytesPerChangeRaw, double bytesPerChangeQueued, int forwarderBatch,
                              double batchWindowSeconds, double shardChangesPerSecond, int maxBodyBytes, int workerBatch,
                              double forwarderMs, double forwarderGb, double workerBaseMs, double workerPerMessageMs,
                              double workerGb, double logBytesPerInvocation, int customMetrics, int alarms, int dashboards,
                              int osiMinOcus, double osiMiBPerSecondPerOcu) {

        /**
         * 1 KB items, queued compressed (465 bytes per change on the queue and 1,397 plain, from
         * stream-forwarder's SendVolumeReportTest on prose-like posts); forwarder BatchSize 500,
         * window 1 s, worker BatchSize 10, MAX_MESSAGE_BYTES 262144 (infra-cdk defaults); 1,000
         * changes/s per stream shard; Lambda durations are estimates, not measured on AWS.
         *
         * @param alarms the alarms the deployment creates: the count of infra-cdk's {@code AlarmPlan}
         *               for its configuration (20 for the one-table demo stack), never a guess
         */
        public static Assumptions defaults(int alarms) {
            if (alarms < 1) {
                throw new IllegalArgumentException("a deployment has at least one alarm, got " + alarms);
            }
            return new Assumptions(1_000, 1_397, 465, 500, 1.0, 1_000, 262_144 - 512, 10,
                    40, 0.5, 80, 8, 1.0, 1_000, 18, alarms, 1, 1, 2.0);
        }

        public Assumptions plain() {
            return withQueuedBytes(bytesPerChangeRaw);
        }

        public Assumptions withQueuedBytes(double bytes) {
            return new Assumptions(itemBytes, bytesPerChangeRaw, bytes, forwarderBatch, batchWindowSeconds, shardChangesPerSecond,
                    maxBodyBytes, workerBatch, forwarderMs, forwarderGb, workerBaseMs, workerPerMessageMs, workerGb,
                    logBytesPerInvocation, customMetrics, alarms, dashboards, osiMinOcus, osiMiBPerSecondPerOcu);
        }

        public Assumptions withOsiMinOcus(int ocus) {
            return new Assumptions(itemBytes, bytesPerChangeRaw, bytesPerChangeQueued, forwarderBatch, batchWindowSeconds,
                    shardChangesPerSecond, maxBodyBytes, workerBatch, forwarderMs, forwarderGb, workerBaseMs, workerPerMessageMs,
                    workerGb, logBytesPerInvocation, customMetrics, alarms, dashboards, ocus, osiMiBPerSecondPerOcu);
        }
    }

    /** One cost line, in dollars per million changes. */
    public record Line(String name, double dollars, String detail) {
    }

    /** The lines of one design and their sum. */
    public record Estimate(double changesPerSecond, List<Line> lines) {
        public double total() {
            return lines.stream().mapToDouble(Line::dollars).sum();
        }
    }

    static final double MILLION = 1_000_000;
    static final double CHUNK = 65_536;
    static final double SECONDS_PER_MONTH = 2_592_000; // 30 days

    private final Prices prices;
    private final Assumptions a;

    public CostModel(Prices prices, Assumptions assumptions) {
        this.prices = prices;
        this.a = assumptions;
    }

    public Estimate ddbsync(double changesPerSecond) {
        double r = requirePositive(changesPerSecond);
        double shards = Math.ceil(r / a.shardChangesPerSecond());
        double n = Math.min(a.forwarderBatch(), Math.max(1, Math.floor(r / shards * a.batchWindowSeconds())));
        double forwarderInvocations = MILLION / n;
        double bytesPerInvocation = n * a.bytesPerChangeQueued();
        double messagesPerInvocation = Math.ceil(bytesPerInvocation / a.maxBodyBytes());
        double sendUnits = forwarderInvocations * Math.max(Math.ceil(messagesPerInvocation / 10), Math.ceil(bytesPerInvocation / CHUNK));
        double messages = forwarderInvocations * messagesPerInvocation;
        double messagesPerSecond = r * messagesPerInvocation / n;
        double k = Math.min(a.workerBatch(), Math.max(1, Math.floor(messagesPerSecond * a.batchWindowSeconds())));
        double workerInvocations = messages / k;
        double bytesPerMessage = bytesPerInvocation / messagesPerInvocation;
        double receiveUnits = workerInvocations * Math.ceil(k * bytesPerMessage / CHUNK);
        double deleteUnits = workerInvocations;
        double forwarderGbSeconds = forwarderInvocations * a.forwarderMs() / 1000 * a.forwarderGb();
        double workerSeconds = (a.workerBaseMs() + a.workerPerMessageMs() * k) / 1000;
        double workerGbSeconds = workerInvocations * workerSeconds * a.workerGb();
        double writeUnits = 2 * messages;
        double logGb = (forwarderInvocations + workerInvocations) * a.logBytesPerInvocation() / 1e9;
        double monthly = a.customMetrics() * prices.customMetricMonth() + a.alarms() * prices.alarmMonth()
                + a.dashboards() * prices.dashboardMonth();
        double changesPerMonth = r * SECONDS_PER_MONTH;

        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Lambda compute", (forwarderGbSeconds + workerGbSeconds) * prices.lambdaGbSecond(),
                String.format("%,.0f forwarder invocations of %,.0f changes, %,.0f worker invocations of %,.0f message(s); %,.0f GB-s",
                        forwarderInvocations, n, workerInvocations, k, forwarderGbSeconds + workerGbSeconds)));
        lines.add(new Line("Lambda requests", (forwarderInvocations + workerInvocations) * prices.lambdaRequest(),
                String.format("%,.0f requests", forwarderInvocations + workerInvocations)));
        lines.add(new Line("SQS", (sendUnits + receiveUnits + deleteUnits) * prices.sqsRequest(),
                String.format("%,.0f billed units (send %,.0f, receive %,.0f, delete %,.0f); %,.0f messages",
                        sendUnits + receiveUnits + deleteUnits, sendUnits, receiveUnits, deleteUnits, messages)));
        lines.add(new Line("idempotency (DynamoDB)", writeUnits * prices.dynamoDbWriteUnit(),
                String.format("%,.0f write units", writeUnits)));
        lines.add(new Line("CloudWatch Logs", logGb * prices.logsIngestedGb(), String.format("%,.3f GB", logGb)));
        lines.add(new Line("metrics, alarms, dashboard", monthly / (changesPerMonth / MILLION),
                String.format("$%,.2f a month (%d metrics, %d alarms, %d dashboard) over %,.0f million changes a month",
                        monthly, a.customMetrics(), a.alarms(), a.dashboards(), changesPerMonth / MILLION)));
        return new Estimate(r, lines);
    }

    public Estimate openSearchIngestion(double changesPerSecond) {
        double r = requirePositive(changesPerSecond);
        double mib = r * a.bytesPerChangeRaw() / 1_048_576;
        double ocus = Math.max(a.osiMinOcus(), Math.ceil(mib / a.osiMiBPerSecondPerOcu()));
        double hours = MILLION / r / 3600;
        return new Estimate(r, List.of(new Line("OSI OCU-hours", ocus * hours * prices.ingestionOcuHour(),
                String.format("%,.0f OCU x %,.3f h (%.2f MiB/s; min %d OCU per pipeline, %.1f MiB/s per OCU)", ocus, hours, mib,
                        a.osiMinOcus(), a.osiMiBPerSecondPerOcu()))));
    }

    private static double requirePositive(double r) {
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new IllegalArgumentException("changes per second must be positive, got " + r);
        }
        return r;
    }
}

package io.ddbsync.ops.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CostModelTest {

    /** The one-table demo stack's alarms (infra-cdk's AlarmPlanTest counts them in the synthesized template). */
    private static final int DEMO_ALARMS = 21;

    private final CostModel model = new CostModel(Prices.US_EAST_1, CostModel.Assumptions.defaults(DEMO_ALARMS));

    private static Map<String, Double> lines(CostModel.Estimate e) {
        return e.lines().stream().collect(Collectors.toMap(CostModel.Line::name, CostModel.Line::dollars));
    }

    @Test
    void ddbsync_100PerSecond_fullForwarderBatchesAndOneMessagePerWorkerInvocation() {
        Map<String, Double> l = lines(model.ddbsync(100));

        // 10,000 forwarder invocations of 100 changes (46,500 queued bytes: 1 message, 1 send unit),
        // 1 message/s so 10,000 worker invocations of 1 message (1 receive unit, 1 delete)
        assertThat(l.get("SQS")).isCloseTo(30_000 * 0.40e-6, within(1e-12));
        assertThat(l.get("Lambda requests")).isCloseTo(20_000 * 0.20e-6, within(1e-12));
        // forwarder 10,000 x 0.040 s x 0.5 GB + worker 10,000 x 0.088 s x 1 GB = 1,080 GB-s
        assertThat(l.get("Lambda compute")).isCloseTo(1_080 * 0.0000133334, within(1e-9));
        assertThat(l.get("idempotency (DynamoDB)")).isCloseTo(20_000 * 0.625e-6, within(1e-12));
        assertThat(l.get("CloudWatch Logs")).isCloseTo(0.020 * 0.50, within(1e-12));
        // 42 metrics (21 names x [Service] and [Service, Table]), 21 alarms, 1 dashboard = $17.70 a month over 259.2 million changes
        assertThat(l.get("metrics, alarms, dashboard")).isCloseTo(17.70 / 259.2, within(1e-9));
    }

    @Test
    void ddbsync_10000PerSecond_matchesTheForwardersBilledUnitTable() {
        Map<String, Double> l = lines(model.ddbsync(10_000));

        // forwarder batches of 500 (1,000 changes/s per shard): per 1,000 changes 2 messages of 232,500 bytes,
        // 8 send units + 7.2 receive units + 0.2 delete = 15.4 (SendVolumeReportTest measures 16 at BatchSize 500)
        assertThat(l.get("SQS")).isCloseTo(15_400 * 0.40e-6, within(1e-12));
        // 2,000 forwarder invocations of 500 changes + 200 worker invocations of 10 messages
        assertThat(l.get("Lambda requests")).isCloseTo(2_200 * 0.20e-6, within(1e-12));
    }

    @Test
    void openSearchIngestion_lowRate_paysTheMinimumOcuForTheWholeTime() {
        assertThat(model.openSearchIngestion(100).total()).isCloseTo(1 * 10_000 / 3600.0 * 0.24, within(1e-9));
        CostModel two = new CostModel(Prices.US_EAST_1, CostModel.Assumptions.defaults(DEMO_ALARMS).withOsiMinOcus(2));
        assertThat(two.openSearchIngestion(100).total()).isCloseTo(2 * 10_000 / 3600.0 * 0.24, within(1e-9));
    }

    @Test
    void openSearchIngestion_highRate_scalesOcusWithBytes() {
        // 10,000 x 1,397 bytes = 13.3 MiB/s at 2 MiB/s per OCU: 7 OCUs for 100 s
        assertThat(model.openSearchIngestion(10_000).total()).isCloseTo(7 * 100 / 3600.0 * 0.24, within(1e-9));
    }

    @Test
    void compare_defaults_ddbsyncUnderAFifthOfOsiAt100PerSecond() {
        assertThat(model.ddbsync(100).total()).isLessThan(model.openSearchIngestion(100).total() / 5);
    }

    @Test
    void ddbsync_plainBodies_costMoreSqsThanCompressed() {
        CostModel plain = new CostModel(Prices.US_EAST_1, CostModel.Assumptions.defaults(DEMO_ALARMS).plain());

        assertThat(lines(plain.ddbsync(10_000)).get("SQS")).isGreaterThan(lines(model.ddbsync(10_000)).get("SQS") * 2);
    }

    @Test
    void ddbsync_moreAlarms_costTheirMonthlyPriceMore() {
        CostModel threeTables = new CostModel(Prices.US_EAST_1, CostModel.Assumptions.defaults(35));

        // 14 alarms more at $0.10 a month, over 259.2 million changes a month
        assertThat(lines(threeTables.ddbsync(100)).get("metrics, alarms, dashboard")
                - lines(model.ddbsync(100)).get("metrics, alarms, dashboard")).isCloseTo(1.40 / 259.2, within(1e-9));
    }

    @Test
    void customMetrics_threeTables_everyNameOncePerServiceAndOncePerTable() {
        int names = io.ddbsync.worker.metrics.WorkerMetricNames.COUNTERS.size()
                + io.ddbsync.worker.metrics.WorkerMetricNames.TIMINGS.size()
                + io.ddbsync.forwarder.metrics.ForwarderMetricNames.ALL.size();

        assertThat(CostModel.Assumptions.customMetrics(1)).isEqualTo(names * 2);
        assertThat(CostModel.Assumptions.defaults(32, 3).customMetrics()).isEqualTo(names * 4);
    }

    @Test
    void defaults_noAlarm_refused() {
        assertThatThrownBy(() -> CostModel.Assumptions.defaults(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one alarm");
    }

    @Test
    void ddbsync_nonPositiveRate_fails() {
        assertThatThrownBy(() -> model.ddbsync(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}

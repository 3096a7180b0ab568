package io.ddbsync.testbench.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The derived figures of {@link SmallResult}, worked out by hand. */
class BenchFiguresTest {

    private final BenchFigures figures = BenchFigures.of(SmallResult.of());

    @Test
    void openSearchPerDoc_streamAgainstRaw_ratioOfTheirCpuPerDocument() {
        assertThat(figures.openSearchPerDoc("stream", 2)).containsExactly(1.2, 1.2); // 600 ms ÷ 500 ms for 1,000 each
        assertThat(figures.openSearchPerDoc("backfill", 2)).containsExactly(1.4, 1.4);
    }

    @Test
    void ownCpuShare_forwarderPlusWorkerOverOpenSearch() {
        assertThat(figures.ownCpuShare("stream", 2)).containsExactly(0.25, 0.25); // (60 + 90) ÷ 600
        assertThat(figures.ownCpuShare("backfill", 2)).containsExactly(150.0 / 700, 150.0 / 700); // (50 + 100) ÷ 700
    }

    @Test
    void gbSecondsPerMillion_busyTimesMemory() {
        // (1 s × 0.5 GB + 3 s × 1 GB) per 1,000 changes = 3,500 GB-s per million
        assertThat(figures.gbSecondsPerMillion("stream", 2)).containsExactly(3_500.0, 3_500.0);
        // 3,500 GB-s × 0.0000133334 + 12,000 invocations per million × 0.20 USD per million
        assertThat(figures.usdPerMillion("stream", 2).get(0)).isCloseTo(3_500 * 0.0000133334 + 0.0024, within(1e-9));
        // (60 + 90) ms of CPU per 1,000 changes = 150 s per million, × 1,769 MB ÷ 1,024
        assertThat(figures.gbSecondsFloorPerMillion("stream", 2).get(0)).isCloseTo(150 * 1769 / 1024.0, within(1e-9));
    }

    @Test
    void ratiosAndPollerBusy_perConcurrency() {
        assertThat(figures.ratios("stream", 2)).containsExactly(0.5, 0.5);
        assertThat(figures.ratios("stream", 4)).containsExactly(0.8, 0.8);
        assertThat(figures.pollerBusy("stream", 2)).containsExactly(0.75, 0.75); // 3 s ÷ (2 × 2 s)
        assertThat(figures.bestConcurrency()).isEqualTo(4);
    }

    @Test
    void goals_eachMetOrNotWithItsHolder() {
        List<BenchFigures.Goal> goals = figures.goals();

        assertThat(goals).extracting(BenchFigures.Goal::status)
                .containsExactly("not met", "met", "met", "not measured", "not measured");
        assertThat(goals.get(0).holder()).startsWith("OpenSearch: 600 CPU ms per 1,000 documents under the worker's writes against raw's 500");
        assertThat(goals.get(2).measured()).isEqualTo("0.80 at concurrency 4");
        assertThat(goals.get(4).holder()).isEqualTo("run with --changes 20000");
    }
}

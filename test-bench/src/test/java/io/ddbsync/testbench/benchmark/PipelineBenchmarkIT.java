package io.ddbsync.testbench.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testbench.local.IndexSnapshot;
import io.ddbsync.testbench.local.LocalPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A smoke of {@code ddbsync bench} at a tiny size (the benchmark itself runs from the command, never in
 * {@code mvn verify}): every path of both rounds ends with all changes searchable, the report names
 * every stage, and the benchmark leaves no index of its own behind. No timing is asserted.
 */
class PipelineBenchmarkIT {

    static final int CHANGES = 300;

    @Test
    void run_tinyTwoRounds_everyPathSearchableReportNamesEveryStageAndIndexesDropped() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Settings("BenchSmoke", 2), step -> { }, x -> { })) {
            PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(CHANGES, 2, 100, 2, true, Duration.ofMinutes(5),
                    List.of(2, 4), 512, 1024);

            PipelineBenchmark.Result result = new PipelineBenchmark(p, settings, new java.io.PrintWriter(new java.io.OutputStreamWriter(printed, StandardCharsets.UTF_8), true)).run();

            assertThat(result.stream()).hasSize(2).allSatisfy(r -> assertThat(r.items()).isEqualTo(CHANGES));
            assertThat(result.raw()).hasSize(2).allSatisfy(r -> assertThat(r.items()).isEqualTo(CHANGES));
            assertThat(result.backfill()).hasSize(2).allSatisfy(r -> assertThat(r.items()).isEqualTo(CHANGES));
            assertThat(result.scan()).hasSize(2).allSatisfy(r -> assertThat(r.items()).isEqualTo(CHANGES));
            assertThat(result.streamRatios()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive().isFinite());
            assertThat(result.runs("stream", 4)).as("the rounds at the second concurrency").hasSize(2)
                    .allSatisfy(r -> assertThat(r.items()).isEqualTo(CHANGES));
            assertThat(result.runs("backfill", 4)).as("the backfill runs at the first concurrency only").isEmpty();
            // every path measured the node's CPU; the stream path its handlers' and the Streams emulation's, the raw one its client's
            for (PipelineBenchmark.Run r : result.runs()) {
                assertThat(r.cpuNanos()).as(r.path() + " round " + r.round()).containsKey("OpenSearch");
            }
            assertThat(result.stream()).allSatisfy(r -> assertThat(r.cpuNanos()).containsKeys("forwarder", "worker", "Streams emulation"));
            // (the backfill's Scan threads of 300 items may end before the sampler reads them: not asserted)
            assertThat(result.backfill()).allSatisfy(r -> assertThat(r.cpuNanos()).containsKey("worker")
                    .doesNotContainKey("forwarder"));
            assertThat(result.raw()).allSatisfy(r -> assertThat(r.cpuNanos()).containsKey("raw client")
                    .doesNotContainKeys("forwarder", "worker"));
            assertThat(result.stream()).allSatisfy(r -> assertThat(r.searchable()).last().isEqualTo((long) CHANGES));
            assertThat(result.lagP99()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(result.lagP50().get(i)).isLessThanOrEqualTo(result.lagP99().get(i));
            }
            String report = printed.toString(StandardCharsets.UTF_8);
            assertThat(report).contains("stream read", "forwarder", "change queue", "worker", "OpenSearch", "round 2 (raw first)",
                    "summary: 2 round(s) of 300 changes");
            assertThat(report).containsPattern("forwarder +[0-9,]+ invocations of [0-9,]+ records");
            assertThat(report).contains("(a) OpenSearch CPU per document", "(b) ddbsync CPU ÷ OpenSearch CPU",
                    "(c) Lambda GB-s per million changes", "goals");
            assertThat(report).containsPattern("\\n +4 +[0-9,]+ ");
            for (String index : new String[] {"bench_stream_c2_1", "bench_raw_c2_1", "bench_stream_c4_2", "bench_raw_c4_2",
                    "bench_backfill_1", "bench_scan_1", "bench_stream_warm", "bench_warm"}) {
                assertThat(IndexSnapshot.count(p.openSearch(), index)).as(index).isEqualTo(-1);
            }
        }
    }
}

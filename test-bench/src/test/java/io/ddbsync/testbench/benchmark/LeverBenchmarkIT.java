package io.ddbsync.testbench.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.testbench.local.LocalPipeline;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A smoke of {@code ddbsync bench lever} at a tiny size (the measurement itself runs from the command): both variants of
 * the round fill their index completely, the lever took effect (with {@code BULK_PER_INVOCATION} on, the worker sent no
 * more {@code _bulk} requests than with it off), and the summary prints the ratios. No timing is asserted.
 */
class LeverBenchmarkIT {

    private static final int CHANGES = 300;
    /** About 8 sample posts per message (they compress about 8:1): some 35 messages, several batches of 10. */
    private static final int MESSAGE_BYTES = 4 * 1024;

    @Test
    void run_bulkPerInvocationOnTheBackfillPath_bothVariantsCompleteAndTheSummaryPrints() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Settings("LeverSmoke", 2), step -> { }, x -> { })) {
            PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(CHANGES, 1, 100, 2, false, Duration.ofMinutes(5),
                    List.of(2), 512, 1024);

            List<LeverBenchmark.Round> rounds = new LeverBenchmark(p, settings, LeverBenchmark.Lever.of("bulk-per-invocation"),
                    LeverBenchmark.Path.BACKFILL, MESSAGE_BYTES, new PrintWriter(new OutputStreamWriter(printed, StandardCharsets.UTF_8), true)).run();

            assertThat(rounds).hasSize(1);
            LeverBenchmark.Round r = rounds.get(0);
            System.out.printf("lever smoke: _bulk requests off %d, on %d%n", r.off().handlers().bulkRequests(),
                    r.on().handlers().bulkRequests());
            assertThat(r.off().items()).isEqualTo(CHANGES);
            assertThat(r.on().items()).isEqualTo(CHANGES);
            // 300 posts in messages of at most 4 KiB: more messages than one invocation's batch, each one request when off
            assertThat(r.off().handlers().bulkRequests()).isGreaterThan(20);
            assertThat(r.on().handlers().bulkRequests()).isPositive().isLessThan(r.off().handlers().bulkRequests());
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("lever bulk-per-invocation (backfill path), on ÷ off",
                    "changes/s", "OpenSearch CPU per change", "_bulk requests");
        }
    }

    @Test
    void of_unknownName_refused() {
        assertThat(LeverBenchmark.Lever.of("Message-Size")).isEqualTo(LeverBenchmark.Lever.MESSAGE_SIZE);
        assertThatThrownBy(() -> LeverBenchmark.Lever.of("turbo")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turbo");
    }
}

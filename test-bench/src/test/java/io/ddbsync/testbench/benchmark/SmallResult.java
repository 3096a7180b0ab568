package io.ddbsync.testbench.benchmark;

import io.ddbsync.testbench.benchmark.PipelineBenchmark.Handlers;
import io.ddbsync.testbench.benchmark.PipelineBenchmark.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small benchmark result whose figures are worked out by hand: 1,000 changes, 2 rounds at worker concurrency 2 and 4,
 * the backfill at 2. Per round at concurrency 2 the stream path takes 2 s, raw 1 s; OpenSearch uses 600 ms of CPU under
 * the stream path and 500 ms under raw; the forwarder 60 ms and the worker 90 ms; the forwarder is busy 1 s in 2
 * invocations (after 0.5 s of GetRecords), the worker 3 s in 10.
 */
final class SmallResult {

    static final int CHANGES = 1_000;
    static final int FORWARDER_MB = 512;
    static final int WORKER_MB = 1024;

    private SmallResult() {
    }

    static PipelineBenchmark.Result of() {
        PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(CHANGES, 2, 500, 2, true, Duration.ofMinutes(1),
                List.of(2, 4), FORWARDER_MB, WORKER_MB);
        List<Run> runs = new ArrayList<>();
        for (int c : List.of(2, 4)) {
            for (int r = 1; r <= 2; r++) {
                long streamMillis = c == 2 ? 2_000 : 1_250;
                runs.add(new Run("stream", r, c, CHANGES, streamMillis * 1_000_000, cpu(600, 60, 90, 0, 0),
                        new Handlers(2, 1_000_000_000L, 10, 3_000_000_000L, 500_000_000L, 40), 800.0, 1_500.0, 400.0,
                        List.of(300L, 800L, (long) CHANGES), lags(900L, null, 1_500L)));
                runs.add(new Run("raw", r, c, CHANGES, 1_000_000_000L, cpu(500, 0, 0, 0, 100), Handlers.NONE, null, null, null,
                        List.of((long) CHANGES), List.of()));
            }
        }
        for (int r = 1; r <= 2; r++) {
            runs.add(new Run("backfill", r, 2, CHANGES, 2_000_000_000L, cpu(700, 0, 100, 50, 0), new Handlers(0, 0, 8, 2_000_000_000L, 0, 30),
                    500.0, 1_000.0, 200.0, List.of(400L, 900L, (long) CHANGES), lags(700L, 1_000L, null)));
            runs.add(new Run("scan", r, 2, CHANGES, 1_250_000_000L, cpu(500, 0, 0, 0, 150), Handlers.NONE, null, null, null,
                    List.of(700L, (long) CHANGES), List.of()));
        }
        return new PipelineBenchmark.Result(settings, new PipelineBenchmark.Conditions(2, 3.5, 4.0), runs);
    }

    private static Map<String, Long> cpu(long openSearchMs, long forwarderMs, long workerMs, long backfillMs, long rawMs) {
        Map<String, Long> m = new LinkedHashMap<>();
        put(m, CpuMeter.OPENSEARCH, openSearchMs);
        put(m, CpuMeter.FORWARDER, forwarderMs);
        put(m, CpuMeter.WORKER, workerMs);
        put(m, CpuMeter.BACKFILL, backfillMs);
        put(m, CpuMeter.RAW_CLIENT, rawMs);
        put(m, CpuMeter.SQS_SERVER, forwarderMs + workerMs > 0 ? 40 : 0);
        put(m, CpuMeter.OTHER, 20);
        return m;
    }

    private static void put(Map<String, Long> m, String component, long millis) {
        if (millis > 0) {
            m.put(component, millis * 1_000_000);
        }
    }

    private static List<Long> lags(Long... perSecond) {
        return Arrays.asList(perSecond);
    }
}

package io.ddbsync.model.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.WireCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The same comparison as {@link PackingBenchmark}, timed in this thread's CPU time (median of a few
 * runs after warm-up). On a machine busy with other processes wall-clock JMH scores swing widely;
 * CPU time of the measuring thread does much less, so the ratio printed here is the steadier one.
 */
final class CpuTimeComparison {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeComparison() {
    }

    static void run(int baselineMax) {
        EnvelopePacker packer = new EnvelopePacker(PackingBenchmark.LIMIT);
        List<ChangeRecord> warm = BenchData.records(10_000);
        List<JsonNode> warmTrees = trees(warm);
        for (int i = 0; i < 5; i++) {
            packer.pack("Posts", warm);
            SeedChunker.chunkByByteLength(warmTrees.subList(0, 1_000), PackingBenchmark.LIMIT);
        }
        System.out.println();
        System.out.println("thread CPU time, median of runs after warm-up");
        System.out.println("records   EnvelopePacker ns/record   seed chunkByByteLength ns/record   seed / ours");
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            List<ChangeRecord> records = BenchData.records(n);
            List<JsonNode> trees = trees(records);
            double ours = median(n >= 100_000 ? 3 : 5, () -> packer.pack("Posts", records)) / n;
            double seed = n > baselineMax ? Double.NaN
                    : median(n >= 10_000 ? 1 : 3, () -> SeedChunker.chunkByByteLength(trees, PackingBenchmark.LIMIT)) / n;
            System.out.println(String.format(Locale.ROOT, "%7d   %24.0f   %32s   %11s", n, ours,
                    Double.isNaN(seed) ? "not run" : String.format(Locale.ROOT, "%.0f", seed),
                    Double.isNaN(seed) ? "-" : String.format(Locale.ROOT, "%.1fx", seed / ours)));
        }
    }

    private static List<JsonNode> trees(List<ChangeRecord> records) {
        return records.stream().map(r -> (JsonNode) WireCodec.toJson(r)).toList();
    }

    private static double median(int runs, Runnable work) {
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            work.run();
            times[i] = THREADS.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }
}

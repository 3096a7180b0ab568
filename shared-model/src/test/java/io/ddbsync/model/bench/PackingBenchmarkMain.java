package io.ddbsync.model.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PackingBenchmark} and prints nanoseconds per record for 1,000 / 10,000 / 100,000
 * records, next to the seed post's approach and the ratio. The baseline costs time proportional
 * to the chunk size per record, so by default it runs only up to 10,000 records
 * ({@code -Dbench.baselineMax=100000} to run it at 100,000 too; that takes minutes).
 *
 * <p>{@code mvn -B -q -pl shared-model test-compile exec:exec@bench}
 */
public final class PackingBenchmarkMain {

    private PackingBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int baselineMax = Integer.getInteger("bench.baselineMax", 10_000);
        List<String> baselineSizes = new ArrayList<>();
        for (String n : List.of("1000", "10000", "100000")) {
            if (Integer.parseInt(n) <= baselineMax) {
                baselineSizes.add(n);
            }
        }
        Collection<RunResult> results = new ArrayList<>(run("envelopePacker", List.of("1000", "10000", "100000"), 2, 3));
        // the baseline takes seconds per operation at 10,000 records: fewer iterations keep the run short
        results.addAll(run("seedChunkByByteLength", baselineSizes, 1, 2));

        Map<Integer, double[]> perRecord = new TreeMap<>();
        for (RunResult r : results) {
            int n = Integer.parseInt(r.getParams().getParam("n"));
            String method = r.getParams().getBenchmark();
            double nsPerRecord = r.getPrimaryResult().getScore() * 1000.0 / n;
            double[] row = perRecord.computeIfAbsent(n, k -> new double[] {Double.NaN, Double.NaN});
            row[method.endsWith("envelopePacker") ? 0 : 1] = nsPerRecord;
        }
        System.out.println();
        System.out.println("records   EnvelopePacker ns/record   seed chunkByByteLength ns/record   seed / ours");
        for (Map.Entry<Integer, double[]> e : perRecord.entrySet()) {
            double ours = e.getValue()[0];
            double seed = e.getValue()[1];
            System.out.println(String.format(Locale.ROOT, "%7d   %24.0f   %32s   %11s", e.getKey(), ours,
                    Double.isNaN(seed) ? "not run" : String.format(Locale.ROOT, "%.0f", seed),
                    Double.isNaN(seed) ? "-" : String.format(Locale.ROOT, "%.1fx", seed / ours)));
        }
    }

    private static Collection<RunResult> run(String method, List<String> sizes, int warmups, int measurements)
            throws RunnerException {
        if (sizes.isEmpty()) {
            return List.of();
        }
        Options options = new OptionsBuilder()
                .include(PackingBenchmark.class.getName() + "." + method + "$")
                .param("n", sizes.toArray(String[]::new))
                .forks(1)
                .jvmArgsAppend("-Xmx2g")
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurements)
                .measurementTime(TimeValue.seconds(2))
                .build();
        return new Runner(options).run();
    }
}

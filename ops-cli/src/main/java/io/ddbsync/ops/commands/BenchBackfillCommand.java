package io.ddbsync.ops.commands;

import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.benchmark.BackfillBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbsync bench backfill}: the backfill on Lambda at 1, 2, 4, 8 concurrent segments next to the one-host backfill. */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measures the backfill on Lambda at several mapping concurrencies against the one-host backfill and Scan + raw _bulk.",
        description = "Starts the local services (as 'ddbsync local'), loads N items of ~1 KB into a table without a stream, then "
                + "times each path into a new index until it counts N documents: the backfill on Lambda with the backfill "
                + "mapping's maximum concurrency (and segments) of each --concurrency value, the one-host backfill (4 segments), "
                + "a parallel Scan (4 segments) + raw _bulk; the largest Lambda run last, with live writes racing it, and its "
                + "convergence check (missing / stale / ghosts). Prints items/s per row.")
public final class BenchBackfillCommand extends OpsCommand {

    @Option(names = "--items", defaultValue = "200000", paramLabel = "N", description = "Items in the table (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--concurrency", defaultValue = "1,2,4,8", split = ",", paramLabel = "N",
            description = "The backfill mapping's maximum concurrency per Lambda run (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(names = "--race-writes-per-second", defaultValue = "50", paramLabel = "N",
            description = "Live writes (puts and deletes) during the largest Lambda run; 0 = none (default: ${DEFAULT-VALUE}).")
    int raceWrites;

    @Option(names = "--round-timeout", defaultValue = "30m", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Fail when a run is not done within this (default: ${DEFAULT-VALUE}).")
    Duration rowTimeout;

    @Option(names = "--log-file", defaultValue = "target/ddbsync-bench-backfill.log", paramLabel = "FILE",
            description = "The services' and handlers' logs (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Override
    protected int execute() throws IOException, InterruptedException {
        BackfillBenchmark.Settings settings;
        try {
            settings = new BackfillBenchmark.Settings(items, concurrency, raceWrites, rowTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--items must be >= 1, --concurrency values in 1..100, --race-writes-per-second >= 0", e);
        }
        PrintWriter out = out();
        BenchPipeline.run(logFile, 4, out, String.format("ddbsync bench backfill: %,d items, Lambda concurrency %s, %d live writes/s "
                + "on the largest (logs: %s)", items, concurrency, raceWrites, logFile),
                pipeline -> new BackfillBenchmark(pipeline, settings, out).run());
        return OK;
    }
}

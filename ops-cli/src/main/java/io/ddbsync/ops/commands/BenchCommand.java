package io.ddbsync.ops.commands;

import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.local.LocalPipeline;
import io.ddbsync.testbench.local.LogToFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.ddbsync.testbench.benchmark.PipelineBenchmark;

/** {@code ddbsync bench}: the whole local pipeline against raw {@code _bulk} ({@link PipelineBenchmark}). */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchRelevanceCommand.class, BenchBackfillCommand.class},
        header = "Measures the whole local pipeline and the backfill against raw _bulk into the same OpenSearch.",
        description = "Starts the local services (as 'ddbsync local'), writes N sample posts before any poller runs, then "
                + "per round times stream → forwarder → queue → worker → index until every change is searchable, raw _bulk "
                + "of the same documents, the backfill, and Scan + raw _bulk; odd rounds run the raw path first. Prints "
                + "changes/s, ratios, end-to-end lag p50/p99 and where the time went, then the medians with their spread.")
public final class BenchCommand extends OpsCommand {

    @Option(names = "--changes", defaultValue = "50000", paramLabel = "N",
            description = "Sample posts (~1 KB) on the stream before the pollers start (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Alternating rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--forwarder-batch-size", defaultValue = "" + LocalPipeline.FORWARDER_BATCH_SIZE, paramLabel = "N",
            description = "The stream mapping's BatchSize (default: ${DEFAULT-VALUE}, as deployed).")
    int forwarderBatchSize;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N",
            description = "Scan segments of the backfill and of the raw Scan (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--no-backfill", description = "Skip the backfill and raw Scan runs.")
    boolean noBackfill;

    @Option(names = "--round-timeout", defaultValue = "15m", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Fail when a path is not searchable within this (default: ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    @Option(names = "--log-file", defaultValue = "target/ddbsync-bench.log", paramLabel = "FILE",
            description = "The services' and handlers' logs (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Override
    protected int execute() throws IOException, InterruptedException {
        PipelineBenchmark.Settings settings;
        try {
            settings = new PipelineBenchmark.Settings(changes, rounds, forwarderBatchSize, segments, !noBackfill, roundTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--changes, --rounds and --segments must be >= 1 and --forwarder-batch-size in 1..10000", e);
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        AtomicReference<LocalPipeline> started = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            LocalPipeline p = started.get();
            if (p != null) {
                p.close();
            }
        }, "ddbsync-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // the services', pollers' and handlers' log lines go to the log file (the one JSON layout), the figures to stdout
        try (LogToFile logs = LogToFile.start(logFile)) {
            PrintWriter out = out();
            out.printf("ddbsync bench: %,d changes, %d round(s), forwarder BatchSize %d (logs: %s)%n", changes, rounds,
                    forwarderBatchSize, logFile);
            out.flush();
            try (LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings("BenchPosts", segments),
                    step -> {
                        out.println("  started " + step);
                        out.flush();
                    }, started::set)) {
                new PipelineBenchmark(pipeline, settings, out).run();
            }
            return OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }
}

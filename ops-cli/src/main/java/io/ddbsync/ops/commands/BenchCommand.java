package io.ddbsync.ops.commands;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.local.LocalPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.ddbsync.testbench.benchmark.BenchReport;
import io.ddbsync.testbench.benchmark.PipelineBenchmark;

/** {@code ddbsync bench}: the whole local pipeline against raw {@code _bulk} ({@link PipelineBenchmark}). */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchRelevanceCommand.class, BenchBackfillCommand.class, BenchLeverCommand.class},
        header = "Measures the whole local pipeline and the backfill against raw _bulk into the same OpenSearch.",
        description = "Starts the local services (as 'ddbsync local'), writes N sample posts before any poller runs, then "
                + "per round times stream → forwarder → queue → worker → index until every change is searchable, raw _bulk "
                + "of the same documents, the backfill, and Scan + raw _bulk; even rounds run the raw path first. Prints "
                + "changes/s, ratios, end-to-end lag p50/p99, where the time went and the CPU per 1,000 changes of each component "
                + "(OpenSearch, the forwarder, the worker, the emulators, the raw client; Linux only), then the medians with their "
                + "spread: (a) OpenSearch CPU per document, worker ÷ raw; (b) ddbsync's CPU ÷ OpenSearch's; (c) Lambda GB-seconds "
                + "and USD per million changes at the stack's default memory sizes; the ratio per worker concurrency; the goals.")
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

    @Option(names = "--worker-concurrency", split = ",", defaultValue = "" + LocalPipeline.WORKER_CONCURRENCY,
            paramLabel = "N[,N...]",
            description = "The SQS mapping's concurrency (pollers invoking the worker); several run the rounds at each and print "
                    + "the ratio per concurrency, e.g. 2,4,8 (default: ${DEFAULT-VALUE}, as 'ddbsync local').")
    List<Integer> workerConcurrency;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write one HTML page (charts drawn by Chart.js, nothing fetched) with changes/s and lag over time per "
                    + "path, the CPU per component and the goals.")
    Path report;

    @Option(names = "--log-file", defaultValue = "target/ddbsync-bench.log", paramLabel = "FILE",
            description = "The services' and handlers' logs (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Override
    protected int execute() throws IOException, InterruptedException {
        PipelineBenchmark.Settings settings;
        try {
            // Lambda's GB-seconds at the stack's default memory sizes (infra-cdk's DdbSyncSettings)
            settings = new PipelineBenchmark.Settings(changes, rounds, forwarderBatchSize, segments, !noBackfill, roundTimeout,
                    workerConcurrency, DdbSyncSettings.DEFAULT_FORWARDER_MEMORY_MB, DdbSyncSettings.DEFAULT_WORKER_MEMORY_MB);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--changes, --rounds and --segments must be >= 1, --forwarder-batch-size in 1..10000 and "
                    + "--worker-concurrency 1..1000", e);
        }
        if (report != null && report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        PrintWriter out = out();
        BenchPipeline.run(logFile, segments, out, String.format("ddbsync bench: %,d changes, %d round(s), forwarder BatchSize %d, "
                + "worker concurrency %s (logs: %s)", changes, rounds, forwarderBatchSize, workerConcurrency, logFile), pipeline -> {
            PipelineBenchmark.Result result = new PipelineBenchmark(pipeline, settings, out).run();
            if (report != null) {
                BenchReport.write(result, report);
                out.println("report: " + report);
            }
        });
        return OK;
    }
}

package io.ddbsync.ops.commands;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.benchmark.LeverBenchmark;
import io.ddbsync.testbench.benchmark.PipelineBenchmark;
import io.ddbsync.testbench.local.LocalPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbsync bench lever}: one worker lever off against on, in alternating rounds ({@link LeverBenchmark}). */
@Command(name = "lever", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measures one worker lever: the stream path with it off and on, alternating within each round.",
        description = "Starts the local services (as 'ddbsync local'), writes N sample posts before any poller runs, then per round "
                + "runs stream → forwarder → queue → worker → index from TRIM_HORIZON with the lever off and on (even rounds on "
                + "first), each into a new index until it counts N. Prints each run, then on ÷ off (median, min–max) for "
                + "changes/s, OpenSearch's and the worker's CPU per change, _bulk requests, lag p99 and the worker's busy time. "
                + "Levers: bulk-per-invocation (BULK_PER_INVOCATION off → on), overlap (a batch's messages one at a time → "
                + "in parallel), create-first-reads (CREATE_FIRST_READS off → on; use --path backfill), message-size (the forwarder's "
                + "MAX_MESSAGE_BYTES 256 KiB → 1 MiB; use a large --forwarder-batch-size).")
public final class BenchLeverCommand extends OpsCommand {

    @Option(names = "--lever", required = true, paramLabel = "NAME", description = "bulk-per-invocation | overlap | create-first-reads | message-size")
    String lever;

    @Option(names = "--path", defaultValue = "stream", paramLabel = "stream|backfill",
            description = "stream: from the table's stream, mostly one message per worker invocation; backfill: Scan → queue, "
                    + "a backlog on the queue, so full batches (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--changes", defaultValue = "20000", paramLabel = "N",
            description = "Sample posts on the stream before the pollers start (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Alternating rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--worker-concurrency", split = ",", defaultValue = "" + LocalPipeline.WORKER_CONCURRENCY,
            paramLabel = "N[,N...]",
            description = "The SQS mapping's concurrency; one value here (default: ${DEFAULT-VALUE}, as 'ddbsync local').")
    List<Integer> workerConcurrency;

    @Option(names = "--forwarder-batch-size", defaultValue = "" + LocalPipeline.FORWARDER_BATCH_SIZE, paramLabel = "N",
            description = "The stream mapping's BatchSize (default: ${DEFAULT-VALUE}, as deployed; 1..10000).")
    int forwarderBatchSize;

    @Option(names = "--message-bytes", defaultValue = "" + io.ddbsync.model.config.ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
            paramLabel = "BYTES", description = "The forwarder's and the backfill's MAX_MESSAGE_BYTES in both variants (default: "
                    + "${DEFAULT-VALUE}, as deployed): smaller messages, more of them per worker batch.")
    int messageBytes;

    @Option(names = "--round-timeout", defaultValue = "15m", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Fail when a run is not searchable within this (default: ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    @Option(names = "--log-file", defaultValue = "target/ddbsync-bench-lever.log", paramLabel = "FILE",
            description = "The services' and handlers' logs (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Override
    protected int execute() throws IOException, InterruptedException {
        if (workerConcurrency.size() != 1) {
            throw new UsageException("--worker-concurrency takes one value for 'bench lever' (its rounds compare the lever, "
                    + "not concurrencies), got " + workerConcurrency);
        }
        LeverBenchmark.Lever chosen;
        LeverBenchmark.Path on;
        PipelineBenchmark.Settings settings;
        try {
            chosen = LeverBenchmark.Lever.of(lever);
            on = LeverBenchmark.Path.valueOf(path.toUpperCase(java.util.Locale.ROOT));
            settings = new PipelineBenchmark.Settings(changes, rounds, forwarderBatchSize, 4, false, roundTimeout,
                    workerConcurrency, DdbSyncSettings.DEFAULT_FORWARDER_MEMORY_MB, DdbSyncSettings.DEFAULT_WORKER_MEMORY_MB);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--lever must be bulk-per-invocation, overlap, create-first-reads or message-size, --path stream or backfill, --changes and --rounds >= 1, "
                    + "--worker-concurrency 1..1000, --forwarder-batch-size 1..10000", e);
        }
        if (messageBytes < io.ddbsync.model.config.ForwarderConfig.MIN_MAX_MESSAGE_BYTES
                || messageBytes > io.ddbsync.model.config.ForwarderConfig.MAX_MAX_MESSAGE_BYTES) {
            throw new UsageException("--message-bytes must be within " + io.ddbsync.model.config.ForwarderConfig.MIN_MAX_MESSAGE_BYTES
                    + ".." + io.ddbsync.model.config.ForwarderConfig.MAX_MAX_MESSAGE_BYTES);
        }
        PrintWriter out = out();
        BenchPipeline.run(logFile, 4, out, String.format("ddbsync bench lever %s, %s path: %,d changes, %d round(s), "
                + "worker concurrency %d (logs: %s)", chosen.flag(), path, changes, rounds, workerConcurrency.get(0), logFile),
                pipeline -> new LeverBenchmark(pipeline, settings, chosen, on, messageBytes, out).run());
        return OK;
    }
}

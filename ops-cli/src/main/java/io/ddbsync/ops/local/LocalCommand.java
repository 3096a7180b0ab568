package io.ddbsync.ops.local;

import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.ops.progress.StatusBoard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddbsync local}: the whole pipeline on this machine with sample posts, a live status, and
 * (with {@code --once}) an exit at convergence.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        header = "Runs the whole pipeline on this machine with sample posts and a live status.",
        description = "Runs the whole pipeline on this machine: OpenSearch, ElasticMQ, dynalite with the DynamoDB Streams "
                + "emulation, the forwarder and the worker behind their event source mapping emulators, and a Posts table "
                + "fed with sample posts: part before the pipeline starts (they arrive through the backfill), the rest "
                + "through the stream, then a trickle of inserts, edits and deletes. Ctrl-C stops everything.",
        footer = {"%nExit 1 means --once ended without convergence: --timeout passed, or messages reached the dead-letter queue."})
public final class LocalCommand implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "650", paramLabel = "N", description = "Sample posts to write (default: ${DEFAULT-VALUE}, as in the seed post).")
    int items;

    @Option(names = "--backfill-share", defaultValue = "0.5", paramLabel = "F",
            description = "Share of the posts written before the pipeline starts, so they arrive through the backfill (default: ${DEFAULT-VALUE}).")
    double backfillShare;

    @Option(names = "--trickle", defaultValue = "2", paramLabel = "N", description = "Changes per second after the initial load (default: ${DEFAULT-VALUE}; 0 = none).")
    double tricklePerSecond;

    @Option(names = "--once", description = "Stop at convergence (table = search alias, queues empty) and exit 0; 1 when not converged.")
    boolean once;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "With --once: give up after this long (30s, 10m; default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Backfill Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--table", defaultValue = "Posts", paramLabel = "TABLE", description = "The DynamoDB table (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--log-file", defaultValue = "target/ddbsync-local.log", paramLabel = "FILE",
            description = "The JSON log lines of the services and handlers (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Option(names = "--faults", paramLabel = "NAME[,NAME]|all|random",
            description = "Run the fault scenarios instead (each on its own table) and print one row per scenario; exit 0 only if all converged. "
                    + "random: --rounds seeded random interleavings of the operator's commands with the load, on one table.")
    String faults;

    @Option(names = "--rounds", defaultValue = "20", paramLabel = "N",
            description = "With --faults random: rounds to run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", description = "With --faults: the load's random seed (default: printed at start).")
    Long seed;

    @Option(names = "--changes", defaultValue = "2000", paramLabel = "N",
            description = "With --faults: item changes per scenario (default: ${DEFAULT-VALUE}).")
    int changes;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (faults != null) {
            return io.ddbsync.ops.faults.FaultSuite.command(faults, seed, changes, rounds, logFile);
        }
        if (items < 1 || backfillShare < 0 || backfillShare > 1 || tricklePerSecond < 0) {
            throw new UsageException("--items must be >= 1, --backfill-share in 0..1, --trickle >= 0");
        }
        Path parent = logFile.toAbsolutePath().getParent();
        Files.createDirectories(parent); // before the hook: a failure here leaves no hook waiting for a run that never began
        AtomicReference<LocalPipeline> pipelineRef = new AtomicReference<>();
        Thread hook = new Thread(() -> stopOnSignal(pipelineRef), "ddbsync-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintStream stderr = System.err;
        // the services', pollers' and handlers' JSON log lines go to the log file, not between the status lines
        LogToFile logs = LogToFile.start(logFile);
        try {
            try {
                return run(pipelineRef, stderr);
            } finally {
                LocalPipeline p = pipelineRef.get();
                if (p != null) {
                    p.close();
                }
            }
        } catch (RuntimeException e) {
            if (stopping) {
                return ExitCodes.INTERRUPTED; // interrupted by Ctrl-C: whatever failed was being stopped
            }
            throw e;
        } finally {
            if (!stopping) {
                // on Ctrl-C the hook may still be stopping services: their last log lines stay out of the terminal
                logs.close();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private int run(AtomicReference<LocalPipeline> pipelineRef, PrintStream stderr) throws InterruptedException {
        StatusBoard board = StatusBoard.forStdout();
        System.out.println("ddbsync local: starting OpenSearch, ElasticMQ and dynalite (logs: " + logFile + ")");
        long begin = System.nanoTime();
        LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings(table, segments),
                step -> System.out.println("  started " + step), pipelineRef::set);
        System.out.printf("  all services up in %.1f s%n", (System.nanoTime() - begin) / 1e9);

        SampleWriter writer = new SampleWriter(pipeline.dynamo(), table, Clock.systemUTC());
        int before = (int) Math.round(items * backfillShare);
        writer.batchInsert(before);
        System.out.printf("wrote %,d posts before the pipeline started: they reach the index through the backfill%n", before);

        pipeline.startSync();
        printEndpoints(pipeline);

        LocalStatus status = new LocalStatus(pipeline);
        CompletableFuture<Backfill.Result> backfill = CompletableFuture.supplyAsync(() -> pipeline.backfill(status));
        backfill.whenComplete((r, e) -> status.backfillFinished());
        SampleLoad load = SampleLoad.start(writer, items - before, before, once ? 40 : -1, tricklePerSecond, () -> stopping);

        long deadline = System.nanoTime() + timeout.toNanos();
        String lastReason = "not converged yet";
        while (!stopping) {
            LocalStatus.Snapshot snapshot = status.read();
            List<String> lines = status.lines(snapshot, writer.operations());
            board.show(lines);
            failIfBroken(backfill, load);
            if (once && backfill.isDone() && load.isDone()) {
                if (snapshot.dlqDepth() > 0) {
                    board.finish(lines);
                    stderr.println("ddbsync local: " + snapshot.dlqDepth() + " message(s) in the dead-letter queue "
                            + pipeline.queues().deadLetterQueueUrl() + "; see " + logFile);
                    return ExitCodes.ATTENTION;
                }
                if (snapshot.changeDepth() == 0 && snapshot.tableItems() == snapshot.aliasDocs()) {
                    Convergence.Report report = pipeline.compare();
                    lastReason = report.describe();
                    if (report.equal() && Queues.depth(pipeline.sqs(), pipeline.queues().changeQueueUrl()) == 0) {
                        board.finish(status.lines(status.read(), writer.operations()));
                        System.out.printf("converged: %s, queues empty, after %.1f s%n", report.describe(),
                                (System.nanoTime() - begin) / 1e9);
                        return ExitCodes.OK;
                    }
                } else {
                    lastReason = snapshot.tableItems() + " items vs " + snapshot.aliasDocs() + " documents, "
                            + snapshot.changeDepth() + " message(s) on the change queue";
                }
            }
            if (once && System.nanoTime() > deadline) {
                board.finish(lines);
                stderr.println("ddbsync local: no convergence within " + timeout.toSeconds() + " s: " + lastReason);
                return ExitCodes.ATTENTION;
            }
            Thread.sleep(1000);
        }
        return ExitCodes.INTERRUPTED;
    }

    private static void failIfBroken(CompletableFuture<Backfill.Result> backfill, SampleLoad load) {
        if (backfill.isCompletedExceptionally()) {
            backfill.join(); // throws the backfill's failure
        }
        load.rethrowFailure();
    }

    private static void printEndpoints(LocalPipeline p) {
        String word = SamplePosts.placeWord(1);
        System.out.println();
        System.out.println("Endpoints (region us-east-1, any access key, e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local):");
        System.out.println("  DynamoDB + Streams  " + p.dynamoEndpoint() + "   table " + p.table() + ", stream " + p.streamArn());
        System.out.println("  SQS                 " + p.sqsEndpoint());
        System.out.println("    change queue      " + p.queues().changeQueueUrl());
        System.out.println("    dead-letter queue " + p.queues().deadLetterQueueUrl());
        System.out.println("    stream failures   " + p.queues().streamFailureQueueUrl());
        System.out.println("  OpenSearch          " + p.openSearchEndpoint() + "   search alias '" + p.index() + "'");
        System.out.println();
        System.out.println("Search the posts (a Korean word from the sample posts):");
        System.out.println("  curl -s '" + p.openSearchEndpoint() + "/" + p.index() + "/_search?pretty' -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"query\":{\"match\":{\"title\":\"" + word + "\"}},\"_source\":[\"id\",\"title\"]}'");
        System.out.println("  (every block's text is in " + SamplePosts.BODY_TEXT + ", the demo's shaping: {\"match\":{\""
                + SamplePosts.BODY_TEXT + "\":\"…\"}})");
        System.out.println("  aws dynamodb scan --table-name " + p.table() + " --select COUNT --endpoint-url " + p.dynamoEndpoint());
        System.out.println();
    }

    private void stopOnSignal(AtomicReference<LocalPipeline> pipelineRef) {
        stopping = true;
        LocalPipeline p = pipelineRef.get();
        if (p != null && !p.isClosed()) {
            System.out.println();
            System.out.println("ddbsync local: stopping every poller, thread and child process…");
            p.close();
        }
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

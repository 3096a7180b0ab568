package io.ddbsync.testbench.local;

import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.progress.StatusBoard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code ddbsync local} runs: the whole pipeline on this machine ({@link LocalPipeline}) fed with sample posts —
 * part before the pipeline starts (they arrive through the backfill), the rest through the stream, then a trickle —
 * with a live status, until Ctrl-C, or with {@code once} until convergence. Every log line of the process goes to the
 * log file while the status board owns {@code out}. Ctrl-C (a shutdown hook) stops every poller, thread and child.
 */
public final class LocalDemo {

    /**
     * @param table            the table to create (its index is the table name lower-cased)
     * @param items            sample posts, >= 1
     * @param backfillShare    share of them written before the pipeline starts, 0..1
     * @param tricklePerSecond changes per second after the load, >= 0 (0: none)
     * @param once             stop at convergence
     * @param timeout          with {@code once}: give up after this long
     * @param segments         backfill Scan segments
     * @param logFile          where the process's log lines go
     * @param moreTables       further tables created at start (when missing) and synced; every other table with a
     *                         stream, created while running, is synced too
     * @param visibilityTimeout the change queue's visibility timeout (as deployed: 6 × the worker's timeout)
     * @param maxReceiveCount  receives before the change queue dead-letters a message (as deployed: 5)
     * @param dataDir          where the services keep tables, queues and index across runs; empty: gone at the end
     */
    public record Settings(String table, int items, double backfillShare, double tricklePerSecond, boolean once,
                           Duration timeout, int segments, Path logFile, List<String> moreTables, Duration visibilityTimeout,
                           int maxReceiveCount, Optional<Path> dataDir) {

        public Settings {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(dataDir, "dataDir");
            moreTables = List.copyOf(moreTables);
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(logFile, "logFile");
            if (items < 1 || backfillShare < 0 || backfillShare > 1 || tricklePerSecond < 0) {
                throw new IllegalArgumentException("items must be >= 1, the backfill share in 0..1, the trickle >= 0");
            }
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** With {@code once}: the table equals the search alias and the queues are empty. */
        CONVERGED,
        /** With {@code once}: the timeout passed first. */
        NOT_CONVERGED,
        /** With {@code once}: messages reached the dead-letter queue. */
        DEAD_LETTERED,
        /** Stopped by Ctrl-C. */
        INTERRUPTED
    }

    /** How often the status page reads the status for its charts. */
    static final Duration PAGE_INTERVAL = Duration.ofSeconds(2);

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<LocalPipeline> pipelineRef = new AtomicReference<>();
    private final AtomicReference<StatusPage> pageRef = new AtomicReference<>();
    private volatile boolean stopping;
    private String lastReason = "not converged yet";

    /**
     * @param out the status board, the endpoints and the result
     * @param err why a run with {@code once} did not converge
     */
    public LocalDemo(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs until Ctrl-C, or with {@code once} until convergence or the timeout.
     *
     * @throws IOException when the log file's folder cannot be made
     */
    public Outcome run() throws IOException, InterruptedException {
        Files.createDirectories(settings.logFile().toAbsolutePath().getParent()); // before the hook: nothing to stop yet
        Thread hook = new Thread(this::stopOnSignal, "ddbsync-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // the services', pollers' and handlers' JSON log lines go to the log file, not between the status lines
        LogToFile logs = LogToFile.start(settings.logFile());
        try {
            try {
                return runStarted();
            } finally {
                StatusPage page = pageRef.get();
                if (page != null) {
                    page.close();
                }
                LocalPipeline p = pipelineRef.get();
                if (p != null) {
                    p.close();
                }
            }
        } catch (RuntimeException e) {
            if (stopping) {
                return Outcome.INTERRUPTED; // whatever failed was being stopped
            }
            throw e;
        } finally {
            if (!stopping) {
                // on Ctrl-C the hook may still be stopping services: their last log lines stay out of the terminal
                logs.close();
            }
            finished.countDown();
            removeHook(hook);
        }
    }

    private Outcome runStarted() throws InterruptedException {
        StatusBoard board = StatusBoard.on(out);
        say("ddbsync local: starting OpenSearch, ElasticMQ, dynalite and S3Mock (logs: " + settings.logFile() + ")");
        long begin = System.nanoTime();
        LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings(settings.table(), settings.segments(), settings.moreTables(),
                        settings.visibilityTimeout(), settings.maxReceiveCount(), settings.dataDir()),
                step -> say("  started " + step), pipelineRef::set);
        say(String.format("  all services up in %.1f s", (System.nanoTime() - begin) / 1e9));

        SampleWriter writer = new SampleWriter(pipeline.dynamo(), settings.table(), Clock.systemUTC());
        int before = (int) Math.round(settings.items() * settings.backfillShare());
        writer.batchInsert(before);
        say(String.format("wrote %,d posts before the pipeline started: they reach the index through the backfill", before));
        pipeline.startSync();
        pageRef.set(StatusPage.start(pipeline, 0, PAGE_INTERVAL));
        printEndpoints(pipeline);

        LocalStatus status = new LocalStatus(pipeline);
        CompletableFuture<Backfill.Result> backfill = CompletableFuture.supplyAsync(() -> pipeline.backfill(status));
        backfill.whenComplete((r, e) -> status.backfillFinished());
        SampleLoad load = SampleLoad.start(writer, settings.items() - before, before, settings.once() ? 40 : -1,
                settings.tricklePerSecond(), () -> stopping);
        return watch(pipeline, status, writer, board, backfill, load, begin);
    }

    /** Shows the status every second; with {@code once} ends at convergence, dead letters or the timeout. */
    private Outcome watch(LocalPipeline pipeline, LocalStatus status, SampleWriter writer, StatusBoard board,
                          CompletableFuture<Backfill.Result> backfill, SampleLoad load, long begin) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!stopping) {
            LocalStatus.Snapshot snapshot = status.current();
            List<String> lines = status.lines(snapshot, writer.operations());
            board.show(lines);
            failIfBroken(backfill, load);
            if (settings.once() && backfill.isDone() && load.isDone()) {
                Outcome ended = check(pipeline, status, writer, board, snapshot, lines, begin);
                if (ended != null) {
                    return ended;
                }
            }
            if (settings.once() && System.nanoTime() > deadline) {
                board.finish(lines);
                tell("ddbsync local: no convergence within " + settings.timeout().toSeconds() + " s: " + lastReason);
                return Outcome.NOT_CONVERGED;
            }
            Thread.sleep(1000);
        }
        return Outcome.INTERRUPTED;
    }

    /** With the load done: dead letters end the run, convergence ends it; null while neither. */
    private Outcome check(LocalPipeline pipeline, LocalStatus status, SampleWriter writer, StatusBoard board,
                          LocalStatus.Snapshot snapshot, List<String> lines, long begin) {
        if (snapshot.dlqDepth() > 0) {
            board.finish(lines);
            tell("ddbsync local: " + snapshot.dlqDepth() + " message(s) in the dead-letter queue "
                    + pipeline.queues().deadLetterQueueUrl() + "; see " + settings.logFile());
            return Outcome.DEAD_LETTERED;
        }
        if (snapshot.changeDepth() != 0 || snapshot.tableItems() != snapshot.aliasDocs()) {
            lastReason = snapshot.tableItems() + " items vs " + snapshot.aliasDocs() + " documents, "
                    + snapshot.changeDepth() + " message(s) on the change queue";
            return null;
        }
        Convergence.Report report = pipeline.compare();
        lastReason = report.describe();
        if (report.equal() && Queues.depth(pipeline.sqs(), pipeline.queues().changeQueueUrl()) == 0) {
            board.finish(status.lines(status.read(), writer.operations()));
            say(String.format("converged: %s, queues empty, after %.1f s", report.describe(), (System.nanoTime() - begin) / 1e9));
            return Outcome.CONVERGED;
        }
        return null;
    }

    private static void failIfBroken(CompletableFuture<Backfill.Result> backfill, SampleLoad load) {
        if (backfill.isCompletedExceptionally()) {
            backfill.join(); // throws the backfill's failure
        }
        load.rethrowFailure();
    }

    private void printEndpoints(LocalPipeline p) {
        boolean korean = p.indexTemplates().analysisOf(p.index()) == io.ddbsync.worker.opensearch.TextAnalysis.KOREAN;
        // with Korean analysis the word alone finds the titles that write it with a particle ("춘천에서");
        // without (no nori on this OpenSearch) only the word as written does
        String word = korean ? SamplePosts.placeWord(1) : SamplePosts.titleWordWith(1, SamplePosts.placeWord(1));
        say("");
        say("Endpoints (region us-east-1, any access key, e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local):");
        say("  DynamoDB + Streams  " + p.dynamoEndpoint() + "   table " + p.table() + ", stream " + p.streamArn());
        p.syncedTables().forEach((table, arn) -> {
            if (!table.equals(p.table())) {
                say("                      table " + table + ", stream " + arn + "   search alias '" + p.indexOf(table) + "'");
            }
        });
        say("  every table created with a stream (e.g. aws dynamodb create-table … --stream-specification "
                + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES) is synced within seconds, to an index of its name lower-cased");
        say("  SQS                 " + p.sqsEndpoint());
        say("    change queue      " + p.queues().changeQueueUrl());
        say("    dead-letter queue " + p.queues().deadLetterQueueUrl());
        say("    stream failures   " + p.queues().streamFailureQueueUrl());
        say("    backfill queue    " + p.backfillQueues().queueUrl() + "   → backfill Lambda, up to "
                + LocalPipeline.BACKFILL_CONCURRENCY + " at once");
        say("    backfill DLQ      " + p.backfillQueues().deadLetterQueueUrl());
        say("  S3                  " + p.s3Endpoint() + "   backfill bucket " + LocalPipeline.BACKFILL_BUCKET);
        say("  OpenSearch          " + p.openSearchEndpoint() + "   search alias '" + p.index() + "'");
        say("  Status page         " + pageRef.get().address() + "   charts, the dead-letter queue with a redrive button, "
                + "the last failures (127.0.0.1 only)");
        say("");
        say(korean ? "Search the posts (a Korean word; the titles write it with a particle, e.g. \"" + SamplePosts.title(1)
                + "\"; text analysis korean):" : "Search the posts (a word as the titles write it; text analysis standard, "
                + "this OpenSearch has no nori):");
        say("  curl -s '" + p.openSearchEndpoint() + "/" + p.index() + "/_search?pretty' -H 'Content-Type: application/json' \\");
        say("       -d '{\"query\":{\"match\":{\"title\":\"" + word + "\"}},\"_source\":[\"id\",\"title\"]}'");
        say("  (every block's text is in " + SamplePosts.BODY_TEXT + ", the demo's shaping: {\"match\":{\""
                + SamplePosts.BODY_TEXT + "\":\"…\"}})");
        say("  aws dynamodb scan --table-name " + p.table() + " --select COUNT --endpoint-url " + p.dynamoEndpoint());
        say("");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private void tell(String line) {
        err.println(line);
        err.flush();
    }

    /** The shutdown hook: stops everything and waits (at most 30 s) for the run to end. */
    private void stopOnSignal() {
        stopping = true;
        LocalPipeline p = pipelineRef.get();
        if (p != null && !p.isClosed()) {
            say("");
            say("ddbsync local: stopping every poller, thread and child process…");
            p.close();
        }
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }
}

package io.ddbsync.ops.commands;

import io.ddbsync.ops.progress.StatusBoard;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.ChangeQueueOptions;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.aws.search.SearchTarget;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.cli.OpenSearchOptions;
import io.ddbsync.ops.cli.WorkerOptions;
import io.ddbsync.ops.operations.ReconcileReport;
import io.ddbsync.ops.operations.Reconciler;
import io.ddbsync.ops.operations.RepairRecords;
import io.ddbsync.ops.operations.SettleTime;
import io.ddbsync.ops.operations.TtlKeep;

/** {@code ddbsync reconcile}: proves the index matches the table, and repairs it through the pipeline. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Compares a table with its search index and reports items missing from the index, documents whose content "
                        + "differs from the item (stale), and documents whose item is gone (ghosts; tombstones are not ghosts).",
                "The table is read with a parallel, strongly consistent Scan and compared with the index by _mget in batches; "
                        + "the index is walked with search_after and each document's item looked up with BatchGetItem.",
                "With --repair, corrective records go through the change queue so the worker's version-guarded path fixes "
                        + "them: keys-only fetch records for missing and stale items, REMOVE records for ghosts, versioned "
                        + "as an image read at the reconcile's start (start - 300 s, 0), so no later change of the table is ever blocked.",
                "Give the worker's INDEX_MAP, ATTRIBUTES_INCLUDE/EXCLUDE, METADATA_FIELD and TTL_DELETES with the options of "
                        + "the same names, so the index and the documents are derived as the worker derives them. Under "
                        + "--ttl-deletes keep, documents of items TTL removed (their --ttl-attribute value has passed) are kept, "
                        + "not ghosts.",
                "Changes in flight can show up as differences, so every difference is checked again after a settle time "
                        + "(--settle; by default twice the pipeline's lag the index shows, plus 5 s, within 5 s..2 min), in rounds "
                        + "while they keep resolving. A difference whose document did not change during a round lasts (exit 1, "
                        + "repaired by --repair), however often its item changed; one whose document changed but still differs "
                        + "is reported as changing: a key written faster than the pipeline settles (exit 4, not repaired)."},
        footer = {"%nExit 1 means lasting differences were found (repaired or not); exit 4 that none lasted but some keys kept "
                + "changing faster than the settle time (run it again later)."})
public final class ReconcileCommand extends OpsCommand {

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The DynamoDB table.")
    String table;

    @Mixin
    WorkerOptions worker;

    @Option(names = "--repair", description = "Enqueue corrective records through --change-queue-url.")
    boolean repair;

    @Mixin
    ChangeQueueOptions changeQueue;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Parallel Scan segments, 1..64 (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--batch", defaultValue = "200", paramLabel = "N",
            description = "Items per _mget and documents per page of the index walk (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sample", defaultValue = "10", paramLabel = "N", description = "Differences shown per kind (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--settle", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Wait this long (30s, 2m, 500ms) before checking the differences again; 0 reports the first pass as is "
                    + "(default: from the pipeline's lag).")
    Duration settle;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.DynamoDbEndpoint dynamoDbEndpoint;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    /** Clock for the repair version; replaced in tests only. */
    Clock clock = Clock.systemUTC();

    /** Settle rounds of a reconcile at most: rounds go on only while one resolves a difference. */
    static final int MAX_ROUNDS = 5;

    @Override
    protected int execute() throws InterruptedException {
        return reconcile(out(), err());
    }

    /**
     * {@code reconcile --table <table> --repair} with another command's options (worker, change queue, OpenSearch, AWS),
     * as {@code replay-stream-failures} runs it for a table whose failed range is gone from the stream; default
     * segments, batch and sample, the given settle time (null: from the pipeline's lag).
     */
    static ReconcileCommand repairOf(String table, WorkerOptions worker, ChangeQueueOptions changeQueue, OpenSearchOptions openSearch,
                                     AwsOptions aws, AwsOptions.DynamoDbEndpoint dynamoDbEndpoint, AwsOptions.SqsEndpoint sqsEndpoint,
                                     Duration settle) {
        ReconcileCommand c = new ReconcileCommand();
        c.table = table;
        c.worker = worker;
        c.repair = true;
        c.changeQueue = changeQueue;
        c.segments = 4;
        c.batch = 200;
        c.sample = 10;
        c.settle = settle;
        c.openSearch = openSearch;
        c.aws = aws;
        c.dynamoDbEndpoint = dynamoDbEndpoint;
        c.sqsEndpoint = sqsEndpoint;
        return c;
    }

    /** The reconcile, its report to {@code out} and the scan's progress to {@code progress}; returns the exit code. */
    int reconcile(PrintWriter out, PrintWriter progress) throws InterruptedException {
        Instant start = clock.instant();
        validate();
        TableRules rules = worker.rules();
        String alias = worker.alias(rules, table);
        DocumentConverter converter = rules.converterFor(table);
        TtlKeep ttlKeep = worker.ttlKeep(rules, table, converter, start);
        try (DynamoDbClient dynamoDb = aws.dynamoDb(dynamoDbEndpoint);
             SearchTarget search = openSearch.client(aws)) {
            // repairs carry the version of a read at this start, on DynamoDB's clock
            Instant readStart = io.ddbsync.ops.backfill.TableClock.of(dynamoDb, table, clock).instant();
            AtomicLong checked = new AtomicLong();
            // redrawn in place on a terminal; whole lines now and then in a log (a bare \r runs them together)
            StatusBoard board = StatusBoard.on(progress);
            Reconciler reconciler = new Reconciler(dynamoDb, search, converter, ttlKeep);
            try (ReconcileReport first = reconciler.reconcile(table, alias, segments, batch, sample,
                    n -> board.show(List.of("checked " + checked.addAndGet(n) + " items and documents")))) {
                board.finish(List.of("checked " + checked.get() + " items and documents"));
                try (ReconcileReport report = settle(out, reconciler, search, Reconciler.Target.aliases(alias), first)) {
                    report.print(out, alias);
                    if (repair && report.lasting() > 0) {
                        repair(out, report, readStart);
                    }
                    out.flush();
                    return exitCode(report);
                }
            }
        }
    }

    /** 0 when the index matches; 1 for lasting differences; {@link ExitCodes#CHANGING} when only hot keys still differ. */
    static int exitCode(ReconcileReport report) {
        if (report.lasting() > 0) {
            return ATTENTION;
        }
        return report.count(ReconcileReport.Kind.CHANGING) > 0 ? ExitCodes.CHANGING : OK;
    }

    private void repair(PrintWriter out, ReconcileReport report, Instant readStart) {
        String changeQueueUrl = changeQueue.url("--repair sends the corrective records to it");
        RepairRecords.Sent sent;
        try (SqsClient sqs = aws.sqs(sqsEndpoint, changeQueueUrl)) {
            sent = RepairRecords.sendLasting(table, report, readStart, SqsChangeQueue.withDefaults(sqs, changeQueueUrl),
                    changeQueue.maxMessageBytes(), changeQueue.compression());
        }
        long unaddressable = report.lasting() - sent.records();
        out.println("Repair: enqueued " + sent.records() + " corrective record(s) in " + sent.messages() + " message(s) to "
                + changeQueueUrl + "; the worker applies them. Run reconcile again to confirm."
                + (unaddressable > 0 ? " " + unaddressable + " document(s) with foreign ids need removing by hand." : ""));
    }

    /**
     * The first pass's differences checked again in settle rounds ({@link Reconciler#settle}), at most
     * {@value #MAX_ROUNDS}; the first pass itself under {@code --settle 0} (then every difference counts as lasting).
     * Returns a report the caller closes ({@code first} itself when nothing was checked again: closing twice is harmless).
     */
    ReconcileReport settle(PrintWriter out, Reconciler reconciler, SearchTarget search, Reconciler.Target target,
                           ReconcileReport first) throws InterruptedException {
        if (first.clean()) {
            return first;
        }
        Duration wait;
        String why;
        if (settle != null) {
            wait = settle;
            why = "--settle";
        } else {
            Duration lag = SettleTime.lag(search, target.lookup(), worker.metadataField());
            wait = SettleTime.fromLag(lag);
            why = "the pipeline's lag is " + lag.toMillis() / 1000.0 + " s; --settle sets it";
        }
        if (wait.isZero()) {
            return first;
        }
        out.println(first.differences() + " difference(s) in the first pass; checking them again every " + wait.toMillis() / 1000.0
                + " s (" + why + ") while they resolve, at most " + MAX_ROUNDS + " times ...");
        out.flush();
        return reconciler.settle(table, target, first, Reconciler.Rounds.of(wait, MAX_ROUNDS, line -> {
            out.println("  " + line);
            out.flush();
        }));
    }

    private void validate() {
        if (segments < 1 || segments > 64) {
            throw new UsageException("--segments must be in 1..64, got " + segments);
        }
        if (batch < 1 || batch > 10_000) {
            throw new UsageException("--batch must be in 1..10000, got " + batch);
        }
        if (sample < 0) {
            throw new UsageException("--sample must not be negative, got " + sample);
        }
        if (repair && !changeQueue.present()) {
            throw new UsageException("--repair needs --change-queue-url");
        }
        if (repair) {
            changeQueue.url("--repair sends the corrective records to it");
            changeQueue.maxMessageBytes();
        }
    }
}

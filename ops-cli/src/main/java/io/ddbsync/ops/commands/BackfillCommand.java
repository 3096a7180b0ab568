package io.ddbsync.ops.commands;

import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.ChangeQueueOptions;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.ops.progress.StatusBoard;
import io.ddbsync.ops.backfill.ExportBackfill;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.Optional;
import io.ddbsync.aws.backfill.BackfillRunStore;
import io.ddbsync.model.backfill.BackfillRun;
import io.ddbsync.model.backfill.BackfillStatus;
import io.ddbsync.ops.backfill.LambdaBackfill;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillException;
import io.ddbsync.ops.backfill.BackfillProgress;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.ops.backfill.TableClock;

/** {@code ddbsync backfill}: the whole table through the change queue, with the backfill version. */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sends every item of a table to the change queue with the backfill version.",
        description = {"Scans a table in parallel and sends every item to the change queue as a backfill record, versioned as a "
                + "read at the time its page was read (on the table's clock): stream changes made after that read win, changes "
                + "made before it never roll the image back. Needs --table and --change-queue-url.",
                "With --checkpoint an interrupted run resumes where it stopped. The progress bar goes to stderr, the result "
                        + "line to stdout. This one-host backfill is the one for small tables.",
                "With --on-lambda the backfill runs in the deployed stack instead (needs --backfill-queue-url and "
                        + "--backfill-bucket): the command starts the run, prints its id and returns; --status RUN and "
                        + "--cancel RUN follow and stop it.",
                "Export mode (--export-prefix, or --from-export): reads a DynamoDB table export (DYNAMODB_JSON) and puts one "
                        + "work item per data file on --backfill-queue-url; the backfill Lambda imports each file through its "
                        + "change queue, versioned as a read at the export time. No read capacity of the table is used. "
                        + "--from-export starts ExportTableToPointInTime (point-in-time recovery must be on) to --export-bucket "
                        + "and waits for it."})
public final class BackfillCommand extends OpsCommand {

    @Option(names = "--table", paramLabel = "TABLE", description = "The DynamoDB table (required, except with --status and --cancel).")
    String table;

    @Option(names = "--on-lambda", description = "Run the backfill in the deployed stack: one work item per segment on the "
            + "backfill queue, scanned and continued by the backfill Lambda; the run's state in the backfill bucket. "
            + "Prints the run id and returns.")
    boolean onLambda;

    @Option(names = "--status", paramLabel = "RUN", description = "With --on-lambda: the progress of run RUN (or of the latest "
            + "run of table RUN): segments done, items sent, rate, ETA.")
    String status;

    @Option(names = "--cancel", paramLabel = "RUN", description = "With --on-lambda: cancels run RUN (or the latest run of table "
            + "RUN); the Lambda stops before its next page and drops the run's work items.")
    String cancel;

    @Option(names = "--backfill-queue-url", paramLabel = "URL", description = "With --on-lambda or in export mode: URL of the "
            + "backfill queue (the Lambda's BACKFILL_QUEUE_URL), where the work items go.")
    String backfillQueueUrl;

    @Option(names = "--backfill-bucket", paramLabel = "BUCKET", description = "With --on-lambda: the backfill bucket (the "
            + "Lambda's BACKFILL_BUCKET); the run's state is under backfills/<run>/.")
    String backfillBucket;

    @Option(names = "--read-units-per-second", defaultValue = "0", paramLabel = "N", description = "With --on-lambda: the read "
            + "budget over all segments, in read capacity units per second (each segment holds 1/segments of it, from Scan's "
            + "ConsumedCapacity); 0 = unlimited (default).")
    double readUnitsPerSecond;

    @Mixin
    ChangeQueueOptions changeQueue;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Parallel Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--threads", paramLabel = "N", description = "Segments scanned at once (default: segments, at most 8).")
    Integer threads;

    @Option(names = "--items-per-second", defaultValue = "0", paramLabel = "N",
            description = "Upper bound on items read and sent per second over all segments; 0 = unlimited (default).")
    double itemsPerSecond;

    @Option(names = "--page-size", defaultValue = "500", paramLabel = "N", description = "Items per Scan request (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint file: created if missing, resumed from if present.")
    Path checkpoint;

    @Option(names = "--export-prefix", paramLabel = "S3URI",
            description = "An existing export of the table: s3://<bucket>/<prefix>/AWSDynamoDB/<ExportId>/ (export mode).")
    URI exportPrefix;

    @Option(names = "--from-export", description = "Export the table now (ExportTableToPointInTime) to --export-bucket, then as --export-prefix.")
    boolean fromExport;

    @Option(names = "--export-bucket", paramLabel = "BUCKET", description = "Where --from-export writes the export (the stack's export bucket).")
    String exportBucket;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.S3Endpoint s3Endpoint;

    @Mixin
    AwsOptions.DynamoDbEndpoint dynamoDbEndpoint;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    @Override
    protected int execute() throws InterruptedException {
        if (exportPrefix != null || fromExport) {
            return exportMode();
        }
        if (status != null || cancel != null || onLambda) {
            return onLambda();
        }
        if (table == null || table.isBlank()) {
            throw new UsageException("--table is required");
        }
        String queueUrl = changeQueue.url("the backfill sends every item to it");
        BackfillSettings settings;
        try {
            settings = new BackfillSettings(table, queueUrl, segments, threads == null ? Math.min(segments, 8) : threads,
                    itemsPerSecond, pageSize, changeQueue.maxMessageBytes(), Optional.ofNullable(checkpoint),
                    changeQueue.compression());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        StatusBoard board = StatusBoard.on(err());
        BackfillProgress progress = new BackfillProgress(board, table);
        try (DynamoDbClient dynamo = aws.dynamoDb(dynamoDbEndpoint); SqsClient sqs = aws.sqs(sqsEndpoint, queueUrl)) {
            Backfill.Result result = new Backfill(dynamo, SqsChangeQueue.withDefaults(sqs, queueUrl), TableClock.of(dynamo, table, Clock.systemUTC()))
                    .run(settings, progress);
            progress.finish();
            out().printf("backfill of %s done: %,d items in %,d messages (%d segments scanned, %d already done); "
                            + "scan started %s, each page versioned as a read at its own time%n", table, result.itemsSent(),
                    result.messagesSent(), result.segmentsScanned(), result.segmentsSkipped(), result.scanStart());
            out().flush();
            return OK;
        } catch (BackfillException e) {
            progress.finish();
            throw e;
        }
    }

    /** Export mode: one work item per data file of the export on the backfill queue. */
    private int exportMode() throws InterruptedException {
        if (exportPrefix != null && fromExport) {
            throw new UsageException("give --export-prefix (an existing export) or --from-export (a new one), not both");
        }
        if (fromExport && (exportBucket == null || exportBucket.isBlank())) {
            throw new UsageException("--from-export needs --export-bucket");
        }
        if (backfillQueueUrl == null || backfillQueueUrl.isBlank()) {
            throw new UsageException("export mode needs --backfill-queue-url (the backfill Lambda imports the data files)");
        }
        try (DynamoDbClient dynamo = aws.dynamoDb(dynamoDbEndpoint); S3Client s3 = aws.s3(s3Endpoint);
             SqsClient sqs = aws.sqs(sqsEndpoint, backfillQueueUrl)) {
            URI location = exportPrefix;
            if (fromExport) {
                String tableArn = dynamo.describeTable(b -> b.tableName(table)).table().tableArn();
                err().println("exporting " + table + " to s3://" + exportBucket + "/exports/ (ExportTableToPointInTime) ...");
                err().flush();
                location = ExportBackfill.export(dynamo, tableArn, exportBucket, "exports", Duration.ofSeconds(10), Duration.ofHours(24));
            }
            ExportBackfill exports = new ExportBackfill(s3);
            ExportBackfill.Manifest manifest;
            try {
                manifest = exports.read(location);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--export-prefix: " + e.getMessage(), e);
            }
            if (!manifest.tableName().equals(table)) {
                throw new UsageException("the export at " + location + " is of table " + manifest.tableName() + ", not " + table);
            }
            ExportBackfill.Enqueued enqueued = exports.enqueue(manifest, dynamo, sqs, backfillQueueUrl);
            out().printf("export backfill of %s: %d work item(s) (data files, %,d items) on %s; export time %s is the read time "
                    + "of every item%n", table, enqueued.workItems(), enqueued.items(), backfillQueueUrl, manifest.exportTime());
            out().flush();
            return OK;
        }
    }

    private int onLambda() {
        if (!onLambda) {
            throw new UsageException("--status and --cancel are for runs on Lambda: add --on-lambda");
        }
        if (status != null && cancel != null) {
            throw new UsageException("--status and --cancel exclude each other");
        }
        if (backfillBucket == null || backfillBucket.isBlank()) {
            throw new UsageException("--backfill-bucket is required with --on-lambda (the run's state is there)");
        }
        if (status == null && cancel == null) {
            checkStart();
        }
        try (S3Client s3 = aws.s3(s3Endpoint)) {
            BackfillRunStore store = new BackfillRunStore(s3, backfillBucket.strip());
            if (status != null) {
                return printStatus(new LambdaBackfill(null, null, null, store, Clock.systemUTC()), status.strip());
            }
            if (cancel != null) {
                Optional<BackfillRun> run = new LambdaBackfill(null, null, null, store, Clock.systemUTC()).cancel(cancel.strip());
                if (run.isEmpty()) {
                    err().printf("no backfill run %s (neither a run id nor a table with a run) in s3://%s/%s%n", cancel.strip(),
                            store.bucket(), BackfillRunStore.PREFIX);
                    return ATTENTION;
                }
                out().printf("backfill run %s of %s cancelled: the Lambda stops before its next page%n", run.get().run(),
                        run.get().table());
                return OK;
            }
            return start(store);
        }
    }

    private void checkStart() {
        if (table == null || table.isBlank()) {
            throw new UsageException("--table is required to start a backfill");
        }
        if (backfillQueueUrl == null || backfillQueueUrl.isBlank()) {
            throw new UsageException("--backfill-queue-url is required to start a backfill on Lambda");
        }
        if (readUnitsPerSecond < 0) {
            throw new UsageException("--read-units-per-second must be ≥ 0 (0 = unlimited), got " + readUnitsPerSecond);
        }
    }

    private int start(BackfillRunStore store) {
        String queueUrl = backfillQueueUrl.strip();
        try (DynamoDbClient dynamo = aws.dynamoDb(dynamoDbEndpoint); SqsClient sqs = aws.sqs(sqsEndpoint, queueUrl)) {
            BackfillRun run;
            try {
                run = new LambdaBackfill(dynamo, sqs, queueUrl, store, Clock.systemUTC()).start(table, segments, readUnitsPerSecond, pageSize);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            out().printf("backfill run %s of %s started on Lambda: %d work items on %s, state in s3://%s/%s%s/%n", run.run(),
                    table, segments, queueUrl, store.bucket(), BackfillRunStore.PREFIX, run.run());
            out().printf("follow it with: ddbsync backfill --on-lambda --status %s --backfill-bucket %s%s%n", run.run(), store.bucket(),
                    s3Endpoint.get().map(e -> " --s3-endpoint-url " + e).orElse(""));
            return OK;
        }
    }

    private int printStatus(LambdaBackfill backfill, String runOrTable) {
        Optional<BackfillStatus> found = backfill.status(runOrTable);
        if (found.isEmpty()) {
            err().printf("no backfill run %s (neither a run id nor a table with a run)%n", runOrTable);
            return ATTENTION;
        }
        BackfillStatus s = found.get();
        BackfillRun r = s.run();
        out().printf("backfill run %s of %s: %s, segments %d/%d done, %,d items sent, %,.0f items/s, ETA %s%s%n", r.run(), r.table(),
                s.state(), s.segmentsDone(), r.totalSegments(), s.itemsSent(), s.itemsPerSecond(),
                s.eta().map(BackfillCommand::clock).orElse(s.finished() || s.cancelled() ? "-" : "unknown"),
                r.itemCountEstimate() > 0 ? " (the table's ItemCount at the start: " + String.format("%,d", r.itemCountEstimate()) + ")"
                        : " (no ItemCount at the start: no ETA)");
        out().flush();
        return OK;
    }

    private static String clock(java.time.Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}

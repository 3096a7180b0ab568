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
                        + "line to stdout.",
                "Export mode (--export-prefix, or --from-export): reads a DynamoDB table export (DYNAMODB_JSON) and puts one "
                        + "work item per data file on --backfill-queue-url; the backfill Lambda imports each file through its "
                        + "change queue, versioned as a read at the export time. No read capacity of the table is used. "
                        + "--from-export starts ExportTableToPointInTime (point-in-time recovery must be on) to --export-bucket "
                        + "and waits for it."})
public final class BackfillCommand extends OpsCommand {

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The DynamoDB table.")
    String table;

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

    @Option(names = "--backfill-queue-url", paramLabel = "URL", description = "URL of the backfill queue (export mode's work items go to it).")
    String backfillQueueUrl;

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
}

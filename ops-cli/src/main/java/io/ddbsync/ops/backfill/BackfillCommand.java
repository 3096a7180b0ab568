package io.ddbsync.ops.backfill;

import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.ops.aws.AwsOptions;
import io.ddbsync.ops.progress.StatusBoard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync backfill}: the whole table through the change queue, with the backfill version. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        header = "Sends every item of a table to the change queue with the backfill version.",
        description = {"Scans a table in parallel and sends every item to the change queue as a backfill record",
                "(version = scan start - 300 s, so stream changes made after the scan began win).",
                "With --checkpoint an interrupted run resumes where it stopped."})
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "The DynamoDB table.")
    String table;

    @Option(names = "--queue-url", required = true, description = "URL of the SQS change queue.")
    String queueUrl;

    @Option(names = "--segments", defaultValue = "4", description = "Parallel Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--threads", description = "Segments scanned at once (default: segments, at most 8).")
    Integer threads;

    @Option(names = "--items-per-second", defaultValue = "0",
            description = "Upper bound on items read and sent per second over all segments; 0 = unlimited (default).")
    double itemsPerSecond;

    @Option(names = "--page-size", defaultValue = "500", description = "Items per Scan request (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--max-message-bytes", defaultValue = "261632",
            description = "Largest message body (default: ${DEFAULT-VALUE} = 256 KiB minus the attributes).")
    int maxMessageBytes;

    @Option(names = "--compression", defaultValue = "gzip", paramLabel = "gzip|none",
            description = "Message bodies gzipped (wire version 2) or plain (version 1), as the forwarder's COMPRESSION "
                    + "(default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--checkpoint", description = "Checkpoint file: created if missing, resumed from if present.")
    Path checkpoint;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        BackfillSettings settings = new BackfillSettings(table, queueUrl, segments,
                threads == null ? Math.min(segments, 8) : threads, itemsPerSecond, pageSize, maxMessageBytes,
                Optional.ofNullable(checkpoint), io.ddbsync.ops.Compressions.parse(compression));
        StatusBoard board = StatusBoard.forStdout();
        BackfillProgress progress = new BackfillProgress(board, table);
        try (DynamoDbClient dynamo = aws.dynamoDb(); SqsClient sqs = aws.sqs(queueUrl)) {
            Backfill.Result result = new Backfill(dynamo, SqsChangeQueue.withDefaults(sqs, queueUrl), Clock.systemUTC())
                    .run(settings, progress);
            progress.finish();
            System.out.printf("backfill of %s done: %,d items in %,d messages (%d segments scanned, %d already done); "
                            + "backfill version = scan start %s - 300 s%n", table, result.itemsSent(), result.messagesSent(),
                    result.segmentsScanned(), result.segmentsSkipped(), result.scanStart());
            return 0;
        } catch (BackfillException e) {
            progress.finish();
            throw e;
        }
    }
}

package io.ddbsync.ops.commands;

import io.ddbsync.ops.operations.ReplayedKeys;
import io.ddbsync.ops.backfill.TableClock;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.forwarder.StreamRecordForwarder;
import io.ddbsync.aws.sqs.Sleeper;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.ChangeQueueOptions;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.OpenSearchOptions;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.ops.cli.WorkerOptions;
import io.ddbsync.ops.operations.ErrorLines;
import io.ddbsync.ops.operations.S3FailureReplay;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.operations.StreamReplay;

/** {@code ddbsync replay-stream-failures}: re-forwards the stream ranges the forwarder gave up on. */
@Command(name = "replay-stream-failures", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Re-forwards the stream batches the forwarder gave up on (retries exhausted or records too old) to the change "
                        + "queue, exactly as the stream-forwarder does, from the mapping's on-failure destination:",
                "  --failure-bucket (S3): each object holds the whole invocation record, the records themselves; they are "
                        + "re-forwarded from the object, however old (no 24 h bound), and the object is moved under "
                        + S3FailureReplay.REPLAYED_PREFIX + " so a second run does not take it again.",
                "  --stream-failure-queue-url (SQS): each message holds only the shard and sequence range; the range is read "
                        + "again from the DynamoDB stream, which keeps records 24 hours, and the message deleted.",
                "A range that is neither in its S3 object nor in the stream any more (trimmed) is listed with its table, shard "
                        + "and sequence range; with --opensearch-endpoint the command then runs 'reconcile --repair' of each such "
                        + "table itself (with the worker options given here) and reports it; a repaired range's S3 object is "
                        + "moved like a replayed one, its SQS message is deleted only with --delete-trimmed.",
                "Re-forwarding is safe: envelope ids are deterministic and every write is version-guarded."},
        footer = {"%nExit 1 means some ranges were trimmed or failed (each is listed), or a repair found differences."})
public final class ReplayStreamFailuresCommand extends OpsCommand {

    @Option(names = "--stream-failure-queue-url", paramLabel = "URL",
            description = "URL of the stream-failure queue, the forwarder's SQS on-failure destination.")
    String failureQueueUrl;

    @Option(names = "--failure-bucket", paramLabel = "BUCKET",
            description = "The bucket of the forwarder's S3 on-failure destination (whole invocation records).")
    String failureBucket;

    @Option(names = "--failure-prefix", defaultValue = S3FailureReplay.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Only objects under this key prefix, e.g. aws/lambda/<mapping UUID>/ for one mapping (default: ${DEFAULT-VALUE}).")
    String failurePrefix;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only S3 on-failure records written at or after TIME (UTC, e.g. 2026-12-05T01:00:00Z; the time in the key).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only S3 on-failure records written before TIME (UTC).")
    Instant until;

    @Mixin
    ChangeQueueOptions changeQueue;

    @Option(names = "--max", defaultValue = "1000", paramLabel = "N", description = "Most on-failure records to process (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--delete-trimmed", description = "Delete SQS on-failure records whose range is trimmed (after a reconcile).")
    boolean deleteTrimmed;

    @Option(names = "--settle", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "The repair's reconcile settle time (default: from the pipeline's lag, as reconcile takes it).")
    Duration settle;

    @Mixin
    WorkerOptions worker;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.DynamoDbEndpoint dynamoDbEndpoint;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    @Mixin
    AwsOptions.S3Endpoint s3Endpoint;

    @Override
    protected int execute() throws InterruptedException {
        if (blank(failureQueueUrl) && blank(failureBucket)) {
            throw new UsageException("give --failure-bucket (S3 on-failure destination) or --stream-failure-queue-url (SQS), or both");
        }
        if (max < 1) {
            throw new UsageException("--max must be at least 1, got " + max);
        }
        S3FailureReplay.Selection selection = null;
        if (!blank(failureBucket)) {
            try {
                selection = new S3FailureReplay.Selection(failurePrefix, Optional.ofNullable(since), Optional.ofNullable(until));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--failure-prefix/--since/--until: " + e.getMessage(), e);
            }
        }
        String changeQueueUrl = changeQueue.url("the replayed records are forwarded to it");
        Optional<URI> sqsEp = sqsEndpoint.forQueue(changeQueueUrl);
        ForwarderConfig config = new ForwarderConfig(URI.create(changeQueueUrl), changeQueue.maxMessageBytes(), sqsEp,
                aws.regionName(sqsEp), changeQueue.compression());
        PrintWriter out = out();
        List<StreamReplay.Outcome> outcomes = new ArrayList<>();
        List<StreamReplay.Outcome.Trimmed> s3Trimmed = new ArrayList<>();
        S3Client s3 = null;
        S3FailureReplay s3Replay = null;
        try (SqsClient sqs = aws.sqs(sqsEndpoint, changeQueueUrl);
             DynamoDbStreamsClient streams = aws.streams(dynamoDbEndpoint)) {
            StreamRecordForwarder forwarder = StreamForwarderHandler.forwarder(config, sqs, Sleeper.real());
            StreamReplay replay = new StreamReplay(sqs, streams, forwarder, deleteTrimmed);
            if (selection != null) {
                s3 = aws.s3(s3Endpoint);
                s3Replay = new S3FailureReplay(s3, replay, forwarder);
                List<StreamReplay.Outcome> fromS3 = s3Replay.replay(failureBucket, selection, max, o -> print(out, o, "in the bucket"));
                fromS3.stream().filter(o -> o instanceof StreamReplay.Outcome.Trimmed)
                        .forEach(o -> s3Trimmed.add((StreamReplay.Outcome.Trimmed) o));
                outcomes.addAll(fromS3);
            }
            if (!blank(failureQueueUrl) && outcomes.size() < max) {
                outcomes.addAll(replay.replay(failureQueueUrl, max - outcomes.size(), 300, o -> print(out, o, "on the queue")));
            }
            int exit = summary(out, outcomes);
            Map<String, Integer> repairs = repairTrimmed(out, outcomes, s3Replay, sqs, changeQueueUrl);
            settleRepaired(out, s3Replay, s3Trimmed, repairs);
            out.flush();
            boolean repairFound = repairs.values().stream().anyMatch(c -> c != OK);
            return exit == OK && !repairFound ? OK : ATTENTION;
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private static int summary(PrintWriter out, List<StreamReplay.Outcome> outcomes) {
        long replayed = outcomes.stream().filter(o -> o instanceof StreamReplay.Outcome.Replayed).count();
        long trimmed = outcomes.stream().filter(o -> o instanceof StreamReplay.Outcome.Trimmed).count();
        long failed = outcomes.size() - replayed - trimmed;
        int records = outcomes.stream().mapToInt(o -> o instanceof StreamReplay.Outcome.Replayed r ? r.records() : 0).sum();
        out.println(outcomes.isEmpty() ? "No on-failure records to replay."
                : "Replayed " + replayed + " range(s) (" + records + " record(s)), trimmed " + trimmed + ", failed " + failed + ".");
        out.flush();
        return trimmed + failed == 0 ? OK : ATTENTION;
    }

    /**
     * For every table with a trimmed range: {@code reconcile --repair} of that table, when OpenSearch is given.
     * Returns the reconcile's exit code by table (empty when none ran).
     */
    private Map<String, Integer> repairTrimmed(PrintWriter out, List<StreamReplay.Outcome> outcomes, S3FailureReplay s3Replay,
                                               SqsClient sqs, String changeQueueUrl) throws InterruptedException {
        Map<String, List<StreamReplay.Outcome.Trimmed>> byTable = new LinkedHashMap<>();
        for (StreamReplay.Outcome o : outcomes) {
            if (o instanceof StreamReplay.Outcome.Trimmed t) {
                byTable.computeIfAbsent(tableOf(t), k -> new ArrayList<>()).add(t);
            }
        }
        Map<String, Integer> results = new LinkedHashMap<>();
        if (byTable.isEmpty()) {
            return results;
        }
        if (!openSearch.present()) {
            out.println("Trimmed ranges cannot be re-read: run 'ddbsync reconcile --table <table> --repair' for "
                    + String.join(", ", byTable.keySet()) + " (or give --opensearch-endpoint and the worker options to this "
                    + "command, which runs it)" + (deleteTrimmed ? "." : ", then rerun with --delete-trimmed for SQS records."));
            out.flush();
            return results;
        }
        for (Map.Entry<String, List<StreamReplay.Outcome.Trimmed>> e : byTable.entrySet()) {
            String table = e.getKey();
            out.println("Repair of table " + table + " (" + e.getValue().size() + " range(s) gone from the stream): "
                    + "ddbsync reconcile --table " + table + " --repair");
            out.flush();
            int code;
            try {
                if (s3Replay != null && !s3Replay.replayedKeys().of(table).isEmpty()) {
                    settleReplayedKeys(out, table, s3Replay.replayedKeys(), sqs, changeQueueUrl);
                }
                code = ReconcileCommand.repairOf(table, worker, changeQueue, openSearch, aws, dynamoDbEndpoint, sqsEndpoint, settle)
                        .reconcile(out, err());
            } catch (RuntimeException ex) {
                out.println("Repair of table " + table + " failed: " + ErrorLines.oneLine(ex));
                code = ExitCodes.FAILED;
            }
            results.put(table, code);
            out.println("Repair of table " + table + ": " + switch (code) {
                case OK -> "no lasting difference; the index already holds what the trimmed range(s) held.";
                case ATTENTION -> "differences enqueued for repair (listed above); the worker applies them.";
                case ExitCodes.CHANGING -> "some keys keep changing faster than the settle time; run reconcile again later.";
                default -> "did not complete (exit " + code + ").";
            });
            out.flush();
        }
        return results;
    }

    /**
     * A range of {@code table} is lost, so nothing orders the records replayed from S3 against its changes: each
     * replayed key's item is read now and a record versioned as that read is enqueued ({@link ReplayedKeys#settle}).
     */
    private void settleReplayedKeys(PrintWriter out, String table, ReplayedKeys keys, SqsClient sqs, String changeQueueUrl) {
        try (DynamoDbClient dynamo = aws.dynamoDb(dynamoDbEndpoint)) {
            ReplayedKeys.Settled settled = keys.settle(table, dynamo, TableClock.of(dynamo, table, Clock.systemUTC()),
                    SqsChangeQueue.withDefaults(sqs, changeQueueUrl), changeQueue.maxMessageBytes(), changeQueue.compression());
            out.println("Replayed keys of table " + table + " read again: " + settled.present() + " item(s) to re-read, "
                    + settled.gone() + " gone (REMOVE), " + settled.messages() + " message(s), each versioned as this read");
            out.flush();
        }
    }

    /** Moves the S3 objects of trimmed ranges whose table's repair completed (found nothing, or enqueued its records). */
    private void settleRepaired(PrintWriter out, S3FailureReplay s3Replay, List<StreamReplay.Outcome.Trimmed> trimmed,
                                Map<String, Integer> repairs) {
        for (StreamReplay.Outcome.Trimmed t : trimmed) {
            Integer code = repairs.get(tableOf(t));
            if (code != null && (code == OK || code == ATTENTION)) {
                try {
                    s3Replay.settle(failureBucket, t);
                    out.println("repaired  " + t.range().describe() + ": s3://" + failureBucket + "/" + t.recordId() + " moved under "
                            + S3FailureReplay.REPLAYED_PREFIX);
                } catch (RuntimeException e) {
                    out.println("FAILED    " + t.recordId() + ": " + ErrorLines.oneLine(e) + " (a rerun repairs the table again)");
                }
            }
        }
    }

    private static String tableOf(StreamReplay.Outcome.Trimmed t) {
        try {
            return t.range().tableName();
        } catch (IllegalArgumentException e) {
            return t.range().streamArn();
        }
    }

    private static void print(PrintWriter out, StreamReplay.Outcome o, String where) {
        out.println(line(o, where));
        out.flush();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String line(StreamReplay.Outcome o, String where) {
        if (o instanceof StreamReplay.Outcome.Replayed r) {
            return "replayed  " + r.range().describe() + ": " + r.records() + " record(s) enqueued";
        }
        if (o instanceof StreamReplay.Outcome.Trimmed t) {
            return "TRIMMED   table " + tableOf(t) + ", " + t.range().describe() + ": " + t.detail()
                    + (t.deleted() ? " (record deleted)" : " (left " + where + ")");
        }
        StreamReplay.Outcome.Failed f = (StreamReplay.Outcome.Failed) o;
        return "FAILED    " + f.recordId() + ": " + f.reason() + " (left " + where + ")";
    }
}

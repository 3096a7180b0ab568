package io.ddbsync.ops.commands;

import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.aws.sqs.Sleeper;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.ChangeQueueOptions;
import io.ddbsync.ops.cli.UsageException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.operations.StreamReplay;

/** {@code ddbsync replay-stream-failures}: re-forwards the stream ranges the forwarder gave up on. */
@Command(name = "replay-stream-failures", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Reads the on-failure records Lambda left on the stream-failure queue (shard and sequence range of a stream "
                        + "batch that exhausted its retries or maximum age), re-reads each range from the DynamoDB stream, "
                        + "forwards its records to the change queue exactly as the stream-forwarder does, and deletes the "
                        + "on-failure record once they are enqueued.",
                "The stream keeps records for 24 hours: a range already trimmed is reported and left on the queue (run "
                        + "'ddbsync reconcile --repair' for the table, then rerun with --delete-trimmed).",
                "Re-forwarding is safe: envelope ids are deterministic and every write is version-guarded."},
        footer = {"%nExit 1 means some ranges were trimmed or failed (each is listed)."})
public final class ReplayStreamFailuresCommand extends OpsCommand {

    @Option(names = "--stream-failure-queue-url", paramLabel = "URL",
            description = "URL of the stream-failure queue, the forwarder's on-failure destination (required).")
    String failureQueueUrl;

    @Mixin
    ChangeQueueOptions changeQueue;

    @Option(names = "--max", defaultValue = "1000", paramLabel = "N", description = "Most on-failure records to process (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--delete-trimmed", description = "Delete on-failure records whose range is trimmed (after a reconcile).")
    boolean deleteTrimmed;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.DynamoDbEndpoint dynamoDbEndpoint;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    @Override
    protected int execute() {
        if (failureQueueUrl == null || failureQueueUrl.isBlank()) {
            throw new UsageException("--stream-failure-queue-url is required");
        }
        if (max < 1) {
            throw new UsageException("--max must be at least 1, got " + max);
        }
        String changeQueueUrl = changeQueue.url("the replayed records are forwarded to it");
        Optional<URI> sqsEp = sqsEndpoint.forQueue(changeQueueUrl);
        ForwarderConfig config = new ForwarderConfig(URI.create(changeQueueUrl), changeQueue.maxMessageBytes(), sqsEp,
                aws.regionName(sqsEp), changeQueue.compression());
        PrintWriter out = out();
        try (SqsClient sqs = aws.sqs(sqsEndpoint, changeQueueUrl);
             DynamoDbStreamsClient streams = aws.streams(dynamoDbEndpoint)) {
            StreamReplay replay = new StreamReplay(sqs, streams, StreamForwarderHandler.forwarder(config, sqs, Sleeper.real()),
                    deleteTrimmed);
            List<StreamReplay.Outcome> outcomes = replay.replay(failureQueueUrl, max, 300, o -> {
                out.println(line(o));
                out.flush();
            });
            long replayed = outcomes.stream().filter(o -> o instanceof StreamReplay.Outcome.Replayed).count();
            long trimmed = outcomes.stream().filter(o -> o instanceof StreamReplay.Outcome.Trimmed).count();
            long failed = outcomes.size() - replayed - trimmed;
            int records = outcomes.stream().mapToInt(o -> o instanceof StreamReplay.Outcome.Replayed r ? r.records() : 0).sum();
            out.println(outcomes.isEmpty() ? "The stream-failure queue is empty."
                    : "Replayed " + replayed + " range(s) (" + records + " record(s)), trimmed " + trimmed + ", failed " + failed + ".");
            if (trimmed > 0) {
                out.println("Trimmed ranges cannot be re-read: run 'ddbsync reconcile --table <table> --repair' to find and fix "
                        + "what they held" + (deleteTrimmed ? "." : ", then rerun with --delete-trimmed."));
            }
            out.flush();
            return trimmed + failed == 0 ? OK : ATTENTION;
        }
    }

    private static String line(StreamReplay.Outcome o) {
        if (o instanceof StreamReplay.Outcome.Replayed r) {
            return "replayed  " + r.range().describe() + ": " + r.records() + " record(s) enqueued";
        }
        if (o instanceof StreamReplay.Outcome.Trimmed t) {
            return "TRIMMED   " + t.range().describe() + ": " + t.detail() + (t.deleted() ? " (record deleted)" : " (left on the queue)");
        }
        StreamReplay.Outcome.Failed f = (StreamReplay.Outcome.Failed) o;
        return "FAILED    message " + f.messageId() + ": " + f.reason() + " (left on the queue)";
    }
}

package io.ddbsync.ops.operations;

import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.forwarder.send.Sleeper;
import io.ddbsync.model.config.ForwarderConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every range was replayed (or the queue was empty)", "1:some ranges were trimmed or failed",
                "2:bad arguments", "3:failed (message on stderr)"})
public final class ReplayStreamFailuresCommand extends OpsCommand {

    @Option(names = "--failure-queue-url", required = true, paramLabel = "URL",
            description = "URL of the stream-failure queue (the forwarder's on-failure destination).")
    String failureQueueUrl;

    @Option(names = "--change-queue-url", required = true, paramLabel = "URL", description = "URL of the change queue.")
    String changeQueueUrl;

    @Option(names = "--max", defaultValue = "1000", paramLabel = "N", description = "Most on-failure records to process (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--max-message-bytes", defaultValue = "262144", paramLabel = "BYTES",
            description = "Largest change message, as the forwarder's MAX_MESSAGE_BYTES (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--compression", defaultValue = "gzip", paramLabel = "gzip|none",
            description = "Message bodies gzipped (wire version 2) or plain (version 1), as the forwarder's COMPRESSION "
                    + "(default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--delete-trimmed", description = "Delete on-failure records whose range is trimmed (after a reconcile).")
    boolean deleteTrimmed;

    @Option(names = "--sqs-endpoint-url", paramLabel = "URL", description = "SQS endpoint (local stack or VPC endpoint).")
    URI sqsEndpoint;

    @Option(names = "--dynamodb-endpoint-url", paramLabel = "URL",
            description = "DynamoDB Streams endpoint (the local stack serves DynamoDB and Streams on one endpoint).")
    URI dynamodbEndpoint;

    @Mixin
    AwsOptions aws;

    @Override
    protected int execute() {
        if (max < 1) {
            throw new UsageException("--max must be at least 1, got " + max);
        }
        if (maxMessageBytes < ForwarderConfig.MIN_MAX_MESSAGE_BYTES || maxMessageBytes > ForwarderConfig.MAX_MAX_MESSAGE_BYTES) {
            throw new UsageException("--max-message-bytes must be in " + ForwarderConfig.MIN_MAX_MESSAGE_BYTES + ".."
                    + ForwarderConfig.MAX_MAX_MESSAGE_BYTES + " (as the forwarder's MAX_MESSAGE_BYTES), got " + maxMessageBytes);
        }
        URI changeQueue;
        try {
            changeQueue = URI.create(changeQueueUrl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--change-queue-url is not a URL: " + changeQueueUrl, e);
        }
        Optional<URI> sqsEp = Optional.ofNullable(sqsEndpoint);
        ForwarderConfig config = new ForwarderConfig(changeQueue, maxMessageBytes, sqsEp, aws.regionName(sqsEp),
                io.ddbsync.ops.Compressions.parse(compression));
        PrintWriter out = out();
        try (SqsClient sqs = Clients.sqs(aws, sqsEp);
             DynamoDbStreamsClient streams = Clients.streams(aws, Optional.ofNullable(dynamodbEndpoint))) {
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

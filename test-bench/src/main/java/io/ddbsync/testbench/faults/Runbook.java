package io.ddbsync.testbench.faults;

import io.ddbsync.localstack.LocalAws;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's commands as OPERATIONS.md has them, run through the {@code ddbsync} command line
 * itself against a scenario's pipeline: {@code redrive}, {@code replay-stream-failures} (from the queue or the bucket),
 * {@code reconcile}. Their output goes to the log.
 */
public final class Runbook {

    /** Exit code and output of one command. */
    public record Run(int exitCode, String output) {
    }

    /**
     * Runs one {@code ddbsync} command line in this process and returns its exit code and everything it printed: the
     * command line itself, handed in by whoever starts the suite (the CLI), so the runbook runs the real commands.
     */
    @FunctionalInterface
    public interface Commands {
        Run run(String... args);
    }

    private final ScenarioPipeline p;
    private final PrintStream log;

    Runbook(ScenarioPipeline p, PrintStream log) {
        this.p = p;
        this.log = log;
    }

    Run redrive() {
        return run("redrive", "--dlq-url", p.queues.deadLetterQueueUrl(), "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--region", LocalAws.REGION.id());
    }

    Run replayStreamFailures() {
        return run("replay-stream-failures", "--stream-failure-queue-url", p.queues.streamFailureQueueUrl(),
                "--change-queue-url", p.queues.changeQueueUrl(), "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id());
    }

    /**
     * {@code replay-stream-failures} from the S3 on-failure destination, with what the repair of a range gone from S3 and
     * the stream needs (the index, OpenSearch, a 2 s settle time).
     */
    Run replayS3Failures() {
        return run(withTtl("replay-stream-failures", "--failure-bucket", p.failureBucket,
                "--s3-endpoint-url", p.stack.s3Endpoint().toString(), "--change-queue-url", p.queues.changeQueueUrl(),
                "--index", p.index, "--settle", "2s", "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString(), "--opensearch-auth", "none",
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id()));
    }

    Run reconcile() {
        return run(withTtl("reconcile", "--table", p.table, "--index", p.index, "--settle", "2s",
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString(), "--opensearch-auth", "none",
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id()));
    }

    /** {@code dlq peek} with the failure notes. */
    Run dlqPeek() {
        return run("dlq", "peek", "--dlq-url", p.queues.deadLetterQueueUrl(), "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString(), "--opensearch-auth", "none",
                "--region", LocalAws.REGION.id());
    }

    /** {@code reconcile --repair}: lasting differences sent back through the change queue. */
    Run reconcileRepair() {
        return run(withTtl("reconcile", "--table", p.table, "--index", p.index, "--settle", "2s", "--repair",
                "--change-queue-url", p.queues.changeQueueUrl(), "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString(), "--opensearch-auth", "none",
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id()));
    }

    /** {@code backfill} of the scenario's table into its change queue. */
    Run backfill() {
        return run("backfill", "--table", p.table, "--change-queue-url", p.queues.changeQueueUrl(), "--segments", "2",
                "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id());
    }

    /**
     * {@code reindex} with these extra arguments ({@code --template F}, {@code --resume}, {@code --rollback}, …) and a
     * 2 s settle time (the suite's pace).
     */
    Run reindex(java.nio.file.Path checkpoint, String... extra) {
        return reindex(checkpoint, List.of("--settle", "2s"), extra);
    }

    /**
     * {@code reindex} with the settle time it takes by default: from the pipeline's lag as the index shows it (at least
     * 5 s), what an operator gets who gives none — for a pipeline whose lag is the point (a backlog under steady writes).
     */
    Run reindexWithDefaultSettle(java.nio.file.Path checkpoint, String... extra) {
        return reindex(checkpoint, List.of(), extra);
    }

    private Run reindex(java.nio.file.Path checkpoint, List<String> settle, String... extra) {
        List<String> args = new ArrayList<>(List.of(withTtl("reindex", "--table", p.table, "--index", p.index,
                "--change-queue-url", p.queues.changeQueueUrl(), "--drain-timeout", "3m", "--segments", "2",
                "--checkpoint", checkpoint.toString(), "--sqs-endpoint-url", p.stack.sqsServer.endpoint().toString(),
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString(), "--opensearch-auth", "none",
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id())));
        args.addAll(settle);
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** {@code reindex --finish} as OPERATIONS.md shows it: the table and the cluster only. */
    Run reindexFinish() {
        return run("reindex", "--table", p.table, "--index", p.index, "--finish",
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString());
    }

    /** The command's arguments, with the worker's TTL policy when it keeps TTL removals. */
    private String[] withTtl(String... args) {
        if (!p.keepsTtlRemovals()) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ttl-deletes", "keep", "--ttl-attribute", ScenarioPipeline.TTL_ATTRIBUTE));
        return all.toArray(String[]::new);
    }

    private Run run(String... args) {
        Run r = p.stack.commands.run(args);
        log.println("$ ddbsync " + String.join(" ", args) + System.lineSeparator() + r.output() + "(exit " + r.exitCode() + ")");
        return r;
    }
}

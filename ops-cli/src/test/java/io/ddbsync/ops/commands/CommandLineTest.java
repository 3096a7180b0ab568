package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The operations commands' own command lines (the exit codes of every command: CommandExitCodesTest). */
class CommandLineTest {

    @Test
    void help_everyCommand_listsItsOptions() {
        assertThat(TestRoot.run("dlq", "peek", "--help").out()).contains("--dlq-url", "--opensearch-endpoint", "--opensearch-auth",
                "--sqs-endpoint-url", "--region", "--profile", "Exit codes");
        assertThat(TestRoot.run("redrive", "--help").out()).contains("--dlq-url", "--to", "--rate", "Ctrl-C");
        assertThat(TestRoot.run("replay-stream-failures", "--help").out()).contains("--stream-failure-queue-url",
                "--change-queue-url", "--max-message-bytes", "--compression", "--dynamodb-endpoint-url", "--delete-trimmed");
        assertThat(TestRoot.run("reconcile", "--help").out()).contains("--table", "--index", "--repair", "--segments",
                "--dynamodb-endpoint-url", "--opensearch-endpoint");
        assertThat(TestRoot.run("reindex", "--help").out()).contains("--change-queue-url", "--max-message-bytes", "--compression",
                "--drain-timeout=DURATION");
    }

    @Test
    void reconcile_repairWithoutChangeQueue_usageErrorOnOneLineWithoutStackTrace() {
        TestRoot.Run run = TestRoot.run("reconcile", "--table", "Posts", "--repair", "--opensearch-endpoint", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(OpsCommand.USAGE);
        assertThat(run.err()).contains("--repair needs --change-queue-url").contains("--help")
                .doesNotContain("\tat ").doesNotContain("--verbose");
    }

    @Test
    void redrive_unreachableSqsWithVerbose_stackTracePrinted() {
        TestRoot.Run run = TestRoot.run("--verbose", "redrive", "--dlq-url", "http://127.0.0.1:1/000000000000/dlq",
                "--sqs-endpoint-url", "http://127.0.0.1:1", "--region", "us-east-1");

        assertThat(run.exitCode()).isEqualTo(OpsCommand.FAILED);
        assertThat(run.err()).contains("cannot read the ARN of queue").contains("\tat ");
    }

    @Test
    void redrive_loopbackQueueUrlWithoutEndpoint_callsTheQueueUrlsHost() {
        TestRoot.Run run = TestRoot.run("redrive", "--dlq-url", "http://127.0.0.1:1/000000000000/dlq");

        // no region, no credentials, no endpoint given: the loopback queue URL's host is the local stack's SQS
        assertThat(run.exitCode()).isEqualTo(OpsCommand.FAILED);
        assertThat(run.err()).contains("cannot read the ARN of queue").contains("127.0.0.1:1").doesNotContain("region");
    }
}

package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void help_everyCommand_listsItsOptions() {
        assertThat(TestRoot.run("dlq", "peek", "--help").out()).contains("--queue-url", "--opensearch-endpoint", "--opensearch-auth",
                "--sqs-endpoint-url", "--region", "--profile", "Exit codes");
        assertThat(TestRoot.run("redrive", "--help").out()).contains("--dlq-url", "--to", "--rate", "Ctrl-C");
        assertThat(TestRoot.run("replay-stream-failures", "--help").out()).contains("--failure-queue-url", "--change-queue-url",
                "--dynamodb-endpoint-url", "--delete-trimmed");
        assertThat(TestRoot.run("reconcile", "--help").out()).contains("--table", "--index", "--repair", "--segments",
                "--dynamodb-endpoint-url", "--opensearch-endpoint");
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
        "dlq peek --queue-url http://127.0.0.1:1/000000000000/dlq --max 0;--max",
        "redrive --dlq-url http://127.0.0.1:1/000000000000/dlq --rate 0;--rate",
        "reconcile --table Posts --opensearch-endpoint http://127.0.0.1:1 --segments 0;--segments",
        "replay-stream-failures --failure-queue-url http://127.0.0.1:1/0/f --change-queue-url http://127.0.0.1:1/0/c --max 0;--max",
        "reindex --table Posts --opensearch-endpoint http://127.0.0.1:1 --change-queue-url http://127.0.0.1:1/0/c --finish --rollback;exclude each other"})
    void run_optionOutOfRange_usageErrorExitTwo(String commandLine, String named) {
        TestRoot.Run run = TestRoot.run(commandLine.split(" "));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(OpsCommand.USAGE);
        assertThat(run.err()).contains(named).contains("--help").doesNotContain("\tat ");
    }
}

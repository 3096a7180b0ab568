package io.ddbsync.ops.faults;

import io.ddbsync.localstack.LocalAws;
import io.ddbsync.ops.Main;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The operator's commands as OPERATIONS.md has them, run through the {@code ddbsync} command line
 * itself against a scenario's pipeline: {@code redrive}, {@code replay-stream-failures},
 * {@code reconcile}. Their output goes to the log.
 */
final class Runbook {

    /** Exit code and output of one command. */
    record Run(int exitCode, String output) {
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

    Run reconcile() {
        return run("reconcile", "--table", p.table, "--index", p.index, "--settle", "2s",
                "--opensearch-endpoint", p.stack.openSearch.endpoint().toString(), "--opensearch-auth", "none",
                "--dynamodb-endpoint-url", p.stack.streams.endpoint().toString(), "--region", LocalAws.REGION.id());
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        List<String> shown = new ArrayList<>(List.of(args));
        log.println("$ ddbsync " + String.join(" ", shown) + System.lineSeparator() + out + "(exit " + code + ")");
        return new Run(code, out.toString());
    }
}

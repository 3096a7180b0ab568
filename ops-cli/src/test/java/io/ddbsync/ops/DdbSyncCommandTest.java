package io.ddbsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.ops.cli.ErrorReporter;
import io.ddbsync.ops.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Main#run} as the {@code ./ddbsync} script calls it: System.out and System.err, the exit code it exits with. */
class DdbSyncCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_help_listsLocalAndBackfill() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out()).contains("local").contains("backfill").contains("--verbose").contains("Exit codes:");
    }

    @Test
    void run_noCommand_usageOnStderrExitTwo() {
        assertThat(Main.run()).isEqualTo(ExitCodes.USAGE);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("give a command").contains("Commands:").contains("reconcile");
    }

    @Test
    void run_unknownCommandWithHelp_usageErrorNamingItNotTheTopUsage() {
        assertThat(Main.run("reconcilee", "--help")).isEqualTo(ExitCodes.USAGE);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("reconcilee").contains("reconcile").doesNotContain("Usage:");
    }

    @Test
    void run_benchHelp_describesItInOneParagraph() {
        assertThat(Main.run("bench", "--help")).isZero();
        String help = out();
        String description = help.substring(help.indexOf("Starts the local services"), help.indexOf("Options:") >= 0
                ? help.indexOf("Options:") : help.indexOf("  -"));
        assertThat(description.strip().split("\\R\\s*\\R")).as("one paragraph").hasSize(1);
        assertThat(description).contains("then per round times");
    }

    @Test
    void run_reindexHelp_describesStepsAndModes() {
        assertThat(Main.run("reindex", "--help")).isZero();
        assertThat(out()).contains("--template").contains("--resume").contains("--rollback")
                .contains("--finish").contains("--settle").contains("--items-per-second").contains("_aliases");
    }

    @Test
    void run_reindexWithoutQueue_usageErrorNamingTheOption() {
        assertThat(Main.run("reindex", "--table", "Posts", "--opensearch-endpoint", "http://127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--change-queue-url");
    }

    @Test
    void run_version_printsName() {
        assertThat(Main.run("--version")).isZero();
        assertThat(out()).startsWith("ddbsync ");
    }

    @Test
    void run_backfillWithoutTable_isUsageError() {
        assertThat(Main.run("backfill", "--change-queue-url", "http://127.0.0.1:1/q")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("ddbsync backfill: --table is required")
                .contains("Try 'ddbsync backfill --help'");
    }

    @Test
    void run_unknownOption_usageErrorWithSuggestion() {
        assertThat(Main.run("backfill", "--table", "T", "--change-queue", "http://127.0.0.1:1/q")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("Unknown option").contains("--change-queue-url").doesNotContain("Usage:");
    }

    @Test
    void run_failingCommand_printsOneLineWithoutStackTrace() {
        int code = Main.run("backfill", "--table", "T", "--change-queue-url", "http://127.0.0.1:1/000000000000/q",
                "--dynamodb-endpoint-url", "http://127.0.0.1:1", "--region", "us-east-1");
        assertThat(code).isEqualTo(ExitCodes.FAILED);
        // the progress board (stderr) shows how far it got; then the one error line
        List<String> errors = err().lines().filter(l -> l.startsWith("ddbsync ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("ddbsync backfill: cannot describe table T: ").endsWith("(--verbose for the stack trace)");
        assertThat(err()).doesNotContain("\tat ");
    }

    @Test
    void run_failingCommandVerbose_printsStackTrace() {
        int code = Main.run("--verbose", "backfill", "--table", "T", "--change-queue-url", "http://127.0.0.1:1/000000000000/q",
                "--dynamodb-endpoint-url", "http://127.0.0.1:1");
        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(err()).contains("ddbsync backfill: cannot describe table T: ").contains("\tat ");
    }

    @Test
    void oneLine_causeChain_joinsDistinctMessages() {
        Exception e = new IllegalStateException("backfill failed", new RuntimeException("connection refused"));
        assertThat(ErrorReporter.oneLine(e)).isEqualTo("IllegalStateException: backfill failed: RuntimeException: connection refused");
    }

    @Test
    void oneLine_causeRepeatingTheMessageAfterAPrefix_shownOnce() {
        Exception cause = new io.ddbsync.model.config.ConfigException("INDEX_MAP", "tables A and B both map to index a");
        Exception e = new io.ddbsync.ops.cli.UsageException("--index-map (the worker's INDEX_MAP): tables A and B both map to index a",
                cause);
        assertThat(ErrorReporter.oneLine(e)).isEqualTo("--index-map (the worker's INDEX_MAP): tables A and B both map to index a");
    }

    @Test
    void oneLine_ownExceptionAroundRepeatedCause_messageOnceWithoutOwnType() {
        Exception cause = new java.net.ConnectException("Connection refused");
        Exception e = new io.ddbsync.ops.operations.OpsException("cannot read queue q: Connection refused", cause);
        assertThat(ErrorReporter.oneLine(e)).isEqualTo("cannot read queue q: Connection refused");
    }
}

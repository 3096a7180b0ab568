package io.ddbsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @Test
    void run_help_listsLocalAndBackfill() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("local").contains("backfill").contains("--verbose");
    }

    @Test
    void run_reindexHelp_describesStepsAndModes() {
        assertThat(Main.run("reindex", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--template").contains("--resume").contains("--rollback")
                .contains("--finish").contains("--settle").contains("--items-per-second").contains("_aliases");
    }

    @Test
    void run_reindexWithoutQueue_usageErrorNamingTheOption() {
        assertThat(Main.run("reindex", "--table", "Posts", "--opensearch-endpoint", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--change-queue-url");
    }

    @Test
    void run_version_printsName() {
        assertThat(Main.run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ddbsync ");
    }

    @Test
    void run_backfillWithoutTable_isUsageError() {
        assertThat(Main.run("backfill", "--queue-url", "http://127.0.0.1:1/q")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--table");
    }

    @Test
    void run_failingCommand_printsOneLineWithoutStackTrace() {
        int code = Main.run("backfill", "--table", "T", "--queue-url", "http://127.0.0.1:1/000000000000/q",
                "--endpoint-url", "http://127.0.0.1:1", "--segments", "0");
        assertThat(code).isEqualTo(1);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.strip().lines()).hasSize(1);
        assertThat(text).contains("ddbsync backfill: --segments must be 1..1000000, got 0").doesNotContain("\tat ");
    }

    @Test
    void run_failingCommandVerbose_printsStackTrace() {
        int code = Main.run("--verbose", "backfill", "--table", "T", "--queue-url", "http://127.0.0.1:1/000000000000/q",
                "--segments", "0");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\tat ");
    }

    @Test
    void oneLine_causeChain_joinsDistinctMessages() {
        Exception e = new IllegalStateException("backfill failed", new RuntimeException("connection refused"));
        assertThat(ErrorReporter.oneLine(e)).isEqualTo("backfill failed: connection refused");
    }
}

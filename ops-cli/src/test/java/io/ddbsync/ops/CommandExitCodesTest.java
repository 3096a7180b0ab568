package io.ddbsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.ops.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command's usage error exits 2 and its failure exits 3, each reported on stderr as one line
 * that names the command. Failures are calls to a closed local port (connection refused at once).
 */
class CommandExitCodesTest {

    @TempDir
    static Path dir;
    private static String closed;

    /** Result of one run: exit code and what was printed. */
    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.println("$ ddbsync " + String.join(" ", args) + "\n" + out + err + "(exit " + code + ")");
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] line(String text) {
        return text.replace("CLOSED", closed).split(" ");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("local --items 0", "--items"),
                Arguments.of("local --timeout 10", "--timeout"),
                Arguments.of("local --visibility-timeout 5s", "--visibility-timeout"),
                Arguments.of("local --max-receive-count 0", "--max-receive-count"),
                Arguments.of("local --tables Posts", "--tables"),
                Arguments.of("cost --context openSearchInstanceCount=x", "--context"),
                Arguments.of("backfill --table T --change-queue-url CLOSED/000000000000/q --segments 0", "--segments"),
                Arguments.of("backfill --table T", "--change-queue-url"),
                Arguments.of("backfill --table T --change-queue-url CLOSED/0/q --max-message-bytes 100", "--max-message-bytes"),
                Arguments.of("backfill --table T --change-queue-url CLOSED/0/q --compression zip", "--compression"),
                Arguments.of("cost --osi-min-ocus 0", "--osi-min-ocus"),
                Arguments.of("bench --changes 0", "--changes"),
                Arguments.of("bench --round-timeout soon", "--round-timeout"),
                Arguments.of("bench relevance --posts 0", "--posts"),
                Arguments.of("bench backfill --items 0", "--items"),
                Arguments.of("bench lever --lever turbo", "--lever"),
                Arguments.of("bench lever --lever overlap --worker-concurrency 2,4", "--worker-concurrency"),
                Arguments.of("backfill --on-lambda --table T --backfill-bucket b", "--backfill-queue-url"),
                Arguments.of("backfill --status r1 --backfill-bucket b", "--on-lambda"),
                Arguments.of("cost --osi-min-ocus 97", "--osi-min-ocus"),
                Arguments.of("dlq", "give a command"),
                Arguments.of("dlq peek --dlq-url CLOSED/000000000000/dlq --max 0", "--max"),
                Arguments.of("dlq peek --dlq-url CLOSED/000000000000/dlq --hold 30", "--hold"),
                Arguments.of("dlq peek --dlq-url CLOSED/000000000000/dlq --hold 13h", "--hold"),
                Arguments.of("redrive --dlq-url CLOSED/000000000000/dlq --rate 0", "--rate"),
                Arguments.of("replay-stream-failures --stream-failure-queue-url CLOSED/0/f --change-queue-url CLOSED/0/c --max 0", "--max"),
                Arguments.of("replay-stream-failures --stream-failure-queue-url CLOSED/0/f", "--change-queue-url"),
                Arguments.of("reconcile --table Posts --opensearch-endpoint CLOSED --segments 0", "--segments"),
                Arguments.of("reconcile --table Posts --opensearch-endpoint CLOSED --settle soon", "--settle"),
                Arguments.of("reconcile --table Posts --opensearch-endpoint CLOSED --index-map Posts=a,Other=a", "--index-map"),
                Arguments.of("reindex --table Posts --opensearch-endpoint CLOSED --change-queue-url CLOSED/0/c --finish --rollback",
                        "exclude each other"),
                Arguments.of("reindex --table Posts --opensearch-endpoint CLOSED --change-queue-url CLOSED/0/c --drain-timeout PT",
                        "--drain-timeout"),
                Arguments.of("probe --opensearch-auth none", "--opensearch-endpoint"),
                Arguments.of("mapping", "give a command"),
                Arguments.of("mapping plan --table Posts --sample 0", "--sample"),
                Arguments.of("mapping plan --table Posts --dynamic sometimes", "--dynamic"),
                Arguments.of("probe --opensearch-endpoint CLOSED --signing-service gcp", "--signing-service"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void run_usageError_exitTwoOneLineAndPointerToHelp(String commandLine, String named) {
        Run run = run(line(commandLine));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("ddbsync " + commandLine.split(" ")[0]).contains(named).contains("--help")
                .doesNotContain("\tat ");
    }

    static Stream<Arguments> failures() throws IOException {
        Path notADirectory = Files.createTempFile(dir, "file", ".txt");
        return Stream.of(
                Arguments.of("local --once --log-file " + notADirectory.resolve("sub/local.log")),
                Arguments.of("bench --changes 10 --log-file " + notADirectory.resolve("sub/bench.log")),
                Arguments.of("bench relevance --posts 5 --opensearch-endpoint CLOSED"),
                Arguments.of("bench backfill --items 10 --log-file " + notADirectory.resolve("sub/bench.log")),
                Arguments.of("bench lever --lever overlap --changes 10 --log-file " + notADirectory.resolve("sub/bench.log")),
                Arguments.of("backfill --on-lambda --status r1 --backfill-bucket b --s3-endpoint-url CLOSED"),
                Arguments.of("backfill --table T --change-queue-url CLOSED/000000000000/q --dynamodb-endpoint-url CLOSED"),
                Arguments.of("dlq peek --dlq-url CLOSED/000000000000/dlq"),
                Arguments.of("redrive --dlq-url CLOSED/000000000000/dlq"),
                Arguments.of("replay-stream-failures --stream-failure-queue-url CLOSED/000000000000/f "
                        + "--change-queue-url CLOSED/000000000000/c --dynamodb-endpoint-url CLOSED"),
                Arguments.of("reconcile --table Posts --dynamodb-endpoint-url CLOSED --opensearch-endpoint CLOSED --settle 0"),
                Arguments.of("reindex --table Posts --change-queue-url CLOSED/000000000000/c --dynamodb-endpoint-url CLOSED "
                        + "--opensearch-endpoint CLOSED"),
                Arguments.of("probe --opensearch-endpoint CLOSED"),
                Arguments.of("mapping plan --table Posts --dynamodb-endpoint-url CLOSED"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void run_unreachableServiceOrUnusableFile_exitThreeOneLine(String commandLine) {
        Run run = run(line(commandLine));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILED);
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("ddbsync " + commandLine.split(" ")[0]).endsWith("(--verbose for the stack trace)");
    }

    @Test
    void run_everyLeafCommand_hasAUsageAndAFailureCase() {
        List<String> leaves = new ArrayList<>();
        for (CommandLine c : io.ddbsync.ops.cli.Grammar.tree(Main.commandLine())) {
            if (c.getSubcommands().isEmpty()) {
                leaves.add(c.getCommandSpec().qualifiedName().substring("ddbsync ".length()));
            }
        }
        List<String> usage = usageErrors().map(a -> (String) a.get()[0]).toList();
        List<String> failure;
        try {
            failure = failures().map(a -> (String) a.get()[0]).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String leaf : leaves) {
            assertThat(usage).as("a usage error case for " + leaf).anyMatch(l -> l.startsWith(leaf + " "));
            if (!leaf.equals("cost")) { // cost computes from its options only: nothing to fail
                assertThat(failure).as("a failure case for " + leaf).anyMatch(l -> l.startsWith(leaf + " "));
            }
        }
    }

    @Test
    void run_oldOptionNames_stillSetTheNewOnesWithAWarning() {
        Run backfill = run(line("backfill --table T --queue-url CLOSED/000000000000/q --endpoint-url CLOSED"));
        Run peek = run(line("dlq peek --queue-url CLOSED/000000000000/dlq --hold-seconds 45"));

        // past the check for --change-queue-url / --dlq-url: the calls to the closed port fail
        assertThat(backfill.exitCode()).as(backfill.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(backfill.err()).contains("--queue-url is the old name of --change-queue-url")
                .contains("--endpoint-url is the old name of --dynamodb-endpoint-url");
        assertThat(peek.exitCode()).as(peek.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(peek.err()).contains("--queue-url is the old name of --dlq-url")
                .contains("--hold-seconds is the old name of --hold");
    }

    @Test
    void run_help_hidesOldNames() {
        Run backfill = run("backfill", "--help");
        Run peek = run("dlq", "peek", "--help");

        assertThat(backfill.out()).contains("--change-queue-url", "--dynamodb-endpoint-url").doesNotContain("--queue-url")
                .doesNotContain(" --endpoint-url");
        assertThat(peek.out()).contains("--dlq-url").doesNotContain("--queue-url");
    }
}

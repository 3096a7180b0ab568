package io.ddbsync.ops.commands;

import io.ddbsync.ops.Main;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.faults.FaultRun;
import io.ddbsync.testbench.faults.Runbook;
import io.ddbsync.testbench.local.LocalDemo;
import io.ddbsync.testbench.local.LocalPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddbsync local}: the whole pipeline on this machine with sample posts, a live status, and
 * (with {@code --once}) an exit at convergence ({@link LocalDemo}); with {@code --faults}, the fault suite
 * ({@link FaultRun}) whose runbook runs this command line's own commands.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        header = "Runs the whole pipeline on this machine with sample posts and a live status.",
        description = "Runs the whole pipeline on this machine: OpenSearch, ElasticMQ, dynalite with the DynamoDB Streams "
                + "emulation, the forwarder and the worker behind their event source mapping emulators, and a Posts table "
                + "fed with sample posts: part before the pipeline starts (they arrive through the backfill), the rest "
                + "through the stream, then a trickle of inserts, edits and deletes. Every other table with a stream on its DynamoDB "
                + "endpoint (--tables, or created by any client while it runs) is synced too, to an index of its name lower-cased. "
                + "The status shows each table's items, documents and lag, and the messages being retried. Ctrl-C stops everything.",
        footer = {"%nExit 1 means --once ended without convergence: --timeout passed, or messages reached the dead-letter queue."})
public final class LocalCommand extends OpsCommand {

    @Option(names = "--items", defaultValue = "650", paramLabel = "N", description = "Sample posts to write (default: ${DEFAULT-VALUE}, as in the seed post).")
    int items;

    @Option(names = "--backfill-share", defaultValue = "0.5", paramLabel = "F",
            description = "Share of the posts written before the pipeline starts, so they arrive through the backfill (default: ${DEFAULT-VALUE}).")
    double backfillShare;

    @Option(names = "--trickle", defaultValue = "2", paramLabel = "N", description = "Changes per second after the initial load (default: ${DEFAULT-VALUE}; 0 = none).")
    double tricklePerSecond;

    @Option(names = "--once", description = "Stop at convergence (table = search alias, queues empty) and exit 0; 1 when not converged.")
    boolean once;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "With --once: give up after this long (30s, 10m; default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Backfill Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--table", defaultValue = "Posts", paramLabel = "TABLE", description = "The DynamoDB table (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE[,TABLE...]",
            description = "More tables to create at start (key id, a NEW_AND_OLD_IMAGES stream) unless they exist, and sync "
                    + "as --table is synced (no sample posts). Every other table with a stream on the local DynamoDB, "
                    + "created while this runs, is synced too, as the stack's tables list is on AWS.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--visibility-timeout", defaultValue = "180s", paramLabel = DurationConverter.LABEL,
            converter = DurationConverter.class,
            description = "The change queue's visibility timeout: how long a message the worker failed waits before it is "
                    + "delivered again (default: ${DEFAULT-VALUE}, 6 x the local worker's 30 s timeout, as deployed; at least 30s).")
    Duration visibilityTimeout;

    @Option(names = "--max-receive-count", defaultValue = "5", paramLabel = "N",
            description = "Receives before the change queue moves a message to the dead-letter queue (default: ${DEFAULT-VALUE}, "
                    + "as deployed; 1..1000). With --visibility-timeout 30s --max-receive-count 2 a poison message is "
                    + "dead-lettered in about a minute instead of 15.")
    int maxReceiveCount;

    @Option(names = "--log-file", defaultValue = "target/ddbsync-local.log", paramLabel = "FILE",
            description = "The JSON log lines of the services and handlers (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the tables (dynalite's LevelDB), the queues and their messages (ElasticMQ's H2 message "
                    + "storage) and the index (OpenSearch's path.data) in DIR, so the next run with the same DIR has them again. "
                    + "Without it everything is in memory or in temporary directories, gone when the command ends.")
    Path dataDir;

    @Option(names = "--faults", paramLabel = "NAME[,NAME]|all|random",
            description = "Run the fault scenarios instead (each on its own table) and print one row per scenario; exit 0 only if all converged. "
                    + "random: --rounds seeded random interleavings of the operator's commands with the load, on one table.")
    String faults;

    @Option(names = "--rounds", defaultValue = "20", paramLabel = "N",
            description = "With --faults random: rounds to run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", description = "With --faults: the load's random seed (default: printed at start).")
    Long seed;

    @Option(names = "--changes", defaultValue = "2000", paramLabel = "N",
            description = "With --faults: item changes per scenario (default: ${DEFAULT-VALUE}).")
    int changes;

    @Override
    protected int execute() throws IOException, InterruptedException {
        if (faults != null) {
            return faults();
        }
        LocalDemo.Settings settings;
        try {
            if (tables.contains(table)) {
                throw new UsageException("--tables names " + table + ", the table of --table: name each table once");
            }
            if (visibilityTimeout.compareTo(LocalPipeline.WORKER_TIMEOUT) < 0 || visibilityTimeout.toMillis() % 1000 != 0
                    || visibilityTimeout.toSeconds() > 43_200) {
                throw new UsageException("--visibility-timeout must be whole seconds from the worker's timeout ("
                        + LocalPipeline.WORKER_TIMEOUT.toSeconds() + "s, as Lambda requires) to 12h, got " + visibilityTimeout);
            }
            if (maxReceiveCount < 1 || maxReceiveCount > 1_000) {
                throw new UsageException("--max-receive-count must be in 1..1000 (SQS's range), got " + maxReceiveCount);
            }
            settings = new LocalDemo.Settings(table, items, backfillShare, tricklePerSecond, once, timeout, segments, logFile,
                    tables, visibilityTimeout, maxReceiveCount, Optional.ofNullable(dataDir));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--items must be >= 1, --backfill-share in 0..1, --trickle >= 0", e);
        }
        return switch (new LocalDemo(settings, out(), err()).run()) {
            case CONVERGED -> OK;
            case NOT_CONVERGED, DEAD_LETTERED -> ATTENTION;
            case INTERRUPTED -> io.ddbsync.ops.cli.ExitCodes.INTERRUPTED;
        };
    }

    /** {@code --faults}: the suite, its runbook running this command line's own commands in process. */
    private int faults() throws IOException {
        if (rounds < 1) {
            throw new UsageException("--rounds must be >= 1");
        }
        if (changes < 100) {
            throw new UsageException("--changes must be >= 100");
        }
        long chosen = seed != null ? seed : new SecureRandom().nextInt(1_000_000);
        try {
            return FaultRun.run(faults, chosen, changes, rounds, logFile, out(), LocalCommand::runCommand) ? OK : ATTENTION;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--faults: " + e.getMessage(), e);
        }
    }

    /** One {@code ddbsync} command line, run in this process through the whole command tree, its output captured. */
    static Runbook.Run runCommand(String... args) {
        StringWriter output = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(output, true));
        cli.setErr(new PrintWriter(output, true));
        int code = cli.execute(args);
        return new Runbook.Run(code, output.toString());
    }
}

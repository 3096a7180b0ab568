package io.ddbsync.ops;

import io.ddbsync.ops.cli.Grammar;
import picocli.CommandLine;

/** Entry point of the {@code ddbsync} command. */
public final class Main {

    /** The level of ddbsync's own loggers in shared-model's log4j2.xml. */
    static final String LOG_LEVEL_PROPERTY = "ddbsync.logLevel";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (see {@link io.ddbsync.ops.cli.ExitCodes}). */
    public static int run(String... args) {
        // Log lines (JSON, on stderr; shared-model's log4j2.xml): warnings and errors unless LOG_LEVEL says otherwise.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            String level = System.getenv("LOG_LEVEL");
            System.setProperty(LOG_LEVEL_PROPERTY, level == null || level.isBlank() ? "WARN" : level);
        }
        return commandLine().execute(args);
    }

    /** The whole command tree with the one grammar's error report, exit-code help and old option names applied. */
    public static CommandLine commandLine() {
        return Grammar.apply(new CommandLine(new DdbSyncCommand()));
    }
}

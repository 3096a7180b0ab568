package io.ddbsync.ops;

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

    /** Runs the command line and returns the exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        // Log lines (JSON, on stderr; shared-model's log4j2.xml): warnings and errors unless LOG_LEVEL says otherwise.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            String level = System.getenv("LOG_LEVEL");
            System.setProperty(LOG_LEVEL_PROPERTY, level == null || level.isBlank() ? "WARN" : level);
        }
        DdbSyncCommand top = new DdbSyncCommand();
        CommandLine cli = new CommandLine(top);
        cli.setExecutionExceptionHandler(new ErrorReporter(top));
        return cli.execute(args);
    }
}

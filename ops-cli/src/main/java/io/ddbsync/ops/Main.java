package io.ddbsync.ops;

import picocli.CommandLine;

/** Entry point of the {@code ddbsync} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        // ElasticMQ and the SDK log through slf4j-simple: warnings only, on stderr.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        DdbSyncCommand top = new DdbSyncCommand();
        CommandLine cli = new CommandLine(top);
        cli.setExecutionExceptionHandler(new ErrorReporter(top));
        return cli.execute(args);
    }
}

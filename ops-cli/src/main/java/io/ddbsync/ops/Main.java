package io.ddbsync.ops;

import io.ddbsync.ops.cli.Grammar;
import picocli.CommandLine;

/** Entry point of the {@code ddbsync} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (see {@link io.ddbsync.ops.cli.ExitCodes}). */
    public static int run(String... args) {
        // ElasticMQ and the SDK log through slf4j-simple: warnings only, on stderr.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        return commandLine().execute(args);
    }

    /** The whole command tree with the one grammar's error report, exit-code help and old option names applied. */
    public static CommandLine commandLine() {
        return Grammar.apply(new CommandLine(new DdbSyncCommand()));
    }
}

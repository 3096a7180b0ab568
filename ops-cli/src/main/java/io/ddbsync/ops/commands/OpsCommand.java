package io.ddbsync.ops.commands;

import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.Grammar;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the operations commands: runs {@link #execute()}; a failure goes to the command line's one
 * error report ({@link Grammar}), with the exit codes of {@link ExitCodes}.
 */
public abstract class OpsCommand implements Callable<Integer> {

    public static final int OK = ExitCodes.OK;
    public static final int ATTENTION = ExitCodes.ATTENTION;
    public static final int USAGE = ExitCodes.USAGE;
    public static final int FAILED = ExitCodes.FAILED;

    @Spec
    protected CommandSpec spec;

    /** Does the work; returns the exit code. */
    protected abstract int execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        return execute();
    }

    /** The {@code --verbose} option the top command passes down. */
    protected boolean verbose() {
        return Grammar.verbose(spec);
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}

package io.ddbsync.ops.cli;

import io.ddbsync.ops.operations.ErrorLines;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one error report of every command. A usage error (picocli's, or a {@link UsageException})
 * prints "ddbsync &lt;command&gt;: &lt;what is wrong&gt;" and a pointer to {@code --help}, exit
 * {@value ExitCodes#USAGE}; any other failure prints "ddbsync &lt;command&gt;: &lt;what failed&gt;: &lt;cause&gt;…"
 * on one line, or that line and the stack trace with {@code --verbose}, exit {@value ExitCodes#FAILED}.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    ErrorReporter() {
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        usageHint(cmd.getCommandSpec(), err);
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        CommandSpec spec = cmd.getCommandSpec();
        if (e instanceof UsageException) {
            err.println(spec.qualifiedName() + ": " + oneLine(e));
            usageHint(spec, err);
            return ExitCodes.USAGE;
        }
        if (Grammar.verbose(spec)) {
            err.println(spec.qualifiedName() + ": " + oneLine(e));
            e.printStackTrace(err);
        } else {
            err.println(spec.qualifiedName() + ": " + oneLine(e) + " (--verbose for the stack trace)");
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    private static void usageHint(CommandSpec spec, PrintWriter err) {
        err.println("Try '" + spec.qualifiedName() + " --help' for the options.");
        err.flush();
    }

    /** The one-line form of an error and its causes ({@link ErrorLines#oneLine}). */
    public static String oneLine(Throwable e) {
        return ErrorLines.oneLine(e);
    }
}

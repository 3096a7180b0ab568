package io.ddbsync.ops.cli;

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

    /**
     * The message chain of {@code e} and its causes on one line, without repeats. Messages of
     * ddbsync's own exceptions and picocli's stand alone; others are prefixed with their type
     * ({@code SdkClientException: Unable to execute HTTP request}), which often is the news.
     */
    public static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s*\\R\\s*", " ").strip();
            if (!m.isEmpty() && previous != null && covered(previous, m)) {
                continue;
            }
            String shown = own(t) ? m : m.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
            if (shown.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(shown);
            previous = m;
        }
        return sb.toString();
    }

    /** Whether {@code cause} says nothing {@code shown} did not: contained in it, or so after a "WHAT: " prefix. */
    private static boolean covered(String shown, String cause) {
        int colon = cause.indexOf(": ");
        return shown.contains(cause) || (colon > 0 && shown.contains(cause.substring(colon + 2)));
    }

    private static boolean own(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("io.ddbsync.") || name.startsWith("picocli.");
    }
}

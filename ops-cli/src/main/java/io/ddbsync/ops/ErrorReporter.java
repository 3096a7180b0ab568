package io.ddbsync.ops;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** A failed command prints one line, "ddbsync <command>: <what failed>: <cause>…", or the stack trace with --verbose. */
final class ErrorReporter implements IExecutionExceptionHandler {

    private final DdbSyncCommand top;

    ErrorReporter(DdbSyncCommand top) {
        this.top = top;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (top.verbose()) {
            e.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e)
                    + " (--verbose for details)");
        }
        return cmd.getExitCodeExceptionMapper() != null ? cmd.getExitCodeExceptionMapper().getExitCode(e) : 1;
    }

    /** The message chain of {@code e} and its causes, without repeats, on one line. */
    static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            m = m.replaceAll("\\s*\\R\\s*", " ").trim();
            if (previous != null && previous.contains(m)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(m);
            previous = m;
        }
        return sb.toString();
    }
}

package io.ddbsync.ops.operations;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the operations commands: runs {@link #execute()} and turns any failure into one line on
 * stderr (the stack trace too with the inherited {@code --verbose} option of the top command).
 *
 * <p>Exit codes: 0 done, 1 done but something needs attention (differences found, ranges
 * trimmed), 2 usage error (picocli), 3 the operation failed.
 */
public abstract class OpsCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int ATTENTION = 1;
    /** A usage error: picocli's own, or a {@link UsageException} from the command's checks. */
    public static final int USAGE = 2;
    public static final int FAILED = 3;

    @Spec
    protected CommandSpec spec;

    /** Does the work; returns the exit code. */
    protected abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (UsageException e) {
            PrintWriter err = err();
            err.println(spec.qualifiedName() + ": " + describe(e));
            err.println("Try '" + spec.qualifiedName() + " --help' for the options.");
            err.flush();
            return USAGE;
        } catch (Exception e) {
            PrintWriter err = err();
            err.println(spec.qualifiedName() + ": " + describe(e));
            if (verbose()) {
                e.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return FAILED;
        }
    }

    /** The {@code --verbose} option the top command passes down, given on this command or a parent (false when absent). */
    protected boolean verbose() {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            OptionSpec option = s.findOption("--verbose");
            if (option != null && Boolean.TRUE.equals(option.getValue())) {
                return true;
            }
        }
        return false;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The message and the distinct messages of its causes, on one line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (last != null && last.contains(m)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(t instanceof OpsException ? m : t.getClass().getSimpleName() + ": " + m);
            last = m;
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString().replace('\n', ' ');
    }
}

package io.ddbsync.ops.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code ddbsync} command, and their help section ({@link Grammar} puts it
 * into every command's {@code --help}; OPERATIONS.md has the same table).
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** Done, but something needs attention: differences found, ranges trimmed, a move task cancelled, not converged, mapping conflicts. */
    public static final int ATTENTION = 1;
    /** A usage error: picocli's own, or a {@link UsageException} from the command's checks. */
    public static final int USAGE = 2;
    /** The operation failed: a service refused or could not be reached, or the input was unusable. */
    public static final int FAILED = 3;
    /**
     * Done, nothing lasting found, but not verified: keys kept changing faster than the check could settle
     * (reconcile's hot keys, which the pipeline is applying as they come). Run it again later.
     */
    public static final int CHANGING = 4;
    /** Stopped by Ctrl-C (128 + SIGINT, as the shell reports it). */
    public static final int INTERRUPTED = 130;

    static final String HEADING = "%nExit codes:%n";

    /** The help section's rows, code to meaning, in order. */
    static final Map<String, String> HELP;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "done");
        m.put(Integer.toString(ATTENTION), "done, but something needs attention (differences found, ranges trimmed or failed, "
                + "move task cancelled, not converged, not swapped, mapping conflicts found)");
        m.put(Integer.toString(USAGE), "usage error: an option missing, malformed or out of range (one line on stderr)");
        m.put(Integer.toString(FAILED), "failed: a service refused or could not be reached (one line on stderr; "
                + "--verbose adds the stack trace)");
        m.put(Integer.toString(CHANGING), "not verified: no lasting difference, but keys kept changing faster than the check "
                + "settles (reconcile); run it again later");
        m.put(Integer.toString(INTERRUPTED), "interrupted (Ctrl-C)");
        HELP = java.util.Collections.unmodifiableMap(m);
    }

    private ExitCodes() {
    }
}

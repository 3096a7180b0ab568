package io.ddbsync.ops.cli;

/**
 * A command line that cannot work as given: an option missing, out of range, unreadable or
 * contradicting another. Reported like picocli's own usage errors: one line with a pointer to
 * {@code --help}, exit code {@value ExitCodes#USAGE}.
 */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }

    /** An option whose value cannot be used (a file that cannot be read, a value that does not parse). */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}

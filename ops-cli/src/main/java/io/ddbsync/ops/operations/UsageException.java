package io.ddbsync.ops.operations;

/**
 * A command line that cannot work as given: an option missing, out of range, unreadable or
 * contradicting another. Reported as one line with a pointer to {@code --help}, exit code {@value OpsCommand#USAGE},
 * like picocli's own usage errors.
 */
public class UsageException extends OpsException {

    public UsageException(String message) {
        super(message);
    }

    /** An option whose value cannot be used (a file that cannot be read, a value that does not parse). */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ddbsync.testbench.local;

/** The local pipeline could not start, run or stop. */
public final class LocalPipelineException extends RuntimeException {

    public LocalPipelineException(String message) {
        super(message);
    }

    public LocalPipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}

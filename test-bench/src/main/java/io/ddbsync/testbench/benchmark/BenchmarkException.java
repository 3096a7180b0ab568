package io.ddbsync.testbench.benchmark;

/** A benchmark run that could not finish: a timeout, a failed request, a failed record. */
public final class BenchmarkException extends RuntimeException {

    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ddbsync.localstack.esm;

import java.time.Duration;

/**
 * What one emulated invocation gave: the handler's output, or the error it threw, or a timeout (it returned
 * after the function timeout, when Lambda would have stopped it and reported {@code Task timed out}).
 */
public record Invocation<O>(String requestId, O output, Throwable error, boolean timedOut, Duration duration) {

    static <O> Invocation<O> returned(String requestId, O output, Duration duration) {
        return new Invocation<>(requestId, output, null, false, duration);
    }

    static <O> Invocation<O> threw(String requestId, Throwable error, Duration duration) {
        return new Invocation<>(requestId, null, error, false, duration);
    }

    static <O> Invocation<O> timedOut(String requestId, Duration duration) {
        return new Invocation<>(requestId, null, null, true, duration);
    }

    /** True when Lambda would report a function error ({@code Unhandled}): the handler threw or timed out. */
    public boolean functionError() {
        return error != null || timedOut;
    }

    /** A one-line description of the function error for logs; empty when there was none. */
    public String errorDescription() {
        if (timedOut) {
            return "Task timed out after " + duration.toMillis() + " ms";
        }
        if (error != null) {
            return error.getClass().getName() + ": " + error.getMessage();
        }
        return "";
    }
}

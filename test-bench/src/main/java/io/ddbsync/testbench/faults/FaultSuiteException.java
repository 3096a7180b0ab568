package io.ddbsync.testbench.faults;

/** The fault suite could not run a scenario (a service did not start, a step of the runbook failed). */
public final class FaultSuiteException extends RuntimeException {

    public FaultSuiteException(String message) {
        super(message);
    }

    public FaultSuiteException(String message, Throwable cause) {
        super(message, cause);
    }
}

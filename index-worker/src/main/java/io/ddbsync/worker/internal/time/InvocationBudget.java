package io.ddbsync.worker.internal.time;

import io.ddbsync.worker.time.TimeBudget;
import java.util.function.Supplier;

/**
 * The time budget of the invocation running now, for collaborators built once per process that
 * cannot take it as an argument (the DynamoDB client Powertools calls). Lambda runs one invocation
 * at a time per execution environment; between invocations (and before the first) it is unlimited.
 */
public final class InvocationBudget implements Supplier<TimeBudget> {

    private volatile TimeBudget current = TimeBudget.unlimited();

    /** Called by the handler when an invocation starts. */
    public void start(TimeBudget budget) {
        this.current = budget;
    }

    @Override
    public TimeBudget get() {
        return current;
    }
}

package io.ddbsync.testbench.faults;

import java.time.Duration;
import java.util.Map;

/**
 * One row of the result table.
 *
 * @param changes      item changes the load wrote
 * @param faults       injected faults by kind; every count must be above 0
 * @param converge     from the load's end to convergence (or to giving up)
 * @param missing      items without their document
 * @param stale        documents whose content differs from their item
 * @param ghosts       visible documents without an item
 * @param deadLettered messages the change queue moved to its dead-letter queue
 * @param redriven     messages moved back by {@code ddbsync redrive}
 * @param replayed     on-failure records re-forwarded by {@code ddbsync replay-stream-failures}
 * @param converged    table = index, every queue empty, and {@code ddbsync reconcile} exited 0
 * @param detail       why not, when not
 */
public record ScenarioResult(String scenario, long changes, Map<String, Long> faults, Duration converge, long missing, long stale,
                      long ghosts, long deadLettered, long redriven, long replayed, boolean converged, String detail) {

    boolean faultFired() {
        return !faults.isEmpty() && faults.values().stream().allMatch(v -> v > 0);
    }

    boolean passed() {
        return converged && faultFired();
    }
}

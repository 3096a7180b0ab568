package io.ddbsync.testbench.faults;

import java.time.Duration;

/**
 * How big a run is: the load of each scenario and how long its faults last.
 *
 * @param items       distinct items of a scenario's table
 * @param changes     item changes written per scenario
 * @param perSecond   the load's rate, so the faults meet a pipeline at work
 * @param window      how long a timed fault lasts (throttling, slow search, duplicates, …)
 * @param outage      how long OpenSearch is stopped, SQS or the idempotency table unreachable
 * @param convergeBy  longest wait for convergence after the load, per scenario
 */
public record FaultSize(int items, long changes, double perSecond, Duration window, Duration outage, Duration convergeBy) {

    /** As the issue asks: a few thousand changes over a few hundred items, a 60 s outage, 30 s windows. */
    public static FaultSize full() {
        return new FaultSize(200, 2000, 100, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(6));
    }

    /** Sized for CI on a 2-core machine: every scenario in a few minutes in all. */
    public static FaultSize ci() {
        return new FaultSize(150, 1200, 100, Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofMinutes(3));
    }

    /** {@code changes} item changes over a tenth as many items; the full fault durations from the full size on, CI's below. */
    public static FaultSize of(long changes) {
        FaultSize base = changes >= full().changes() ? full() : ci();
        return new FaultSize((int) Math.max(20, changes / 10), changes, base.perSecond(), base.window(), base.outage(), base.convergeBy());
    }
}

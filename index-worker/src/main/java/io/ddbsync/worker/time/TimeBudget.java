package io.ddbsync.worker.time;

import java.util.function.LongSupplier;

/**
 * The time left in one invocation (Lambda's {@code getRemainingTimeInMillis}) against a safety
 * margin: no new message starts when less than the margin is left, and retries stop waiting once
 * waiting would eat into the last half of the margin, so a message is never cut off mid-way.
 */
public final class TimeBudget {

    private final LongSupplier remainingMillis;
    private final long marginMillis;

    public TimeBudget(LongSupplier remainingMillis, long marginMillis) {
        if (marginMillis < 0) {
            throw new IllegalArgumentException("margin must be >= 0: " + marginMillis);
        }
        this.remainingMillis = remainingMillis;
        this.marginMillis = marginMillis;
    }

    /** No limit (benchmarks, purge): always allows. */
    public static TimeBudget unlimited() {
        return new TimeBudget(() -> Long.MAX_VALUE / 2, 0);
    }

    public long remainingMillis() {
        return remainingMillis.getAsLong();
    }

    /** True while a new message may start. */
    public boolean canStart() {
        return remainingMillis() > marginMillis;
    }

    /** True when waiting {@code millis} before another attempt still leaves half the margin. */
    public boolean canWait(long millis) {
        return remainingMillis() - millis > marginMillis / 2;
    }

    public long marginMillis() {
        return marginMillis;
    }
}

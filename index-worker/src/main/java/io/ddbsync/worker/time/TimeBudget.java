package io.ddbsync.worker.time;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time left in one invocation (Lambda's {@code getRemainingTimeInMillis}) against a safety
 * margin: no new message starts when less than the margin is left, and retries stop waiting once
 * waiting would eat into the last half of the margin, so a message is never cut off mid-way.
 * Every call to OpenSearch or DynamoDB is bounded by {@link #callTimeout()}: the time left minus
 * half the margin, so a call that hangs still leaves time to report the message failed and return
 * before Lambda's deadline.
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

    /**
     * How long the next call to a service may take: remaining time − half the margin, at most
     * {@code cap}; zero or negative when no call should start any more.
     */
    public Duration callTimeout(Duration cap) {
        long left = remainingMillis() - marginMillis / 2;
        return Duration.ofMillis(Math.min(left, cap.toMillis()));
    }

    /** {@link #callTimeout(Duration)} capped at {@link #MAX_CALL}. */
    public Duration callTimeout() {
        return callTimeout(MAX_CALL);
    }

    /** No single call waits longer than this, whatever the budget (Lambda's own maximum is 15 min). */
    public static final Duration MAX_CALL = Duration.ofSeconds(120);

    public long marginMillis() {
        return marginMillis;
    }
}

package io.ddbsync.worker.time;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time left in one invocation (Lambda's {@code getRemainingTimeInMillis}) against a reserve: no new message starts when less than the reserve is left, and retries stop waiting once
 * waiting would eat into the last half of the reserve, so a message is never cut off mid-way.
 * Every call to OpenSearch or DynamoDB is bounded by {@link #callTimeout()}: the time left minus
 * half the reserve, so a call that hangs still leaves time to report the message failed and return
 * before Lambda's deadline.
 */
public final class TimeBudget {

    private final LongSupplier remainingMillis;
    private final long reserveMillis;

    public TimeBudget(LongSupplier remainingMillis, long reserveMillis) {
        if (reserveMillis < 0) {
            throw new IllegalArgumentException("reserve must be >= 0: " + reserveMillis);
        }
        this.remainingMillis = remainingMillis;
        this.reserveMillis = reserveMillis;
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
        return remainingMillis() > reserveMillis;
    }

    /** True when waiting {@code millis} before another attempt still leaves half the reserve. */
    public boolean canWait(long millis) {
        return remainingMillis() - millis > reserveMillis / 2;
    }

    /**
     * How long the next call to a service may take: remaining time − half the reserve, at most
     * {@code cap}; zero or negative when no call should start any more.
     */
    public Duration callTimeout(Duration cap) {
        long left = remainingMillis() - reserveMillis / 2;
        return Duration.ofMillis(Math.min(left, cap.toMillis()));
    }

    /** {@link #callTimeout(Duration)} capped at {@link #MAX_CALL}. */
    public Duration callTimeout() {
        return callTimeout(MAX_CALL);
    }

    /** No single call waits longer than this, whatever the budget (Lambda's own maximum is 15 min). */
    public static final Duration MAX_CALL = Duration.ofSeconds(120);

    public long reserveMillis() {
        return reserveMillis;
    }
}

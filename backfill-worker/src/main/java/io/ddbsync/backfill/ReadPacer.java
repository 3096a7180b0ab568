package io.ddbsync.backfill;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Holds a segment to its share of the run's read budget: after pages that consumed {@code C} read capacity units
 * in all, the next page starts no earlier than {@code C / unitsPerSecond} seconds after the invocation's start.
 * Waits in slices of at most {@value #SLICE_MILLIS} ms, checking for a cancel between them.
 */
final class ReadPacer {

    static final long SLICE_MILLIS = 1_000;

    private final double unitsPerSecond;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private double consumed;

    /** @param unitsPerSecond the segment's share, RCU/s; 0 = unlimited */
    ReadPacer(double unitsPerSecond, LongSupplier nanoTime) {
        this.unitsPerSecond = unitsPerSecond;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /**
     * Counts {@code units} consumed, then waits until the budget allows the next page, but not past
     * {@code deadlineNanos}.
     *
     * @return false when {@code cancelled} said so during the wait
     */
    boolean consumed(double units, long deadlineNanos, BooleanSupplier cancelled) throws InterruptedException {
        consumed += units;
        if (unitsPerSecond <= 0) {
            return true;
        }
        long due = startNanos + (long) (consumed / unitsPerSecond * 1e9);
        long until = Math.min(due, deadlineNanos);
        while (true) {
            long left = until - nanoTime.getAsLong();
            if (left <= 0) {
                return true;
            }
            Thread.sleep(Math.max(1, Math.min(SLICE_MILLIS, left / 1_000_000)));
            if (cancelled.getAsBoolean()) {
                return false;
            }
        }
    }

    double consumed() {
        return consumed;
    }
}

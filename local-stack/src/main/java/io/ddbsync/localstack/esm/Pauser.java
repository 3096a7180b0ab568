package io.ddbsync.localstack.esm;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits between polls and retries, returning early (false) when the poller stops. */
@FunctionalInterface
interface Pauser {
    Duration SLICE = Duration.ofMillis(50);

    /** Pauses for {@code duration}; false when the poller was stopped meanwhile (or the thread interrupted). */
    boolean pause(Duration duration);

    /** Sleeps in slices of 50 ms, checking {@code running} between them. */
    static Pauser sleeping(BooleanSupplier running) {
        return duration -> {
            long deadline = System.nanoTime() + duration.toNanos();
            while (running.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(SLICE.toMillis(), Duration.ofNanos(left).toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        };
    }
}

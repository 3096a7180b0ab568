package io.ddbsync.localstack.esm;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds (no fixed sleeps in tests); fails with {@code what} after a generous limit. */
final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not true after " + LIMIT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}

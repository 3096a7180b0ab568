package io.ddbsync.ops.backfill;

/** Paces permits to a rate shared by all threads (a virtual schedule; no burst beyond one request). */
final class RateLimiter {

    private final double perSecond;
    private long nextFreeNanos;

    RateLimiter(double perSecond) {
        this.perSecond = perSecond;
        this.nextFreeNanos = System.nanoTime();
    }

    /** Blocks until {@code n} permits are due; returns at once when the rate is 0 (unlimited). */
    void acquire(int n) throws InterruptedException {
        if (perSecond <= 0 || n <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + (long) (n * 1e9 / perSecond);
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}

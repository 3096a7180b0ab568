package io.ddbsync.aws.sqs;

import java.time.Duration;

/**
 * Bounded, jittered exponential backoff ("full jitter"): retry n waits a uniformly random time in
 * [0, min(max, base·2ⁿ⁻¹)].
 *
 * @param maxAttempts attempts in total, the first included (≥ 1)
 */
public record Backoff(int maxAttempts, Duration base, Duration max) {

    public static final Backoff DEFAULT = new Backoff(6, Duration.ofMillis(50), Duration.ofSeconds(2));

    public Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** The wait before retry number {@code retry} (1-based), given a random number in [0, 1). */
    public Duration delay(int retry, double random) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(retry - 1, 30);
        long ceiling = exp < 0 ? cap : Math.min(cap, exp);
        return Duration.ofMillis((long) (ceiling * random));
    }
}

package io.ddbsync.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(6, Duration.ofMillis(50), Duration.ofSeconds(2));

    @Test
    void delay_growsExponentiallyUpToTheCap() {
        assertThat(backoff.delay(1, 0.999_999)).isEqualTo(Duration.ofMillis(49));
        assertThat(backoff.delay(2, 0.999_999)).isEqualTo(Duration.ofMillis(99));
        assertThat(backoff.delay(4, 0.999_999)).isEqualTo(Duration.ofMillis(399));
        assertThat(backoff.delay(10, 0.999_999)).isEqualTo(Duration.ofMillis(1999));
        assertThat(backoff.delay(64, 0.999_999)).isEqualTo(Duration.ofMillis(1999));
    }

    @Test
    void delay_isJitteredBetweenZeroAndTheCeiling() {
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(100));
    }
}

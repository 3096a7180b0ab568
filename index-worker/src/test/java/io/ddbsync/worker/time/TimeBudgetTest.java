package io.ddbsync.worker.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {

    @Test
    void canStart_belowReserve_false() {
        AtomicLong remaining = new AtomicLong(30_000);
        TimeBudget budget = new TimeBudget(remaining::get, 10_000);
        assertThat(budget.canStart()).isTrue();
        remaining.set(9_999);
        assertThat(budget.canStart()).isFalse();
    }

    @Test
    void canWait_waitEatingIntoHalfTheReserve_false() {
        TimeBudget budget = new TimeBudget(() -> 8_000, 10_000);
        assertThat(budget.canWait(2_000)).isTrue();
        assertThat(budget.canWait(3_001)).isFalse();
    }
}

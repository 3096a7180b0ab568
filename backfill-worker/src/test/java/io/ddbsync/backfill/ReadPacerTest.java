package io.ddbsync.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadPacerTest {

    @Test
    void consumed_unlimited_returnsAtOnce() throws Exception {
        AtomicLong now = new AtomicLong();
        ReadPacer pacer = new ReadPacer(0, now::get);

        assertThat(pacer.consumed(1_000, Long.MAX_VALUE, () -> false)).isTrue();
        assertThat(pacer.consumed()).isEqualTo(1_000);
    }

    @Test
    void consumed_overBudget_waitsUntilTheUnitsAreDue() throws Exception {
        ReadPacer pacer = new ReadPacer(10, System::nanoTime); // 10 RCU/s
        long start = System.nanoTime();

        assertThat(pacer.consumed(2, Long.MAX_VALUE, () -> false)).isTrue(); // due 0.2 s after the start

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(190_000_000L);
    }

    @Test
    void consumed_deadlineBeforeTheUnitsAreDue_returnsAtTheDeadline() throws Exception {
        ReadPacer pacer = new ReadPacer(1, System::nanoTime);
        long deadline = System.nanoTime() + 100_000_000L;

        assertThat(pacer.consumed(1_000, deadline, () -> false)).isTrue();

        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline);
        assertThat(System.nanoTime() - deadline).isLessThan(1_000_000_000L);
    }

    @Test
    void consumed_cancelledDuringTheWait_returnsFalse() throws Exception {
        ReadPacer pacer = new ReadPacer(1, System::nanoTime);

        assertThat(pacer.consumed(100, Long.MAX_VALUE, () -> true)).isFalse();
    }

    @Test
    void marginMillis_isAFifthOfTheTimeWithinItsBounds() {
        assertThat(SegmentScanner.marginMillis(900_000)).isEqualTo(60_000);
        assertThat(SegmentScanner.marginMillis(100_000)).isEqualTo(20_000);
        assertThat(SegmentScanner.marginMillis(5_000)).isEqualTo(3_000);
    }
}

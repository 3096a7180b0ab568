package io.ddbsync.ops.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BarsTest {

    @Test
    void bar_half_fillsHalfTheCells() {
        assertThat(Bars.bar(5, 10, 10)).isEqualTo("[█████     ]");
    }

    @Test
    void bar_doneBeyondTotal_isFullNotOverflowing() {
        assertThat(Bars.bar(15, 10, 4)).isEqualTo("[████]");
    }

    @Test
    void bar_unknownTotal_isEmpty() {
        assertThat(Bars.bar(3, -1, 3)).isEqualTo("[   ]");
    }

    @Test
    void bar_fraction_usesPartialBlock() {
        assertThat(Bars.bar(4, 16, 2)).isEqualTo("[▌ ]");
    }

    @Test
    void line_withRate_showsPercentCountsAndEta() {
        String line = Bars.line("backfill", 250, 650, 100, 10);
        assertThat(line).contains("38%").contains("250/650").contains("100/s").contains("ETA 0:04");
    }

    @Test
    void clock_hours_formatsHms() {
        assertThat(Bars.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
        assertThat(Bars.clock(Duration.ofSeconds(65))).isEqualTo("1:05");
    }
}

package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettleTimeTest {

    @Test
    void parse_unitsAndIso_durations() {
        assertThat(SettleTime.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SettleTime.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SettleTime.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettleTime.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SettleTime.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void parse_garbage_namesTheOption() {
        assertThatThrownBy(() -> SettleTime.parse("soon")).isInstanceOf(OpsException.class).hasMessageContaining("--settle");
    }

    @Test
    void fromLag_twiceTheLagPlusMargin_withinBounds() {
        assertThat(SettleTime.fromLag(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(25));
        assertThat(SettleTime.fromLag(Duration.ZERO)).isEqualTo(SettleTime.MIN);
        assertThat(SettleTime.fromLag(Duration.ofHours(1))).isEqualTo(SettleTime.MAX);
    }
}

package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettleTimeTest {

    @Test
    void fromLag_twiceTheLagPlusMargin_withinBounds() {
        assertThat(SettleTime.fromLag(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(25));
        assertThat(SettleTime.fromLag(Duration.ZERO)).isEqualTo(SettleTime.MIN);
        assertThat(SettleTime.fromLag(Duration.ofHours(1))).isEqualTo(SettleTime.MAX);
    }
}

package io.ddbsync.localstack.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
    @Test
    void format_smallAndLargeCounters_21DigitsInCounterOrder() {
        assertThat(SequenceNumbers.format(1)).isEqualTo("100000000000000000001");
        assertThat(SequenceNumbers.format(Long.MAX_VALUE)).hasSize(21);
        assertThat(SequenceNumbers.format(9)).isLessThan(SequenceNumbers.format(10));
    }

    @Test
    void parse_formattedNumber_returnsCounter() {
        assertThat(SequenceNumbers.parse(SequenceNumbers.format(1_764_000_000_000_123L))).isEqualTo(1_764_000_000_000_123L);
    }

    @Test
    void parse_foreignOrMalformed_validationException() {
        for (String bad : new String[] {null, "", "12", "200000000000000000001", "10000000000000000000x", "1000000000000000000001"}) {
            assertThatThrownBy(() -> SequenceNumbers.parse(bad))
                    .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.type()).isEqualTo("ValidationException"));
        }
    }
}

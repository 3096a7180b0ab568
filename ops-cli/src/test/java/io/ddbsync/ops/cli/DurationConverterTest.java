package io.ddbsync.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void parse_numberWithUnit_duration() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void parse_iso8601_acceptedToo() {
        assertThat(DurationConverter.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void convert_numberWithoutUnitOrGarbage_conversionErrorShowingTheForm() {
        assertThatThrownBy(() -> new DurationConverter().convert("30")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("no unit").hasMessageContaining("30s");
        assertThatThrownBy(() -> new DurationConverter().convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> new DurationConverter().convert("-PT1S")).isInstanceOf(TypeConversionException.class);
    }
}

package io.ddbsync.ops.mapping;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.util.List;
import java.util.Locale;

/**
 * Whether OpenSearch's date detection maps a new string field as {@code date}: what a mapping without
 * {@code "date_detection": false} does with the first string of a path (a template of one's own replaces ddbsync's
 * default mappings, which turn it off). Mirrors OpenSearch 2.x {@code DocumentParser.createBuilderFromDynamicValue}:
 * a string that {@code Long.parseLong} or {@code Double.parseDouble} takes is never a date; otherwise it is one when
 * a format of {@code dynamic_date_formats} parses it — by default {@code strict_date_optional_time} (re-built here
 * as OpenSearch's {@code DateFormatters.STRICT_DATE_OPTIONAL_TIME_FORMATTER}: forms such as
 * {@code 2024-01}, {@code 2024-01-31}, {@code 2024-01-31T10:15:30.123+09:00}) and
 * {@code yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis} ({@code RootObjectMapper}'s defaults; OpenSearch's documentation
 * still names {@code yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z}, but 2.19 does not detect {@code 2024/01/31 10:15:30 +0000}:
 * {@code MappingPlanIT} asks the real engine about each form). Once a field
 * is a date, a later string that is not one is refused ({@code mapper_parsing_exception}), so the first item decides
 * which items index.
 */
public final class DateDetection {

    /** The format of the dates it detects, for a {@code date} field. */
    public static final String FORMAT = "strict_date_optional_time||yyyy/MM/dd HH:mm:ss||yyyy/MM/dd";

    private static final DateTimeFormatter STRICT_YEAR_MONTH_DAY = new DateTimeFormatterBuilder()
            .appendValue(YEAR, 4, 10, SignStyle.EXCEEDS_PAD)
            .optionalStart().appendLiteral('-').appendValue(MONTH_OF_YEAR, 2, 2, SignStyle.NOT_NEGATIVE)
            .optionalStart().appendLiteral('-').appendValue(DAY_OF_MONTH, 2, 2, SignStyle.NOT_NEGATIVE)
            .optionalEnd().optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private static final DateTimeFormatter STRICT_DATE_OPTIONAL_TIME = new DateTimeFormatterBuilder()
            .append(STRICT_YEAR_MONTH_DAY)
            .optionalStart().appendLiteral('T')
            .optionalStart().appendValue(HOUR_OF_DAY, 2, 2, SignStyle.NOT_NEGATIVE)
            .optionalStart().appendLiteral(':').appendValue(MINUTE_OF_HOUR, 2, 2, SignStyle.NOT_NEGATIVE)
            .optionalStart().appendLiteral(':').appendValue(SECOND_OF_MINUTE, 2, 2, SignStyle.NOT_NEGATIVE)
            .optionalStart().appendFraction(NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendLiteral(',').appendFraction(NANO_OF_SECOND, 1, 9, false).optionalEnd()
            .optionalEnd().optionalEnd()
            .optionalStart().appendZoneOrOffsetId().optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .optionalEnd().optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /**
     * OpenSearch's second default, {@code yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis} (epoch_millis is a pure number,
     * never detected), resolved leniently: {@code 2024/02/30} is detected — and then the item is refused, its value not
     * being a date.
     */
    private static final List<DateTimeFormatter> SLASH = List.of(
            DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.SMART),
            DateTimeFormatter.ofPattern("uuuu/MM/dd", Locale.ROOT).withResolverStyle(ResolverStyle.SMART));

    private static final List<DateTimeFormatter> FORMATS = List.of(STRICT_DATE_OPTIONAL_TIME, SLASH.get(0), SLASH.get(1));

    private DateDetection() {
    }

    /** True when a new field whose first value is {@code text} becomes a {@code date} under date detection. */
    public static boolean detects(String text) {
        if (text == null || text.isEmpty() || parsesAsNumber(text)) {
            return false;
        }
        for (DateTimeFormatter f : FORMATS) {
            try {
                f.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                // not this format: try the next
            }
        }
        return false;
    }

    private static boolean parsesAsNumber(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            // not a long
        }
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

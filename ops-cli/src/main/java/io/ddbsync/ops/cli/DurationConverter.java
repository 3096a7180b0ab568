package io.ddbsync.ops.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every option that takes a duration: a number with a unit, {@code 500ms},
 * {@code 30s}, {@code 10m}, {@code 1h} (the documented form), or {@code 0}; ISO-8601 ({@code PT10M})
 * is accepted too. Declare such options as {@code Duration} with {@code converter = DurationConverter.class}
 * and {@code paramLabel = DurationConverter.LABEL}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    /** The parameter label of duration options in {@code --help}. */
    public static final String LABEL = "DURATION";
    private static final Pattern TEXT = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = TEXT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("'" + text + "' has no unit (e.g. 30s, 10m, 500ms)");
            };
        }
        try {
            Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 30s, 10m, 500ms)");
    }
}

package io.ddbsync.infra.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, validated access to CDK context values. Values come either from {@code cdk.json} (JSON
 * numbers, booleans, strings) or from {@code -c key=value} (always strings), so both forms are
 * accepted. Every error names the context key.
 */
final class ContextReader {

    private final Function<String, Object> lookup;

    ContextReader(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    Optional<String> string(String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = new java.math.BigDecimal(text.get()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidSettingException(key, "must be a whole number, got '" + text.get() + "'", e);
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(key,
                    "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key, "must be true or false, got '" + text.get() + "'");
        };
    }
}

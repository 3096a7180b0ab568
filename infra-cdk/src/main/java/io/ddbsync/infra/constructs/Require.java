package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.InvalidSettingException;

/** Builder validation helpers: every failure names the props class and field. */
final class Require {

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidSettingException(field, "is required");
        }
        return value;
    }

    static int range(Integer value, String field, int min, int max) {
        present(value, field);
        if (value < min || value > max) {
            throw new InvalidSettingException(field, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}

package io.ddbsync.model.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** OpenSearch index name rules, checked for the search alias name ddbsync derives its indices from. */
public final class IndexNames {

    /**
     * Longest alias name: the physical index {@code <name>_v<N>} and the write alias {@code <name>_write}
     * must stay within OpenSearch's 255 bytes.
     */
    public static final int MAX_BYTES = 240;
    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    private IndexNames() {
    }

    /** Why {@code name} is not a valid index/alias name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("index name is empty");
        }
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("index name '" + name + "' must be lowercase");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                return Optional.of("index name '" + name + "' contains '" + c + "' (not allowed: \\ / * ? \" < > | space , # :)");
            }
        }
        char first = name.charAt(0);
        if (first == '_' || first == '-' || first == '+') {
            return Optional.of("index name '" + name + "' must not start with _, - or +");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("index name must not be . or ..");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("index name '" + name + "' is longer than " + MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }
}

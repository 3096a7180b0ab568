package io.ddbsync.model.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The names around one search index, and the rules they obey: physical {@code <name>_v1}, search alias
 * {@code <name>}, write alias {@code <name>_write}, and while a reindex runs the reindex alias
 * {@code <name>_reindex} on the new physical index (docs/DESIGN.md "Index layout"). {@link #problem} checks
 * the search alias name the others derive from.
 */
public record IndexNames(String search) {

    public static final int FIRST_GENERATION = 1;

    /**
     * Longest alias name: the physical index {@code <name>_v<N>} and the write alias {@code <name>_write}
     * must stay within OpenSearch's 255 bytes.
     */
    public static final int MAX_BYTES = 240;
    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    public String write() {
        return search + "_write";
    }

    /** The alias on the index a running reindex fills; present only while one runs. */
    public String reindex() {
        return search + "_reindex";
    }

    public String physical(int generation) {
        return search + "_v" + generation;
    }

    public String template() {
        return "ddbsync-" + search;
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

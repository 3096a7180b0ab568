package io.ddbsync.model.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates environment variables; every problem is a {@link ConfigException} naming
 * the variable. Values are trimmed; a blank value counts as absent.
 */
public final class EnvReader {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** The trimmed value, or empty when unset or blank. */
    public Optional<String> optional(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(v.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required but not set"));
    }

    /** An http(s) URL with a host; a bare host name ({@code search-x.es.amazonaws.com}) means https. */
    public URI requiredUrl(String name) {
        return url(name, required(name));
    }

    public Optional<URI> optionalUrl(String name) {
        return optional(name).map(v -> url(name, v));
    }

    public int intInRange(String name, int defaultValue, int min, int max) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be an integer in " + min + ".." + max + ", got '" + v.get() + "'", e);
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name, "must be in " + min + ".." + max + ", got " + parsed);
        }
        return parsed;
    }

    /** One of the enum's constants, case-insensitive ({@code sigv4} → {@code SIGV4}). */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.get())) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " | ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(name, "must be one of " + allowed + ", got '" + v.get() + "'");
    }

    /** An AWS region name such as {@code us-east-1}. */
    public String region(String name) {
        String v = required(name);
        if (!REGION.matcher(v).matches()) {
            throw new ConfigException(name, "must be an AWS region such as us-east-1, got '" + v + "'");
        }
        return v;
    }

    /** A DynamoDB table name (3–255 of {@code [A-Za-z0-9_.-]}), or empty when unset. */
    public Optional<String> optionalTableName(String name) {
        return optional(name).map(v -> {
            checkTableName(name, v);
            return v;
        });
    }

    /**
     * {@code Table=value,Other=value2} → (table, value) pairs in order; empty text → none. Each
     * entry must hold exactly one {@code =} and a valid table name; {@code format} is shown in errors.
     *
     * @throws ConfigException naming {@code variable}
     */
    static java.util.List<Map.Entry<String, String>> tablePairs(String variable, String text, String format) {
        java.util.List<Map.Entry<String, String>> pairs = new java.util.ArrayList<>();
        if (text.isBlank()) {
            return pairs;
        }
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (e.isEmpty() || eq < 0 || e.indexOf('=', eq + 1) >= 0) {
                throw new ConfigException(variable, "entry '" + e + "' is not of the format " + format);
            }
            String table = e.substring(0, eq).trim();
            checkTableName(variable, table);
            pairs.add(Map.entry(table, e.substring(eq + 1).trim()));
        }
        return pairs;
    }

    static void checkTableName(String variable, String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new ConfigException(variable, "'" + table + "' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
        }
    }

    private static URI url(String name, String value) {
        String v = value.contains("://") ? value : "https://" + value;
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "is not a valid URL: '" + value + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(name, "must be an http or https URL, got '" + value + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, "must name a host, got '" + value + "'");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new ConfigException(name, "must not have a query or fragment, got '" + value + "'");
        }
        return uri;
    }
}

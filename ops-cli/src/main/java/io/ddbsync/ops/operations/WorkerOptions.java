package io.ddbsync.ops.operations;

import io.ddbsync.model.config.ConfigException;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.DocumentConverter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's settings given as command-line options ({@code --index-map}, {@code --attributes-include},
 * {@code --attributes-exclude}, {@code --metadata-field}, {@code --ttl-deletes}, {@code --ttl-attribute}),
 * read by the worker's own parser ({@link TableRules}) so the command derives index names and
 * documents exactly as the worker does. A bad value is an {@link OpsException} naming the option.
 */
final class WorkerOptions {

    private static final Map<String, String> OPTION_OF = Map.of("INDEX_MAP", "--index-map",
            "ATTRIBUTES_INCLUDE", "--attributes-include", "ATTRIBUTES_EXCLUDE", "--attributes-exclude",
            "METADATA_FIELD", "--metadata-field");

    private WorkerOptions() {
    }

    static TableRules tableRules(String indexMap, String include, String exclude, String metadataField) {
        Map<String, String> env = new HashMap<>();
        put(env, "INDEX_MAP", indexMap);
        put(env, "ATTRIBUTES_INCLUDE", include);
        put(env, "ATTRIBUTES_EXCLUDE", exclude);
        put(env, "METADATA_FIELD", metadataField);
        try {
            return TableRules.fromEnv(env);
        } catch (ConfigException e) {
            throw asOption(e);
        }
    }

    /** The table's index as the worker derives it. */
    static String indexFor(TableRules rules, String table) {
        try {
            return rules.indexFor(table);
        } catch (ConfigException e) {
            throw new OpsException(asOption(e).getMessage() + " (or give the index with --index)", e);
        }
    }

    /** @param ttlDeletes {@code delete} or {@code keep}, as the worker's TTL_DELETES */
    static TtlKeep ttlKeep(String ttlDeletes, String ttlAttribute, TableRules rules, String table, DocumentConverter converter,
                           Instant start) {
        if (!"keep".equalsIgnoreCase(ttlDeletes)) {
            if (!"delete".equalsIgnoreCase(ttlDeletes)) {
                throw new UsageException("--ttl-deletes (the worker's TTL_DELETES) must be delete or keep, got '" + ttlDeletes + "'");
            }
            return TtlKeep.off();
        }
        if (ttlAttribute == null || ttlAttribute.isBlank()) {
            throw new UsageException("--ttl-deletes keep needs --ttl-attribute (the table's TTL attribute), so documents of items "
                    + "TTL removed can be told from ghosts");
        }
        boolean indexed = rules.attributesInclude().getOrDefault(table, java.util.Set.of(ttlAttribute)).contains(ttlAttribute)
                && !rules.attributesExclude().getOrDefault(table, java.util.Set.of()).contains(ttlAttribute);
        if (!indexed) {
            throw new UsageException("--ttl-attribute " + ttlAttribute + " is not indexed for table " + table
                    + " (attribute lists), so documents of items TTL removed cannot be told from ghosts");
        }
        return new TtlKeep(Optional.of(converter.fieldName(ttlAttribute)), start);
    }

    private static void put(Map<String, String> env, String variable, String value) {
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static OpsException asOption(ConfigException e) {
        String option = OPTION_OF.getOrDefault(e.variable(), e.variable());
        String message = e.getMessage().startsWith(e.variable() + ": ") ? e.getMessage().substring(e.variable().length() + 2)
                : e.getMessage();
        return new OpsException(option + " (the worker's " + e.variable() + "): " + message, e);
    }
}

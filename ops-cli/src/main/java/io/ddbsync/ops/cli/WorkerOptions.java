package io.ddbsync.ops.cli;

import io.ddbsync.model.config.ConfigException;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.shape.Shaping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import io.ddbsync.ops.operations.TtlKeep;

/**
 * The worker's settings given as command-line options (a mixin): {@code --index}, {@code --index-map},
 * {@code --attributes-include}, {@code --attributes-exclude}, {@code --metadata-field}, {@code --shaping},
 * {@code --ttl-deletes}, {@code --ttl-attribute}, read by the worker's own parser ({@link TableRules}) so the command derives index
 * names and documents exactly as the worker does. A bad value is a {@link UsageException} naming the option.
 */
public final class WorkerOptions {

    private static final Map<String, String> OPTION_OF = Map.of("INDEX_MAP", "--index-map",
            "ATTRIBUTES_INCLUDE", "--attributes-include", "ATTRIBUTES_EXCLUDE", "--attributes-exclude",
            "METADATA_FIELD", "--metadata-field", Shaping.VARIABLE, "--shaping");

    @Option(names = "--index", paramLabel = "INDEX",
            description = "The search alias (default: as the worker derives it from --index-map, else the table name lower-cased).")
    String index;

    @Option(names = "--index-map", paramLabel = "MAP", description = "The worker's INDEX_MAP (Table=index,Other=other2).")
    String indexMap;

    @Option(names = "--attributes-include", paramLabel = "LISTS", description = "The worker's ATTRIBUTES_INCLUDE (Table=a|b,Other=c).")
    String attributesInclude;

    @Option(names = "--attributes-exclude", paramLabel = "LISTS", description = "The worker's ATTRIBUTES_EXCLUDE (Table=a|b,Other=c).")
    String attributesExclude;

    @Option(names = "--shaping", paramLabel = "JSON|@FILE",
            description = "The worker's DOCUMENT_SHAPING: per table, the steps applied to each converted document, as JSON "
                    + "or @ and a file holding it (the same definition the worker and the stack read).")
    String shaping;

    @Option(names = "--metadata-field", defaultValue = "ddbsync", paramLabel = "NAME",
            description = "The worker's METADATA_FIELD (default: ${DEFAULT-VALUE}).")
    String metadataField = "ddbsync";

    @Option(names = "--ttl-deletes", defaultValue = "delete", paramLabel = "delete|keep",
            description = "The worker's TTL_DELETES (default: ${DEFAULT-VALUE}).")
    String ttlDeletes = "delete";

    @Option(names = "--ttl-attribute", paramLabel = "NAME", description = "The table's TTL attribute (required with --ttl-deletes keep).")
    String ttlAttribute;

    /** The worker's table rules from the options. */
    public TableRules rules() {
        return tableRules(indexMap, attributesInclude, attributesExclude, metadataField, shapingText());
    }

    /** {@code --shaping}'s JSON: the text, or the content of the file after {@code @}. */
    private String shapingText() {
        if (shaping == null || !shaping.startsWith("@")) {
            return shaping;
        }
        Path file = Path.of(shaping.substring(1));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("--shaping: cannot read " + file, e);
        }
    }

    /** {@code --index}, else the table's index as the worker derives it; checked against OpenSearch's rules. */
    public String alias(TableRules rules, String table) {
        String alias = index != null ? index : indexFor(rules, table);
        IndexNames.problem(alias).ifPresent(p -> {
            throw new UsageException("--index: " + p);
        });
        return alias;
    }

    public TtlKeep ttlKeep(TableRules rules, String table, DocumentConverter converter, Instant start) {
        return ttlKeep(ttlDeletes, ttlAttribute, rules, table, converter, start);
    }

    public String metadataField() {
        return metadataField;
    }

    public static TableRules tableRules(String indexMap, String include, String exclude, String metadataField) {
        return tableRules(indexMap, include, exclude, metadataField, null);
    }

    public static TableRules tableRules(String indexMap, String include, String exclude, String metadataField, String shaping) {
        Map<String, String> env = new HashMap<>();
        put(env, Shaping.VARIABLE, shaping);
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
    public static String indexFor(TableRules rules, String table) {
        try {
            return rules.indexFor(table);
        } catch (ConfigException e) {
            throw new UsageException(asOption(e).getMessage() + " (or give the index with --index)", e);
        }
    }

    /** @param ttlDeletes {@code delete} or {@code keep}, as the worker's TTL_DELETES */
    public static TtlKeep ttlKeep(String ttlDeletes, String ttlAttribute, TableRules rules, String table, DocumentConverter converter,
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
        String field = converter.documentField(ttlAttribute).orElseThrow(() -> new UsageException("--ttl-attribute "
                + ttlAttribute + " is dropped by the shaping of table " + table + ", so documents of items TTL removed cannot "
                + "be told from ghosts"));
        return new TtlKeep(Optional.of(field), start);
    }

    private static void put(Map<String, String> env, String variable, String value) {
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static UsageException asOption(ConfigException e) {
        String option = OPTION_OF.getOrDefault(e.variable(), e.variable());
        String message = e.getMessage().startsWith(e.variable() + ": ") ? e.getMessage().substring(e.variable().length() + 2)
                : e.getMessage();
        return new UsageException(option + " (the worker's " + e.variable() + "): " + message, e);
    }
}

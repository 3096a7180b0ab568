package io.ddbsync.model.config;

import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.shape.Shaping;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the worker's configuration says about each table: its index (INDEX_MAP), the attributes it
 * indexes (ATTRIBUTES_INCLUDE / ATTRIBUTES_EXCLUDE), how its documents are shaped after conversion
 * (DOCUMENT_SHAPING, {@link Shaping}) and the metadata field (METADATA_FIELD). The
 * worker ({@link WorkerConfig}) and the command line derive index names and documents from this one
 * place. Checked on construction; every problem is a {@link ConfigException} naming the variable.
 *
 * @param indexMap          table → index (search alias); unmapped tables get the table name lower-cased
 * @param attributesInclude table → the only top-level attributes indexed (absent: all)
 * @param attributesExclude table → top-level attributes never indexed
 * @param metadataField     the document's metadata field
 * @param shaping           table → the steps applied to each converted document (none: as converted)
 */
public record TableRules(Map<String, String> indexMap, Map<String, Set<String>> attributesInclude,
                         Map<String, Set<String>> attributesExclude, String metadataField, Shaping shaping) {

    public static final String DEFAULT_METADATA_FIELD = "ddbsync";
    private static final Pattern METADATA_FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public TableRules {
        TableIndexes.check(indexMap);
        indexMap = Map.copyOf(indexMap);
        attributesInclude = AttributeLists.check("ATTRIBUTES_INCLUDE", attributesInclude);
        attributesExclude = AttributeLists.check("ATTRIBUTES_EXCLUDE", attributesExclude);
        AttributeLists.checkDisjoint(attributesInclude, attributesExclude);
        if (metadataField == null || !METADATA_FIELD.matcher(metadataField).matches()) {
            throw new ConfigException("METADATA_FIELD", "must be a field name of a letter then up to 63 letters, digits, _ or -, got '"
                    + metadataField + "'");
        }
        java.util.Objects.requireNonNull(shaping, "shaping");
        for (String table : shaping.tables()) {
            EnvReader.checkTableName(Shaping.VARIABLE, table);
            try {
                new DocumentConverter(Set.of(), Set.of(), metadataField, shaping.stepsFor(table));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Shaping.VARIABLE, "table " + table + ": " + e.getMessage(), e);
            }
        }
    }

    /** Without shaping: every table's documents as converted. */
    public TableRules(Map<String, String> indexMap, Map<String, Set<String>> attributesInclude,
                      Map<String, Set<String>> attributesExclude, String metadataField) {
        this(indexMap, attributesInclude, attributesExclude, metadataField, Shaping.none());
    }

    /** Reads INDEX_MAP, ATTRIBUTES_INCLUDE, ATTRIBUTES_EXCLUDE, METADATA_FIELD and DOCUMENT_SHAPING (all optional). */
    public static TableRules fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new TableRules(
                TableIndexes.parse(r.optional("INDEX_MAP").orElse("")),
                AttributeLists.parse("ATTRIBUTES_INCLUDE", r.optional("ATTRIBUTES_INCLUDE").orElse("")),
                AttributeLists.parse("ATTRIBUTES_EXCLUDE", r.optional("ATTRIBUTES_EXCLUDE").orElse("")),
                r.optional("METADATA_FIELD").orElse(DEFAULT_METADATA_FIELD),
                shaping(r.optional(Shaping.VARIABLE).orElse("")));
    }

    /** DOCUMENT_SHAPING's text as a definition; a malformed one fails naming the variable. */
    private static Shaping shaping(String text) {
        try {
            return Shaping.parse(text);
        } catch (io.ddbsync.model.shape.ShapingException e) {
            throw new ConfigException(Shaping.VARIABLE, e.getMessage(), e);
        }
    }

    /**
     * The index (search alias) name of a table: its INDEX_MAP entry, or the table name lower-cased.
     *
     * @throws ConfigException naming INDEX_MAP and the table when the table is not mapped and its
     *                         default name is not a valid index name ({@code _Orders}, more than 240
     *                         bytes, …) or is the index of a mapped table
     */
    public String indexFor(String table) {
        return TableIndexes.indexFor(indexMap, table);
    }

    /** The converter for a table's items: its attribute lists, its shaping steps and the metadata field. */
    public DocumentConverter converterFor(String table) {
        return new DocumentConverter(attributesInclude.getOrDefault(table, Set.of()),
                attributesExclude.getOrDefault(table, Set.of()), metadataField, shaping.stepsFor(table));
    }
}

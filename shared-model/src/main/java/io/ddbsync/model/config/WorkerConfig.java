package io.ddbsync.model.config;

import io.ddbsync.model.convert.DocumentConverter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * index-worker configuration: the search target ({@link SearchTargetConfig}: OPENSEARCH_ENDPOINT,
 * OPENSEARCH_AUTH (sigv4|none), OPENSEARCH_SIGNING_SERVICE (es|aoss)), AWS_REGION, the table rules
 * ({@link TableRules}: INDEX_MAP, ATTRIBUTES_INCLUDE / ATTRIBUTES_EXCLUDE, METADATA_FIELD, DOCUMENT_SHAPING), IDEMPOTENCY_TABLE
 * (empty: off), TTL_DELETES (delete|keep for every table, or per table {@code Table=keep,Other=delete} with
 * delete for unlisted tables), QUARANTINE (on|off for every table, or per table {@code Table=off,Other=on} with on
 * for unlisted tables: fields the index mapping refuses are moved into the metadata field's non-indexed
 * {@code quarantine} object instead of failing the record), TOMBSTONE_RETENTION_DAYS (default 15, more than the
 * DLQ's 14 days), DYNAMODB_ENDPOINT (optional).
 *
 * <p>OPENSEARCH_ENDPOINT is an http(s) URL; a bare host (as CDK's {@code domainEndpoint} gives)
 * means https. OPENSEARCH_AUTH defaults to sigv4, OPENSEARCH_SIGNING_SERVICE to es, TTL_DELETES to delete.
 *
 * <p>Two tables never share an index: INDEX_MAP giving two tables one index, or a table the default
 * index of another mapped table, fails at start; {@link #indexFor} refuses an unmapped table whose
 * default index OpenSearch would refuse or a mapped table already has. {@link TableRules} checks all of this
 * on construction, so a config built in code ({@link #builder}) obeys the same rules.
 *
 * @param searchTarget           where the search engine is and how requests are signed
 * @param region                 the function's AWS region (DynamoDB reads, the idempotency table)
 * @param tables                 per table: index, attribute lists, shaping; the metadata field
 * @param idempotencyTable       the Powertools idempotency table, empty for none
 * @param ttlDeletes             the TTL policy of tables {@code ttlDeletesByTable} does not list
 * @param ttlDeletesByTable      per-table TTL policies
 * @param quarantine             the quarantine switch of tables {@code quarantineByTable} does not list
 * @param quarantineByTable      per-table quarantine switches
 * @param tombstoneRetentionDays days a tombstone is kept, {@value #MIN_TOMBSTONE_RETENTION_DAYS}..{@value #MAX_TOMBSTONE_RETENTION_DAYS}
 * @param dynamodbEndpoint       DynamoDB endpoint override (the local stack), empty for the region's
 */
public record WorkerConfig(SearchTargetConfig searchTarget, String region, TableRules tables,
                           Optional<String> idempotencyTable, TtlDeletes ttlDeletes, Map<String, TtlDeletes> ttlDeletesByTable,
                           Quarantine quarantine, Map<String, Quarantine> quarantineByTable, int tombstoneRetentionDays, Optional<URI> dynamodbEndpoint) {

    public enum TtlDeletes { DELETE, KEEP }

    /**
     * Whether a record whose document the index mapping refuses for particular fields is written with those fields
     * moved into the metadata field's non-indexed {@code quarantine} object ({@code ON}) or fails to the DLQ whole
     * ({@code OFF}).
     */
    public enum Quarantine { ON, OFF }

    public static final int DEFAULT_TOMBSTONE_RETENTION_DAYS = 15;
    /** Tombstones must outlive the longest replay window: the dead-letter queue's 14-day maximum retention. */
    public static final int MIN_TOMBSTONE_RETENTION_DAYS = 15;
    public static final int MAX_TOMBSTONE_RETENTION_DAYS = 3650;
    public static final String DEFAULT_METADATA_FIELD = TableRules.DEFAULT_METADATA_FIELD;
    static final String TTL_DELETES_VARIABLE = "TTL_DELETES";
    /** The per-table quarantine switch's variable: {@code on|off} or {@code Table=off,Other=on}. */
    public static final String QUARANTINE_VARIABLE = "QUARANTINE";

    public WorkerConfig {
        Objects.requireNonNull(searchTarget, "searchTarget");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        Objects.requireNonNull(ttlDeletes, "ttlDeletes");
        ttlDeletesByTable.keySet().forEach(t -> EnvReader.checkTableName(TTL_DELETES_VARIABLE, t));
        ttlDeletesByTable = Map.copyOf(ttlDeletesByTable);
        Objects.requireNonNull(quarantine, "quarantine");
        quarantineByTable.keySet().forEach(t -> EnvReader.checkTableName(QUARANTINE_VARIABLE, t));
        quarantineByTable = Map.copyOf(quarantineByTable);
        Objects.requireNonNull(dynamodbEndpoint, "dynamodbEndpoint");
    }

    /** A builder for a configuration in code: the target and the region; everything else has the environment's defaults. */
    public static Builder builder(SearchTargetConfig searchTarget, String region) {
        return new Builder(searchTarget, region);
    }

    /** Everything from the Lambda environment; a missing or malformed value fails naming its variable. */
    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String ttlText = r.optional(TTL_DELETES_VARIABLE).orElse("").trim();
        boolean perTable = ttlText.contains("=");
        String quarantineText = r.optional(QUARANTINE_VARIABLE).orElse("").trim();
        boolean quarantinePerTable = quarantineText.contains("=");
        return new WorkerConfig(
                SearchTargetConfig.fromEnv(env),
                r.region("AWS_REGION"),
                TableRules.fromEnv(env),
                r.optionalTableName("IDEMPOTENCY_TABLE"),
                perTable ? TtlDeletes.DELETE : r.choice(TTL_DELETES_VARIABLE, TtlDeletes.class, TtlDeletes.DELETE),
                perTable ? perTable(TTL_DELETES_VARIABLE, ttlText, TtlDeletes.class, "Table=keep,Other=delete") : Map.of(),
                quarantinePerTable ? Quarantine.ON : r.choice(QUARANTINE_VARIABLE, Quarantine.class, Quarantine.ON),
                quarantinePerTable ? perTable(QUARANTINE_VARIABLE, quarantineText, Quarantine.class, "Table=off,Other=on") : Map.of(),
                r.intInRange("TOMBSTONE_RETENTION_DAYS", DEFAULT_TOMBSTONE_RETENTION_DAYS, MIN_TOMBSTONE_RETENTION_DAYS,
                        MAX_TOMBSTONE_RETENTION_DAYS),
                r.optionalUrl("DYNAMODB_ENDPOINT"));
    }

    /**
     * {@code Table=value,Other=value} → table → choice; a value that is not one of {@code type}'s constants (any case)
     * or a table listed twice fails naming {@code variable}.
     */
    private static <E extends Enum<E>> Map<String, E> perTable(String variable, String text, Class<E> type, String format) {
        Map<String, E> map = new LinkedHashMap<>();
        String choices = java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.joining(" or "));
        for (Map.Entry<String, String> pair : EnvReader.tablePairs(variable, text, format)) {
            E choice;
            try {
                choice = Enum.valueOf(type, pair.getValue().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable, "table " + pair.getKey() + ": '" + pair.getValue() + "' is not " + choices);
            }
            if (map.putIfAbsent(pair.getKey(), choice) != null) {
                throw new ConfigException(variable, "table " + pair.getKey() + " is listed twice");
            }
        }
        return map;
    }

    /** What to do with the documents of a table's items that DynamoDB TTL removed. */
    public TtlDeletes ttlDeletesFor(String table) {
        return ttlDeletesByTable.getOrDefault(table, ttlDeletes);
    }

    /** Whether fields the index mapping refuses in a table's documents are quarantined (QUARANTINE; default on). */
    public Quarantine quarantineFor(String table) {
        return quarantineByTable.getOrDefault(table, quarantine);
    }

    /**
     * The index (search alias) name of a table: its INDEX_MAP entry, or the table name lower-cased.
     * The one derivation every module uses.
     *
     * @throws ConfigException naming INDEX_MAP and the table when the table is not mapped and its
     *                         default name is not a valid index name ({@code _Orders}, more than 240
     *                         bytes, …) or is the index of a mapped table
     */
    public String indexFor(String table) {
        return tables.indexFor(table);
    }

    /** The converter for a table's items: its attribute lists, its shaping steps and METADATA_FIELD. */
    public DocumentConverter converterFor(String table) {
        return tables.converterFor(table);
    }

    /** INDEX_MAP, the attribute lists and METADATA_FIELD: what this configuration says about each table. */
    public TableRules tableRules() {
        return tables;
    }

    /** OPENSEARCH_ENDPOINT. */
    public URI opensearchEndpoint() {
        return searchTarget.endpoint();
    }

    /** OPENSEARCH_AUTH. */
    public SearchTargetConfig.Auth auth() {
        return searchTarget.auth();
    }

    /** INDEX_MAP: table → index (search alias). */
    public Map<String, String> indexMap() {
        return tables.indexMap();
    }

    /** METADATA_FIELD. */
    public String metadataField() {
        return tables.metadataField();
    }

    /** ATTRIBUTES_INCLUDE: table → the only attributes indexed. */
    public Map<String, Set<String>> attributesInclude() {
        return tables.attributesInclude();
    }

    /** ATTRIBUTES_EXCLUDE: table → attributes never indexed. */
    public Map<String, Set<String>> attributesExclude() {
        return tables.attributesExclude();
    }

    /**
     * Builds a {@link WorkerConfig} in code with the environment's defaults (no INDEX_MAP, no attribute lists,
     * metadata field {@value #DEFAULT_METADATA_FIELD}, no idempotency, TTL removals deleted, quarantine on, 15-day tombstones);
     * {@link #build} checks it as {@link #fromEnv} does.
     */
    public static final class Builder {
        private final SearchTargetConfig searchTarget;
        private final String region;
        private Map<String, String> indexMap = Map.of();
        private Map<String, Set<String>> attributesInclude = Map.of();
        private Map<String, Set<String>> attributesExclude = Map.of();
        private String metadataField = DEFAULT_METADATA_FIELD;
        private io.ddbsync.model.shape.Shaping shaping = io.ddbsync.model.shape.Shaping.none();
        private Optional<String> idempotencyTable = Optional.empty();
        private TtlDeletes ttlDeletes = TtlDeletes.DELETE;
        private Map<String, TtlDeletes> ttlDeletesByTable = Map.of();
        private Quarantine quarantine = Quarantine.ON;
        private Map<String, Quarantine> quarantineByTable = Map.of();
        private int tombstoneRetentionDays = DEFAULT_TOMBSTONE_RETENTION_DAYS;
        private Optional<URI> dynamodbEndpoint = Optional.empty();

        private Builder(SearchTargetConfig searchTarget, String region) {
            this.searchTarget = Objects.requireNonNull(searchTarget, "searchTarget");
            this.region = Objects.requireNonNull(region, "region");
        }

        /** INDEX_MAP: table → index. */
        public Builder indexMap(Map<String, String> map) {
            this.indexMap = map;
            return this;
        }

        public Builder attributesInclude(Map<String, Set<String>> lists) {
            this.attributesInclude = lists;
            return this;
        }

        public Builder attributesExclude(Map<String, Set<String>> lists) {
            this.attributesExclude = lists;
            return this;
        }

        public Builder metadataField(String field) {
            this.metadataField = field;
            return this;
        }

        /** DOCUMENT_SHAPING: per table, the steps applied to each converted document. */
        public Builder shaping(io.ddbsync.model.shape.Shaping definition) {
            this.shaping = definition;
            return this;
        }

        /** The idempotency table; empty turns idempotency off. */
        public Builder idempotencyTable(Optional<String> table) {
            this.idempotencyTable = table;
            return this;
        }

        /** The TTL policy of every table not listed per table. */
        public Builder ttlDeletes(TtlDeletes policy) {
            this.ttlDeletes = policy;
            return this;
        }

        public Builder ttlDeletesByTable(Map<String, TtlDeletes> policies) {
            this.ttlDeletesByTable = policies;
            return this;
        }

        /** The quarantine switch of every table not listed per table. */
        public Builder quarantine(Quarantine choice) {
            this.quarantine = choice;
            return this;
        }

        public Builder quarantineByTable(Map<String, Quarantine> choices) {
            this.quarantineByTable = choices;
            return this;
        }

        public Builder tombstoneRetentionDays(int days) {
            this.tombstoneRetentionDays = days;
            return this;
        }

        public Builder dynamodbEndpoint(Optional<URI> endpoint) {
            this.dynamodbEndpoint = endpoint;
            return this;
        }

        /** @throws ConfigException naming the variable a value would come from, for a value the worker would refuse */
        public WorkerConfig build() {
            return new WorkerConfig(searchTarget, region,
                    new TableRules(indexMap, attributesInclude, attributesExclude, metadataField, shaping),
                    idempotencyTable, ttlDeletes, ttlDeletesByTable, quarantine, quarantineByTable, tombstoneRetentionDays, dynamodbEndpoint);
        }
    }
}

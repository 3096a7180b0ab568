package io.ddbsync.model.config;

import io.ddbsync.model.convert.DocumentConverter;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * index-worker configuration: OPENSEARCH_ENDPOINT, OPENSEARCH_AUTH (sigv4|none), AWS_REGION,
 * INDEX_MAP (table=index,… ; default index = table lower-cased), IDEMPOTENCY_TABLE (empty: off),
 * TTL_DELETES (delete|keep for every table, or per table {@code Table=keep,Other=delete} with
 * delete for unlisted tables), TOMBSTONE_RETENTION_DAYS (default 15, more than the DLQ's 14 days),
 * METADATA_FIELD (default ddbsync), DYNAMODB_ENDPOINT (optional), ATTRIBUTES_INCLUDE /
 * ATTRIBUTES_EXCLUDE (per table, {@code Table=a|b,Other=c}; default: every attribute).
 *
 * <p>OPENSEARCH_ENDPOINT is an http(s) URL; a bare host (as CDK's {@code domainEndpoint} gives)
 * means https. OPENSEARCH_AUTH defaults to sigv4, TTL_DELETES to delete.
 *
 * <p>Two tables never share an index: INDEX_MAP giving two tables one index, or a table the default
 * index of another mapped table, fails at start; {@link #indexFor} refuses an unmapped table whose
 * default index OpenSearch would refuse or a mapped table already has. The record's constructor
 * checks all of this too, so a config built in code obeys the same rules.
 */
public record WorkerConfig(URI opensearchEndpoint, Auth auth, String region, Map<String, String> indexMap,
                           Optional<String> idempotencyTable, TtlDeletes ttlDeletes, int tombstoneRetentionDays,
                           String metadataField, Optional<URI> dynamodbEndpoint,
                           Map<String, Set<String>> attributesInclude, Map<String, Set<String>> attributesExclude,
                           Map<String, TtlDeletes> ttlDeletesByTable) {

    public enum Auth { SIGV4, NONE }

    public enum TtlDeletes { DELETE, KEEP }

    public static final int DEFAULT_TOMBSTONE_RETENTION_DAYS = 15;
    /** Tombstones must outlive the longest replay window: the dead-letter queue's 14-day maximum retention. */
    public static final int MIN_TOMBSTONE_RETENTION_DAYS = 15;
    public static final int MAX_TOMBSTONE_RETENTION_DAYS = 3650;
    public static final String DEFAULT_METADATA_FIELD = TableRules.DEFAULT_METADATA_FIELD;

    public WorkerConfig {
        Objects.requireNonNull(opensearchEndpoint, "opensearchEndpoint");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(region, "region");
        TableRules rules = new TableRules(indexMap, attributesInclude, attributesExclude, metadataField);
        indexMap = rules.indexMap();
        attributesInclude = rules.attributesInclude();
        attributesExclude = rules.attributesExclude();
        Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        Objects.requireNonNull(ttlDeletes, "ttlDeletes");
        ttlDeletesByTable.keySet().forEach(t -> EnvReader.checkTableName(TTL_DELETES_VARIABLE, t));
        ttlDeletesByTable = Map.copyOf(ttlDeletesByTable);
        Objects.requireNonNull(metadataField, "metadataField");
        Objects.requireNonNull(dynamodbEndpoint, "dynamodbEndpoint");
    }

    /** One TTL policy for every table. */
    public WorkerConfig(URI opensearchEndpoint, Auth auth, String region, Map<String, String> indexMap,
                        Optional<String> idempotencyTable, TtlDeletes ttlDeletes, int tombstoneRetentionDays,
                        String metadataField, Optional<URI> dynamodbEndpoint,
                        Map<String, Set<String>> attributesInclude, Map<String, Set<String>> attributesExclude) {
        this(opensearchEndpoint, auth, region, indexMap, idempotencyTable, ttlDeletes, tombstoneRetentionDays, metadataField,
                dynamodbEndpoint, attributesInclude, attributesExclude, Map.of());
    }

    /** A configuration without attribute lists (every attribute of every table is indexed). */
    public WorkerConfig(URI opensearchEndpoint, Auth auth, String region, Map<String, String> indexMap,
                        Optional<String> idempotencyTable, TtlDeletes ttlDeletes, int tombstoneRetentionDays,
                        String metadataField, Optional<URI> dynamodbEndpoint) {
        this(opensearchEndpoint, auth, region, indexMap, idempotencyTable, ttlDeletes, tombstoneRetentionDays, metadataField,
                dynamodbEndpoint, Map.of(), Map.of(), Map.of());
    }

    static final String TTL_DELETES_VARIABLE = "TTL_DELETES";

    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        TableRules rules = TableRules.fromEnv(env);
        String ttlText = r.optional(TTL_DELETES_VARIABLE).orElse("").trim();
        Map<String, TtlDeletes> ttlByTable = ttlText.contains("=") ? ttlPerTable(ttlText) : Map.of();
        TtlDeletes ttlDefault = ttlText.contains("=") ? TtlDeletes.DELETE
                : r.choice(TTL_DELETES_VARIABLE, TtlDeletes.class, TtlDeletes.DELETE);
        return new WorkerConfig(
                r.requiredUrl("OPENSEARCH_ENDPOINT"),
                r.choice("OPENSEARCH_AUTH", Auth.class, Auth.SIGV4),
                r.region("AWS_REGION"),
                rules.indexMap(),
                r.optionalTableName("IDEMPOTENCY_TABLE"),
                ttlDefault,
                r.intInRange("TOMBSTONE_RETENTION_DAYS", DEFAULT_TOMBSTONE_RETENTION_DAYS, MIN_TOMBSTONE_RETENTION_DAYS,
                        MAX_TOMBSTONE_RETENTION_DAYS),
                rules.metadataField(),
                r.optionalUrl("DYNAMODB_ENDPOINT"),
                rules.attributesInclude(),
                rules.attributesExclude(),
                ttlByTable);
    }

    /** {@code Table=keep,Other=delete} → table → policy; a value other than delete/keep fails naming TTL_DELETES. */
    private static Map<String, TtlDeletes> ttlPerTable(String text) {
        Map<String, TtlDeletes> map = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> pair : EnvReader.tablePairs(TTL_DELETES_VARIABLE, text, "Table=keep,Other=delete")) {
            TtlDeletes policy;
            try {
                policy = TtlDeletes.valueOf(pair.getValue().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(TTL_DELETES_VARIABLE, "table " + pair.getKey() + ": '" + pair.getValue()
                        + "' is not delete or keep");
            }
            if (map.putIfAbsent(pair.getKey(), policy) != null) {
                throw new ConfigException(TTL_DELETES_VARIABLE, "table " + pair.getKey() + " is listed twice");
            }
        }
        return map;
    }

    /** What to do with the documents of a table's items that DynamoDB TTL removed. */
    public TtlDeletes ttlDeletesFor(String table) {
        return ttlDeletesByTable.getOrDefault(table, ttlDeletes);
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
        return tableRules().indexFor(table);
    }

    /** The converter for a table's items: its ATTRIBUTES_INCLUDE / ATTRIBUTES_EXCLUDE lists and METADATA_FIELD. */
    public DocumentConverter converterFor(String table) {
        return tableRules().converterFor(table);
    }

    /** INDEX_MAP, the attribute lists and METADATA_FIELD: what this configuration says about each table. */
    public TableRules tableRules() {
        return new TableRules(indexMap, attributesInclude, attributesExclude, metadataField);
    }
}

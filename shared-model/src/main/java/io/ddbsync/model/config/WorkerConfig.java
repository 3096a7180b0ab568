package io.ddbsync.model.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * index-worker configuration: OPENSEARCH_ENDPOINT, OPENSEARCH_AUTH (sigv4|none), AWS_REGION,
 * INDEX_MAP (table=index,… ; default index = table lower-cased), IDEMPOTENCY_TABLE (empty: off),
 * TTL_DELETES (delete|keep), TOMBSTONE_RETENTION_DAYS (default 15, more than the DLQ's 14 days),
 * METADATA_FIELD (default ddbsync), DYNAMODB_ENDPOINT (optional).
 *
 * <p>OPENSEARCH_ENDPOINT is an http(s) URL; a bare host (as CDK's {@code domainEndpoint} gives)
 * means https. OPENSEARCH_AUTH defaults to sigv4, TTL_DELETES to delete.
 */
public record WorkerConfig(URI opensearchEndpoint, Auth auth, String region, Map<String, String> indexMap,
                           Optional<String> idempotencyTable, TtlDeletes ttlDeletes, int tombstoneRetentionDays,
                           String metadataField, Optional<URI> dynamodbEndpoint) {

    public enum Auth { SIGV4, NONE }

    public enum TtlDeletes { DELETE, KEEP }

    public static final int DEFAULT_TOMBSTONE_RETENTION_DAYS = 15;
    /** Tombstones must outlive the longest replay window: the dead-letter queue's 14-day maximum retention. */
    public static final int MIN_TOMBSTONE_RETENTION_DAYS = 15;
    public static final int MAX_TOMBSTONE_RETENTION_DAYS = 3650;
    public static final String DEFAULT_METADATA_FIELD = "ddbsync";

    private static final Pattern METADATA_FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public WorkerConfig {
        Objects.requireNonNull(opensearchEndpoint, "opensearchEndpoint");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(region, "region");
        indexMap = Map.copyOf(indexMap);
        Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        Objects.requireNonNull(ttlDeletes, "ttlDeletes");
        Objects.requireNonNull(metadataField, "metadataField");
        Objects.requireNonNull(dynamodbEndpoint, "dynamodbEndpoint");
    }

    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String metadataField = r.optional("METADATA_FIELD").orElse(DEFAULT_METADATA_FIELD);
        if (!METADATA_FIELD.matcher(metadataField).matches()) {
            throw new ConfigException("METADATA_FIELD", "must be a field name of a letter then up to 63 letters, digits, _ or -, got '"
                    + metadataField + "'");
        }
        return new WorkerConfig(
                r.requiredUrl("OPENSEARCH_ENDPOINT"),
                r.choice("OPENSEARCH_AUTH", Auth.class, Auth.SIGV4),
                r.region("AWS_REGION"),
                parseIndexMap(r.optional("INDEX_MAP").orElse("")),
                r.optionalTableName("IDEMPOTENCY_TABLE"),
                r.choice("TTL_DELETES", TtlDeletes.class, TtlDeletes.DELETE),
                r.intInRange("TOMBSTONE_RETENTION_DAYS", DEFAULT_TOMBSTONE_RETENTION_DAYS, MIN_TOMBSTONE_RETENTION_DAYS,
                        MAX_TOMBSTONE_RETENTION_DAYS),
                metadataField,
                r.optionalUrl("DYNAMODB_ENDPOINT"));
    }

    /** {@code Table=index,Other=other2} → map; empty text → empty map. */
    static Map<String, String> parseIndexMap(String text) {
        String variable = "INDEX_MAP";
        Map<String, String> map = new LinkedHashMap<>();
        if (text.isBlank()) {
            return map;
        }
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (e.isEmpty() || eq < 0 || e.indexOf('=', eq + 1) >= 0) {
                throw new ConfigException(variable, "entry '" + e + "' is not table=index (format: Table=index,Other=other2)");
            }
            String table = e.substring(0, eq).trim();
            String index = e.substring(eq + 1).trim();
            EnvReader.checkTableName(variable, table);
            IndexNames.problem(index).ifPresent(p -> {
                throw new ConfigException(variable, "table " + table + ": " + p);
            });
            if (map.putIfAbsent(table, index) != null) {
                throw new ConfigException(variable, "table " + table + " is mapped twice");
            }
        }
        return map;
    }

    /** The index (search alias) name for a table. */
    public String indexFor(String table) {
        return indexMap.getOrDefault(table, table.toLowerCase(java.util.Locale.ROOT));
    }
}

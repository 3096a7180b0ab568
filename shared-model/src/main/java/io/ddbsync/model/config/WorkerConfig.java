package io.ddbsync.model.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * index-worker configuration: OPENSEARCH_ENDPOINT, OPENSEARCH_AUTH (sigv4|none), AWS_REGION,
 * INDEX_MAP (table=index,… ; default index = table lower-cased), IDEMPOTENCY_TABLE (empty: off),
 * TTL_DELETES (delete|keep), TOMBSTONE_RETENTION_DAYS (default 15, more than the DLQ's 14 days),
 * METADATA_FIELD (default ddbsync), DYNAMODB_ENDPOINT (optional).
 */
public record WorkerConfig(URI opensearchEndpoint, Auth auth, String region, Map<String, String> indexMap,
                           Optional<String> idempotencyTable, TtlDeletes ttlDeletes, int tombstoneRetentionDays,
                           String metadataField, Optional<URI> dynamodbEndpoint) {

    public enum Auth { SIGV4, NONE }

    public enum TtlDeletes { DELETE, KEEP }

    public static WorkerConfig fromEnv(Map<String, String> env) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    /** The index (search alias) name for a table. */
    public String indexFor(String table) {
        return indexMap.getOrDefault(table, table.toLowerCase(java.util.Locale.ROOT));
    }
}

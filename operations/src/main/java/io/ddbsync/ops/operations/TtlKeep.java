package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Under the worker's TTL_DELETES=keep, documents of items DynamoDB TTL removed stay in the index on
 * purpose. Reconcile tells them from ghosts by the document's copy of the table's TTL attribute: a
 * document whose item is gone and whose TTL value (epoch seconds) is at or before the reconcile's
 * start was removed by TTL — or is due to be — so it is kept, neither reported as a ghost nor removed
 * by repair. A gone item whose document has no expired TTL value was deleted by a user: a ghost.
 *
 * @param field the TTL attribute's field in the document (after the converter's renaming); empty: keep is off
 * @param now   the reconcile's start
 */
public record TtlKeep(Optional<String> field, Instant now) {

    public static TtlKeep off() {
        return new TtlKeep(Optional.empty(), Instant.EPOCH);
    }

    /** Whether a document whose item is gone is kept on purpose (TTL removed the item). */
    public boolean kept(JsonNode source) {
        if (field.isEmpty()) {
            return false;
        }
        JsonNode ttl = source.path(field.get());
        return ttl.isNumber() && ttl.decimalValue().compareTo(java.math.BigDecimal.valueOf(now.getEpochSecond())) <= 0;
    }
}

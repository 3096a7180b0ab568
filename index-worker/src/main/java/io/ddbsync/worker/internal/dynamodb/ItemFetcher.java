package io.ddbsync.worker.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Reads current items by key with a strongly consistent read (for {@code fetch: true} records). */
public interface ItemFetcher {

    /**
     * @param keys the key attributes (DynamoDB JSON) of each item
     * @return for each key, in order, the item (DynamoDB JSON) or empty when it no longer exists
     */
    List<Optional<ObjectNode>> fetch(String table, List<ObjectNode> keys);

    /** A fetcher for deployments without DynamoDB access: any fetch record fails its message. */
    static ItemFetcher unavailable() {
        return (table, keys) -> {
            throw new ItemFetchException("no DynamoDB client configured to read " + keys.size() + " item(s) of " + table, null);
        };
    }
}

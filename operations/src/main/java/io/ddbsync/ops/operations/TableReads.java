package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.model.id.DocumentIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Strongly consistent reads of items by key, {@value #BATCH_GET_MAX} keys per BatchGetItem (DynamoDB's limit),
 * unprocessed keys retried with backoff: whole items, or only whether they exist (the key attributes).
 */
final class TableReads {

    static final int BATCH_GET_MAX = 100;
    private static final ObjectMapper M = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<String> keyNames;

    TableReads(DynamoDbClient dynamoDb, String table, List<String> keyNames) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.keyNames = List.copyOf(keyNames);
    }

    /** The items of these keys that exist (DynamoDB JSON), by document id. */
    Map<String, ObjectNode> items(Map<String, ObjectNode> keysById) {
        return read(keysById, false);
    }

    /** The document ids (of {@code keysById}) whose item exists. */
    java.util.Set<String> existing(Map<String, ObjectNode> keysById) {
        return read(keysById, true).keySet();
    }

    private Map<String, ObjectNode> read(Map<String, ObjectNode> keysById, boolean keysOnly) {
        Map<String, ObjectNode> found = new HashMap<>();
        List<ObjectNode> all = new ArrayList<>(keysById.values());
        for (int i = 0; i < all.size(); i += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            all.subList(i, Math.min(all.size(), i + BATCH_GET_MAX)).forEach(k -> keys.add(DynamoJson.toItem(k)));
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(keys).consistentRead(true);
            if (keysOnly) {
                Map<String, String> names = new LinkedHashMap<>();
                for (int n = 0; n < keyNames.size(); n++) {
                    names.put("#k" + n, keyNames.get(n));
                }
                request.projectionExpression(String.join(",", names.keySet())).expressionAttributeNames(names);
            }
            Map<String, KeysAndAttributes> pending = Map.of(table, request.build());
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> current = pending;
                BatchGetItemResponse r;
                try {
                    r = dynamoDb.batchGetItem(b -> b.requestItems(current));
                } catch (RuntimeException e) {
                    throw new OpsException("BatchGetItem on table " + table + " failed", e);
                }
                for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                    ObjectNode image = DynamoJson.fromItem(item);
                    found.put(DocumentIds.of(keysOf(image)).value(), image);
                }
                pending = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
        return found;
    }

    /** The key attributes of an image. */
    ObjectNode keysOf(ObjectNode image) {
        ObjectNode keys = M.createObjectNode();
        keyNames.forEach(k -> keys.set(k, image.get(k)));
        return keys;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(2_000, 50L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted while reading table items", e);
        }
    }
}

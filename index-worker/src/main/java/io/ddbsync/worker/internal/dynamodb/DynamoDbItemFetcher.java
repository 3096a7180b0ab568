package io.ddbsync.worker.internal.dynamodb;

import io.ddbsync.aws.dynamodb.DynamoJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ddbsync.model.id.DocumentIds;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import io.ddbsync.worker.time.TimeBudget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** {@link ItemFetcher} with strongly consistent {@code BatchGetItem}s of at most 100 keys, retrying unprocessed keys. */
public final class DynamoDbItemFetcher implements ItemFetcher {

    static final int MAX_KEYS = 100;
    static final int MAX_ROUNDS = 8;

    private final DynamoDbClient dynamoDb;
    private final Supplier<TimeBudget> budget;

    /**
     * @param dynamoDb a client whose calls are bounded by the invocation's time ({@link BudgetedDynamoDbClient})
     * @param budget   the invocation's time budget: no backoff sleep eats into its reserve
     */
    public DynamoDbItemFetcher(DynamoDbClient dynamoDb, Supplier<TimeBudget> budget) {
        this.dynamoDb = dynamoDb;
        this.budget = budget;
    }

    @Override
    public List<Optional<ObjectNode>> fetch(String table, List<ObjectNode> keys) {
        // Answers are matched by canonical document id, so "39370" and "3.937E+4" are the same key.
        Map<String, ObjectNode> found = new HashMap<>();
        List<String> ids = new ArrayList<>(keys.size());
        Map<String, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
        for (ObjectNode k : keys) {
            String id = DocumentIds.of(k).value();
            ids.add(id);
            unique.putIfAbsent(id, DynamoJson.toItem(k));
        }
        List<Map<String, AttributeValue>> all = new ArrayList<>(unique.values());
        ObjectNode keyShape = keys.get(0);
        for (int from = 0; from < all.size(); from += MAX_KEYS) {
            readChunk(table, all.subList(from, Math.min(all.size(), from + MAX_KEYS)), keyShape, found);
        }
        List<Optional<ObjectNode>> out = new ArrayList<>(keys.size());
        for (String id : ids) {
            out.add(Optional.ofNullable(found.get(id)).map(ObjectNode::deepCopy));
        }
        return out;
    }

    private void readChunk(String table, List<Map<String, AttributeValue>> chunk, ObjectNode keyShape,
                           Map<String, ObjectNode> found) {
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse response;
            try {
                response = dynamoDb.batchGetItem(b -> b.requestItems(current));
            } catch (SdkException e) {
                throw new ItemFetchException("BatchGetItem on " + table + " failed", e);
            }
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                ObjectNode json = DynamoJson.fromItem(item);
                ObjectNode key = JsonNodeFactory.instance.objectNode();
                keyShape.fieldNames().forEachRemaining(name -> key.set(name, json.get(name)));
                found.put(DocumentIds.of(key).value(), json);
            }
            Map<String, KeysAndAttributes> unprocessed = response.unprocessedKeys();
            if (unprocessed == null || unprocessed.isEmpty()) {
                return;
            }
            long pause = 25L << round;
            if (!budget.get().canWait(pause)) {
                throw new ItemFetchException("BatchGetItem on " + table + " left keys unprocessed when the time budget ran out", null);
            }
            sleep(pause);
            request = unprocessed;
        }
        throw new ItemFetchException("BatchGetItem on " + table + " left keys unprocessed after " + MAX_ROUNDS + " rounds", null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ItemFetchException("interrupted while reading items", e);
        }
    }
}

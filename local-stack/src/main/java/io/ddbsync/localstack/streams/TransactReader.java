package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * TransactGetItems for a server that lacks it (dynalite 4): consistent GetItems under the write lock, so the items
 * are read as one snapshot that no write interleaves with.
 */
final class TransactReader {
    static final String OPERATION = "TransactGetItems";
    private static final List<String> GET_FIELDS = List.of("TableName", "Key", "ProjectionExpression",
            "ExpressionAttributeNames");

    private final DynaliteClient dynalite;
    private final Lock writeLock;

    TransactReader(DynaliteClient dynalite, Lock writeLock) {
        this.dynalite = dynalite;
        this.writeLock = writeLock;
    }

    DynaliteClient.Response read(byte[] body) {
        JsonNode items = ApiBodies.parse(body).path("TransactItems");
        if (!items.isArray() || items.isEmpty() || items.size() > TransactWriter.MAX_ITEMS) {
            throw ApiErrorException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + TransactWriter.MAX_ITEMS
                    + " and greater than or equal to 1");
        }
        ObjectNode result = ApiBodies.object();
        ArrayNode responses = result.putArray("Responses");
        writeLock.lock();
        try {
            for (JsonNode item : items) {
                JsonNode get = item.get("Get");
                if (get == null || !get.isObject()) {
                    throw ApiErrorException.validation("TransactGetItems entries must contain Get");
                }
                ObjectNode request = ApiBodies.object();
                GET_FIELDS.stream().filter(get::has).forEach(field -> request.set(field, get.get(field)));
                request.put("ConsistentRead", true);
                DynaliteClient.Response response = dynalite.call("GetItem", request);
                if (!response.ok()) {
                    return response;
                }
                ObjectNode entry = responses.addObject();
                JsonNode found = response.json().get("Item");
                if (found != null) {
                    entry.set("Item", found);
                }
            }
        } finally {
            writeLock.unlock();
        }
        return Responses.json(200, result);
    }
}

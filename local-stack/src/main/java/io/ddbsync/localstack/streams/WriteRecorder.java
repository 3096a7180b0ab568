package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Forwards the item writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) and records a
 * stream record for each item they changed in a stream-enabled table. Every item write takes one write lock;
 * under it the old images are read (consistent GetItem), the write is forwarded, and after a success the new
 * images are read; so records follow the order in which writes took effect, and failed or unprocessed writes leave
 * no record. TransactWriteItems, which the server lacks, is done by {@link TransactWriter} under the same lock.
 */
final class WriteRecorder {
    static final Set<String> OPERATIONS =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private final DynaliteClient dynalite;
    private final StreamRegistry registry;
    private final ChangeRecorder recorder;
    private final TransactWriter transactions;
    private final Lock writeLock;

    WriteRecorder(DynaliteClient dynalite, StreamRegistry registry, ChangeRecorder recorder, Lock writeLock) {
        this.dynalite = dynalite;
        this.registry = registry;
        this.recorder = recorder;
        this.transactions = new TransactWriter(dynalite, registry, recorder);
        this.writeLock = writeLock;
    }

    /** One item a write touches in a stream-enabled table. */
    private record Target(TableStream stream, ObjectNode key) {
        boolean sameItem(String table, ObjectNode otherKey) {
            return stream.table().equals(table) && key.equals(otherKey);
        }
    }

    DynaliteClient.Response write(String operation, byte[] body, Map<String, List<String>> headers) {
        ObjectNode request = ApiBodies.parse(body);
        writeLock.lock();
        try {
            if ("TransactWriteItems".equals(operation)) {
                return transactions.write(request);
            }
            Optional<List<Target>> targets = targets(operation, request);
            if (targets.isEmpty() || targets.get().isEmpty()) {
                return dynalite.forward(body, headers);
            }
            List<ObjectNode> oldImages = new ArrayList<>();
            for (Target target : targets.get()) {
                DynaliteClient.Response read = dynalite.readItem(target.stream().table(), target.key());
                if (!read.ok()) {
                    // The key does not fit the table (or the table is gone): the write fails alike, the server says why.
                    return dynalite.forward(body, headers);
                }
                oldImages.add(DynaliteClient.item(read).orElse(null));
            }
            DynaliteClient.Response response = dynalite.forward(body, headers);
            if (response.ok()) {
                List<Target> unprocessed = "BatchWriteItem".equals(operation) ? unprocessed(response.json()) : List.of();
                for (int i = 0; i < oldImages.size(); i++) {
                    Target target = targets.get().get(i);
                    if (unprocessed.stream().noneMatch(u -> u.sameItem(target.stream().table(), target.key()))) {
                        ObjectNode newImage = dynalite.getItem(target.stream().table(), target.key()).orElse(null);
                        recorder.record(target.stream(), oldImages.get(i), newImage, false);
                    }
                }
            }
            return response;
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes an item as time to live would; true when there was an item to delete. */
    boolean deleteByTtl(String table, ObjectNode key) {
        return deleteByTtl(table, key, null, 0);
    }

    /**
     * Deletes an item as time to live would; with a {@code ttlAttribute}, only if that attribute is still a number
     * below {@code nowSeconds}. True when an item was deleted.
     */
    boolean deleteByTtl(String table, ObjectNode key, String ttlAttribute, long nowSeconds) {
        writeLock.lock();
        try {
            ObjectNode oldImage = dynalite.getItem(table, key).orElse(null);
            if (oldImage == null) {
                return false;
            }
            ObjectNode request = ApiBodies.object();
            request.put("TableName", table);
            request.set("Key", key);
            if (ttlAttribute != null) {
                request.put("ConditionExpression", "#ttl < :now");
                request.putObject("ExpressionAttributeNames").put("#ttl", ttlAttribute);
                request.putObject("ExpressionAttributeValues").putObject(":now").put("N", Long.toString(nowSeconds));
            }
            DynaliteClient.Response response = dynalite.call("DeleteItem", request);
            if (!response.ok()) {
                if (ttlAttribute != null && response.json().path("__type").asText().endsWith("ConditionalCheckFailedException")) {
                    return false;
                }
                throw new StreamsEmulatorException("TTL delete of key " + key + " in table " + table + " failed: HTTP "
                        + response.status() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            Optional<TableStream> stream = registry.enabled(table);
            if (stream.isPresent()) {
                recorder.record(stream.get(), oldImage, null, true);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The items a write touches in stream-enabled tables, in request order; empty when the request is malformed
     * (the server rejects it, nothing to record).
     */
    private Optional<List<Target>> targets(String operation, ObjectNode request) {
        List<Target> targets = new ArrayList<>();
        try {
            switch (operation) {
                case "PutItem" -> add(targets, request.path("TableName").asText(), request.get("Item"));
                case "UpdateItem", "DeleteItem" -> add(targets, request.path("TableName").asText(), request.get("Key"));
                case "BatchWriteItem" -> forEachBatchEntry(request.path("RequestItems"), (table, item) -> add(targets, table, item));
                default -> throw new IllegalArgumentException("not a write operation: " + operation);
            }
        } catch (ApiErrorException malformed) {
            return Optional.empty();
        }
        return Optional.of(targets);
    }

    private List<Target> unprocessed(ObjectNode response) {
        List<Target> unprocessed = new ArrayList<>();
        forEachBatchEntry(response.path("UnprocessedItems"), (table, item) -> add(unprocessed, table, item));
        return unprocessed;
    }

    private void add(List<Target> targets, String table, JsonNode itemOrKey) {
        Optional<TableStream> stream = registry.enabled(table);
        if (stream.isPresent()) {
            if (itemOrKey == null || !itemOrKey.isObject()) {
                throw ApiErrorException.validation("no item or key for table " + table);
            }
            targets.add(new Target(stream.get(), stream.get().keyOf(itemOrKey)));
        }
    }

    private static void forEachBatchEntry(JsonNode requestItems, java.util.function.BiConsumer<String, JsonNode> action) {
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields(); tables.hasNext(); ) {
            Map.Entry<String, JsonNode> table = tables.next();
            if (!seen.add(table.getKey())) {
                continue;
            }
            for (JsonNode request : table.getValue()) {
                JsonNode put = request.path("PutRequest").get("Item");
                action.accept(table.getKey(), put != null ? put : request.path("DeleteRequest").get("Key"));
            }
        }
    }
}

package io.ddbsync.testbench.faults;

import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A seeded random write load on one table, through the standard DynamoDB client: PutItem (new and
 * replacing), UpdateItem adding and dropping attributes, DeleteItem, TTL expiries (the Streams
 * emulation's time-to-live delete), BatchWriteItem of puts and deletes, and TransactWriteItems.
 * A small set of hot items takes a large share of the changes. Same seed, same operations.
 */
final class MixedLoad {

    enum Kind { PUT_NEW, PUT_REPLACE, UPDATE_ADD, UPDATE_DROP, DELETE, TTL_EXPIRY, BATCH_WRITE, TRANSACTION }

    private static final String[] WORDS = {"검색", "동기화", "DynamoDB", "OpenSearch", "stream", "queue", "Lambda", "색인",
        "shard", "replay", "version", "tombstone", "블록", "게시글"};

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsEmulator streams;
    private final String table;
    private final Random random;
    private final int items;
    private final int hot;
    private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
    private final AtomicLong changes = new AtomicLong();
    private final int[] revisions;

    MixedLoad(DynamoDbClient dynamo, DynamoDbStreamsEmulator streams, String table, long seed, int items) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.table = table;
        this.random = new Random(seed);
        this.items = items;
        this.hot = Math.max(3, items / 20);
        this.revisions = new int[items];
        for (Kind k : Kind.values()) {
            counts.put(k, new AtomicLong());
        }
    }

    /** Item changes written so far (one per item a write touched). */
    long changes() {
        return changes.get();
    }

    Map<Kind, Long> counts() {
        Map<Kind, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Writes until {@code target} item changes were made or {@code stop} says so; {@code between} runs after each write. */
    void run(long target, java.util.function.BooleanSupplier stop, Runnable between) {
        while (changes.get() < target && !stop.getAsBoolean()) {
            step();
            between.run();
        }
    }

    /** One random write. */
    void step() {
        int dice = random.nextInt(100);
        if (dice < 18) {
            put(pick(), Kind.PUT_NEW);
        } else if (dice < 30) {
            put(pick(), Kind.PUT_REPLACE);
        } else if (dice < 55) {
            updateAdd(pick());
        } else if (dice < 65) {
            updateDrop(pick());
        } else if (dice < 75) {
            delete(pick());
        } else if (dice < 80) {
            ttlExpiry(pick());
        } else if (dice < 92) {
            batch();
        } else {
            transaction();
        }
    }

    /** A hot item 40% of the time, else any item. */
    private int pick() {
        return random.nextInt(10) < 4 ? random.nextInt(hot) : random.nextInt(items);
    }

    static String id(int n) {
        return "item-" + n;
    }

    static Map<String, AttributeValue> key(int n) {
        return Map.of("id", AttributeValue.fromS(id(n)));
    }

    private Map<String, AttributeValue> image(int n) {
        int revision = ++revisions[n];
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id(n)));
        item.put("title", AttributeValue.fromS(words(3)));
        item.put("revision", AttributeValue.fromN(Integer.toString(revision)));
        item.put("score", AttributeValue.fromN(random.nextInt(1000) + "." + random.nextInt(100)));
        item.put("blocks", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("type", AttributeValue.fromS("text"), "text", AttributeValue.fromS(words(12)))),
                AttributeValue.fromM(Map.of("type", AttributeValue.fromS("image"), "width", AttributeValue.fromN(Integer.toString(random.nextInt(2000))))))));
        if (random.nextBoolean()) {
            item.put("tags", AttributeValue.fromSs(List.of(WORDS[random.nextInt(WORDS.length)], "t" + random.nextInt(5))));
        }
        return item;
    }

    private String words(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    private void put(int n, Kind kind) {
        dynamo.putItem(b -> b.tableName(table).item(image(n)));
        counted(kind, 1);
    }

    private void updateAdd(int n) {
        int revision = ++revisions[n];
        dynamo.updateItem(b -> b.tableName(table).key(key(n))
                .updateExpression("SET revision = :r, note = :n, viewCount = if_not_exists(viewCount, :zero) + :one")
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromN(Integer.toString(revision)),
                        ":n", AttributeValue.fromS(words(4)), ":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"))));
        counted(Kind.UPDATE_ADD, 1);
    }

    private void updateDrop(int n) {
        int revision = ++revisions[n];
        dynamo.updateItem(b -> b.tableName(table).key(key(n))
                .updateExpression("SET revision = :r REMOVE note, tags")
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromN(Integer.toString(revision)))));
        counted(Kind.UPDATE_DROP, 1);
    }

    private void delete(int n) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(n)));
        counted(Kind.DELETE, 1);
    }

    /** As DynamoDB's TTL does it: the item's TTL attribute is in the past (set first), then the service deletes it. */
    private void ttlExpiry(int n) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(n)).updateExpression("SET " + ScenarioPipeline.TTL_ATTRIBUTE + " = :t")
                    .conditionExpression("attribute_exists(id)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(java.time.Instant.now().getEpochSecond() - 60)))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            put(n, Kind.PUT_NEW); // nothing to expire: the item comes back instead
            return;
        }
        if (streams.deleteByTtl(table, key(n))) {
            counted(Kind.TTL_EXPIRY, 2);
        } else {
            counted(Kind.TTL_EXPIRY, 1);
        }
    }

    private void batch() {
        Set<Integer> targets = distinct(2 + random.nextInt(9));
        List<WriteRequest> requests = new ArrayList<>();
        for (int n : targets) {
            requests.add(random.nextInt(5) == 0
                    ? WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(n)).build()).build()
                    : WriteRequest.builder().putRequest(PutRequest.builder().item(image(n)).build()).build());
        }
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 20) {
                throw new FaultSuiteException("BatchWriteItem to " + table + " left items unprocessed after 20 attempts");
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = r.hasUnprocessedItems() && !r.unprocessedItems().isEmpty() ? r.unprocessedItems() : Map.of();
        }
        counted(Kind.BATCH_WRITE, targets.size());
    }

    private void transaction() {
        Set<Integer> targets = distinct(2 + random.nextInt(3));
        List<TransactWriteItem> writes = new ArrayList<>();
        for (int n : targets) {
            int dice = random.nextInt(4);
            if (dice == 0) {
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(n))).build());
            } else if (dice == 1) {
                int revision = ++revisions[n];
                writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(n))
                        .updateExpression("SET revision = :r, note = :n")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromN(Integer.toString(revision)),
                                ":n", AttributeValue.fromS(words(2)))))
                        .build());
            } else {
                Map<String, AttributeValue> item = image(n);
                writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
            }
        }
        dynamo.transactWriteItems(b -> b.transactItems(writes));
        counted(Kind.TRANSACTION, targets.size());
    }

    private Set<Integer> distinct(int count) {
        Set<Integer> out = new HashSet<>();
        while (out.size() < Math.min(count, items)) {
            out.add(pick());
        }
        return out;
    }

    private void counted(Kind kind, int itemChanges) {
        counts.get(kind).addAndGet(itemChanges);
        changes.addAndGet(itemChanges);
    }
}

package io.ddbsync.testbench.local;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes sample posts through the standard DynamoDB client with every write API: PutItem,
 * UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems. Keeps the set of live post
 * numbers so edits and deletes target posts that exist. Thread-safe.
 */
public final class SampleWriter {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final ConcurrentSkipListSet<Integer> live = new ConcurrentSkipListSet<>();
    private final Map<Integer, AtomicInteger> revisions = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger nextNumber = new AtomicInteger(1);
    private final AtomicLong operations = new AtomicLong();

    public SampleWriter(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Posts created so far (including deleted ones). */
    public int created() {
        return nextNumber.get() - 1;
    }

    public int liveCount() {
        return live.size();
    }

    public long operations() {
        return operations.get();
    }

    /** Creates {@code count} new posts with BatchWriteItem (25 per request, unprocessed items retried). */
    public void batchInsert(int count) {
        List<WriteRequest> batch = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = nextNumber.getAndIncrement();
            numbers.add(n);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(SamplePosts.post(n, 0, clock.instant())).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                writeBatch(batch);
                live.addAll(numbers);
                numbers.forEach(x -> revisions.put(x, new AtomicInteger()));
                batch = new ArrayList<>();
                numbers = new ArrayList<>();
            }
        }
    }

    private void writeBatch(List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 20) {
                throw new LocalPipelineException("BatchWriteItem to " + table + " left items unprocessed after 20 attempts");
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(request));
            operations.incrementAndGet();
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }

    /** Creates one new post with PutItem; returns its number. */
    public int insert() {
        int n = nextNumber.getAndIncrement();
        dynamo.putItem(b -> b.tableName(table).item(SamplePosts.post(n, 0, clock.instant())));
        revisions.put(n, new AtomicInteger());
        live.add(n);
        operations.incrementAndGet();
        return n;
    }

    /** Edits post {@code n} with UpdateItem: new revision, view count and first paragraph. */
    public void edit(int n) {
        int revision = revisions.computeIfAbsent(n, x -> new AtomicInteger()).incrementAndGet();
        Map<String, AttributeValue> post = SamplePosts.post(n, revision, clock.instant());
        dynamo.updateItem(b -> b.tableName(table).key(key(n))
                .conditionExpression("attribute_exists(id)")
                .updateExpression("SET revision = :r, viewCount = :v, blocks = :b, updatedAt = :u")
                .expressionAttributeValues(Map.of(":r", post.get("revision"), ":v", post.get("viewCount"),
                        ":b", post.get("blocks"), ":u", post.get("updatedAt"))));
        operations.incrementAndGet();
    }

    /** Deletes post {@code n} with DeleteItem. */
    public void delete(int n) {
        live.remove(n);
        dynamo.deleteItem(b -> b.tableName(table).key(key(n)));
        operations.incrementAndGet();
    }

    /** One transaction: a new post, an edit of one live post (replaced with Put) and the delete of another. */
    public void transaction(Random random) {
        int created = nextNumber.getAndIncrement();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(SamplePosts.post(created, 0, clock.instant()))).build());
        Integer edited = pick(random);
        Integer deleted = pick(random);
        if (edited != null) {
            int revision = revisions.computeIfAbsent(edited, x -> new AtomicInteger()).incrementAndGet();
            items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(SamplePosts.post(edited, revision, clock.instant()))).build());
        }
        if (deleted != null && !deleted.equals(edited)) {
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(deleted))).build());
            live.remove(deleted);
        }
        dynamo.transactWriteItems(b -> b.transactItems(items));
        revisions.put(created, new AtomicInteger());
        live.add(created);
        operations.incrementAndGet();
    }

    /** One random change: mostly edits, some inserts and deletes, now and then a transaction or a batch. */
    public void randomChange(Random random) {
        int dice = random.nextInt(20);
        Integer target = pick(random);
        try {
            if (target == null || dice < 4) {
                insert();
            } else if (dice < 13) {
                edit(target);
            } else if (dice < 17) {
                delete(target);
            } else if (dice < 19) {
                transaction(random);
            } else {
                batchInsert(1 + random.nextInt(5));
            }
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            // another writer deleted the target first: nothing was written, which is a valid outcome
            operations.incrementAndGet();
        }
    }

    /** A live post, or null when none is left. */
    public Integer pick(Random random) {
        Integer[] all = live.toArray(new Integer[0]);
        return all.length == 0 ? null : all[random.nextInt(all.length)];
    }

    static Map<String, AttributeValue> key(int n) {
        return Map.of("id", AttributeValue.fromS(SamplePosts.id(n)));
    }
}

package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class LocalDynamoDbIT {
    private static final int SEGMENTS = 4;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void connect() {
        dynamoDb = LocalAws.dynamoDb(LocalDynamoDb.shared().endpoint());
    }

    @AfterAll
    static void disconnect() {
        dynamoDb.close();
    }

    @Test
    void endpoint_sharedInstance_isLoopbackHttpAndSameObject() {
        assertThat(LocalDynamoDb.shared()).isSameAs(LocalDynamoDb.shared());
        assertThat(LocalDynamoDb.shared().endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void putItem_newKey_readBackWithExactNumberText() {
        String table = createTable();

        dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "12345678901234567890.123456789")));

        Map<String, AttributeValue> read = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("a"), "sk", n("1")))).item();
        assertThat(read.get("amount").n()).isEqualTo("12345678901234567890.123456789");
    }

    @Test
    void putItem_conditionOnExistingKeyFails_throwsAndKeepsItem() {
        String table = createTable();
        dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "10")));

        assertThatThrownBy(() -> dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "20"))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        Map<String, AttributeValue> read = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("a"), "sk", n("1")))).item();
        assertThat(read.get("amount").n()).isEqualTo("10");
    }

    @Test
    void scan_fourParallelSegments_returnEveryItemExactlyOnce() throws Exception {
        String table = createTable();
        List<String> written = IntStream.range(0, 200).mapToObj(i -> "item-" + i).toList();
        for (int from = 0; from < written.size(); from += 25) {
            List<WriteRequest> batch = written.subList(from, from + 25).stream()
                    .map(pk -> WriteRequest.builder().putRequest(PutRequest.builder().item(item(pk, 1, "1")).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> unprocessed = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, batch)))
                    .unprocessedItems();
            assertThat(unprocessed).isEmpty();
        }

        ExecutorService pool = Executors.newFixedThreadPool(SEGMENTS);
        List<String> scanned = new ArrayList<>();
        List<Integer> perSegment = new ArrayList<>();
        try {
            List<Future<List<String>>> segments = IntStream.range(0, SEGMENTS).mapToObj(segment -> pool.submit(() ->
                    dynamoDb.scanPaginator(s -> s.tableName(table).segment(segment).totalSegments(SEGMENTS).limit(20))
                            .items().stream().map(i -> i.get("pk").s()).toList())).toList();
            for (Future<List<String>> segment : segments) {
                perSegment.add(segment.get().size());
                scanned.addAll(segment.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(scanned).containsExactlyInAnyOrderElementsOf(written);
        assertThat(perSegment).hasSize(SEGMENTS).allSatisfy(count -> assertThat(count).isLessThan(written.size()));
    }

    private static String createTable() {
        String table = "items-" + UUID.randomUUID();
        dynamoDb.createTable(c -> c.tableName(table)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode("PAY_PER_REQUEST"));
        // dynalite answers CreateTable while the table is CREATING and flips it on a 0 ms timer: wait, as on DynamoDB
        LocalAws.awaitActive(dynamoDb, table);
        assertThat(dynamoDb.describeTable(d -> d.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        return table;
    }

    private static Map<String, AttributeValue> item(String pk, int sk, String amount) {
        return Map.of("pk", s(pk), "sk", n(Integer.toString(sk)), "amount", n(amount));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}

package io.ddbsync.localstack.streams;

import static io.ddbsync.localstack.streams.StreamsTestSupport.item;
import static io.ddbsync.localstack.streams.StreamsTestSupport.key;
import static io.ddbsync.localstack.streams.StreamsTestSupport.n;
import static io.ddbsync.localstack.streams.StreamsTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.localstack.LocalDynamoDb;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Each write API through the standard DynamoDbClient gives the right stream records, read with DynamoDbStreamsClient. */
class StreamWritesIT {
    private static DynamoDbStreamsEmulator emulator;
    private static StreamsTestSupport support;

    @BeforeAll
    static void start() {
        emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
        support = new StreamsTestSupport(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        support.close();
        emulator.close();
    }

    @Test
    void putItem_newItem_insertRecordWithAllFields() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        long before = Instant.now().getEpochSecond();

        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "hello")));

        List<Record> records = support.records(table);
        assertThat(records).hasSize(1);
        Record record = records.get(0);
        assertThat(record.eventName()).isEqualTo(OperationType.INSERT);
        assertThat(record.eventSource()).isEqualTo("aws:dynamodb");
        assertThat(record.awsRegion()).isEqualTo("us-east-1");
        assertThat(record.eventVersion()).isEqualTo("1.1");
        assertThat(record.eventID()).matches("[0-9a-f]{32}");
        assertThat(record.userIdentity()).isNull();
        assertThat(record.dynamodb().keys()).isEqualTo(key("a", 1));
        assertThat(record.dynamodb().newImage()).isEqualTo(item("a", 1, "hello"));
        assertThat(record.dynamodb().oldImage()).isEmpty();
        assertThat(record.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(record.dynamodb().sequenceNumber()).matches("\\d{21,40}");
        assertThat(record.dynamodb().sizeBytes()).isPositive();
        assertThat(record.dynamodb().approximateCreationDateTime().getEpochSecond())
                .isBetween(before, Instant.now().getEpochSecond());
        assertThat(record.dynamodb().approximateCreationDateTime().getNano()).isZero();
    }

    @Test
    void putItem_changedItem_modifyRecordWithOldAndNewImage() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "first")));

        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "second")));

        List<Record> records = support.records(table);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY);
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("a", 1, "first"));
        assertThat(records.get(1).dynamodb().newImage()).isEqualTo(item("a", 1, "second"));
    }

    @Test
    void putItem_identicalItem_noRecord() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "same")));

        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "same")));

        assertThat(support.records(table)).extracting(Record::eventName).containsExactly(OperationType.INSERT);
    }

    @Test
    void putItem_conditionFails_noRecordAndItemKept() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "kept")));

        assertThatThrownBy(() -> support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "lost"))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(support.records(table)).hasSize(1);
        assertThat(support.dynamoDb.getItem(g -> g.tableName(table).key(key("a", 1))).item().get("title").s())
                .isEqualTo("kept");
    }

    @Test
    void updateItem_newValueThenSameValue_oneModifyOnly() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "old")));

        support.dynamoDb.updateItem(u -> u.tableName(table).key(key("a", 1))
                .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", s("new"))));
        support.dynamoDb.updateItem(u -> u.tableName(table).key(key("a", 1))
                .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", s("new"))));

        List<Record> records = support.records(table);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY);
        assertThat(records.get(1).dynamodb().oldImage().get("title")).isEqualTo(s("old"));
        assertThat(records.get(1).dynamodb().newImage().get("title")).isEqualTo(s("new"));
    }

    @Test
    void updateItem_missingItem_insertRecord() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);

        support.dynamoDb.updateItem(u -> u.tableName(table).key(key("a", 7))
                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1"))));

        List<Record> records = support.records(table);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT);
        assertThat(records.get(0).dynamodb().newImage()).isEqualTo(Map.of("pk", s("a"), "sk", n("7"), "hits", n("1")));
    }

    @Test
    void updateItem_conditionFails_noRecord() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "old")));

        assertThatThrownBy(() -> support.dynamoDb.updateItem(u -> u.tableName(table).key(key("a", 1))
                .updateExpression("SET title = :t").conditionExpression("title = :expected")
                .expressionAttributeValues(Map.of(":t", s("new"), ":expected", s("other")))))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(support.records(table)).hasSize(1);
    }

    @Test
    void deleteItem_existingItem_removeRecordWithOldImage() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "gone")));

        support.dynamoDb.deleteItem(d -> d.tableName(table).key(key("a", 1)));

        List<Record> records = support.records(table);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.REMOVE);
        assertThat(records.get(1).dynamodb().keys()).isEqualTo(key("a", 1));
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("a", 1, "gone"));
        assertThat(records.get(1).dynamodb().newImage()).isEmpty();
    }

    @Test
    void deleteItem_missingItemOrFailedCondition_noRecord() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "kept")));

        support.dynamoDb.deleteItem(d -> d.tableName(table).key(key("missing", 1)));
        assertThatThrownBy(() -> support.dynamoDb.deleteItem(d -> d.tableName(table).key(key("a", 1))
                .conditionExpression("title = :t").expressionAttributeValues(Map.of(":t", s("other")))))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(support.records(table)).extracting(Record::eventName).containsExactly(OperationType.INSERT);
    }

    @Test
    void batchWriteItem_putsAndDeletesOverTwoTables_recordsOnlyForStreamTableInRequestOrder() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        String plain = support.createTable(null);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "old")));
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("c", 3, "doomed")));

        BatchWriteItemResponse response = support.dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(
                table, List.of(
                        WriteRequest.builder().putRequest(p -> p.item(item("a", 1, "new"))).build(),
                        WriteRequest.builder().putRequest(p -> p.item(item("b", 2, "born"))).build(),
                        WriteRequest.builder().deleteRequest(d -> d.key(key("c", 3))).build(),
                        WriteRequest.builder().deleteRequest(d -> d.key(key("never", 4))).build()),
                plain, List.of(WriteRequest.builder().putRequest(p -> p.item(item("p", 1, "plain"))).build()))));

        assertThat(response.unprocessedItems()).isEmpty();
        List<Record> records = support.records(table);
        assertThat(records).extracting(Record::eventName).containsExactly(
                OperationType.INSERT, OperationType.INSERT, OperationType.MODIFY, OperationType.INSERT, OperationType.REMOVE);
        assertThat(records.get(2).dynamodb().newImage()).isEqualTo(item("a", 1, "new"));
        assertThat(records.get(3).dynamodb().newImage()).isEqualTo(item("b", 2, "born"));
        assertThat(records.get(4).dynamodb().oldImage()).isEqualTo(item("c", 3, "doomed"));
        assertThat(support.dynamoDb.describeTable(d -> d.tableName(plain)).table().latestStreamArn()).isNull();
        assertThat(support.dynamoDb.getItem(g -> g.tableName(plain).key(key("p", 1))).item()).isEqualTo(item("p", 1, "plain"));
    }

    @Test
    void transactWriteItems_putUpdateDelete_oneRecordPerChangedItem() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("u", 1, "before")));
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("d", 2, "doomed")));
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("c", 3, "checked")));

        support.dynamoDb.transactWriteItems(t -> t.transactItems(
                i -> i.put(p -> p.tableName(table).item(item("p", 4, "put"))),
                i -> i.update(u -> u.tableName(table).key(key("u", 1)).updateExpression("SET title = :t")
                        .expressionAttributeValues(Map.of(":t", s("after")))),
                i -> i.delete(d -> d.tableName(table).key(key("d", 2))),
                i -> i.conditionCheck(c -> c.tableName(table).key(key("c", 3)).conditionExpression("attribute_exists(pk)"))));

        List<Record> records = support.records(table).subList(3, support.records(table).size());
        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        assertThat(records).extracting(r -> r.dynamodb().keys()).containsExactly(key("p", 4), key("u", 1), key("d", 2));
        assertThat(records.get(1).dynamodb().newImage().get("title")).isEqualTo(s("after"));
    }

    @Test
    void transactWriteItems_conditionFails_noRecordsAndNothingWritten() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("u", 1, "before")));

        assertThatThrownBy(() -> support.dynamoDb.transactWriteItems(t -> t.transactItems(
                i -> i.put(p -> p.tableName(table).item(item("p", 4, "put"))),
                i -> i.update(u -> u.tableName(table).key(key("u", 1)).updateExpression("SET title = :t")
                        .conditionExpression("title = :expected")
                        .expressionAttributeValues(Map.of(":t", s("after"), ":expected", s("other")))))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed"));

        assertThat(support.records(table)).hasSize(1);
        assertThat(support.dynamoDb.getItem(g -> g.tableName(table).key(key("p", 4))).hasItem()).isFalse();
    }

    @Test
    void transactWriteItems_laterActionRejected_earlierActionsUndoneAndNoRecords() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("u", 1, "before")));

        assertThatThrownBy(() -> support.dynamoDb.transactWriteItems(t -> t.transactItems(
                i -> i.put(p -> p.tableName(table).item(item("u", 1, "overwritten"))),
                i -> i.put(p -> p.tableName(table).item(item("p", 2, "new"))),
                i -> i.update(u -> u.tableName(table).key(key("x", 3)).updateExpression("SET #undefined = :v")
                        .expressionAttributeValues(Map.of(":v", s("v")))))))
                .isInstanceOf(DynamoDbException.class);

        assertThat(support.records(table)).hasSize(1);
        assertThat(support.dynamoDb.getItem(g -> g.tableName(table).key(key("u", 1))).item()).isEqualTo(item("u", 1, "before"));
        assertThat(support.dynamoDb.getItem(g -> g.tableName(table).key(key("p", 2))).hasItem()).isFalse();
    }

    @Test
    void transactWriteItems_conditionOnMissingItem_evaluatedWithoutCreatingIt() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);

        support.dynamoDb.transactWriteItems(t -> t.transactItems(
                i -> i.conditionCheck(c -> c.tableName(table).key(key("ghost", 1)).conditionExpression("attribute_not_exists(pk)")),
                i -> i.put(p -> p.tableName(table).item(item("p", 2, "new")).conditionExpression("attribute_not_exists(pk)"))));

        assertThat(support.records(table)).extracting(r -> r.dynamodb().keys()).containsExactly(key("p", 2));
        assertThat(support.dynamoDb.getItem(g -> g.tableName(table).key(key("ghost", 1))).hasItem()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = StreamViewType.class, names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
    void writes_eachViewType_imagesAsTheViewTypeAsks(StreamViewType viewType) {
        String table = support.createTable(viewType);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "one")));
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "two")));
        support.dynamoDb.deleteItem(d -> d.tableName(table).key(key("a", 1)));

        List<Record> records = support.records(table);

        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.dynamodb().keys()).isEqualTo(key("a", 1));
            assertThat(r.dynamodb().streamViewType()).isEqualTo(viewType);
        });
        boolean newImages = viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
        boolean oldImages = viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
        assertThat(records).extracting(r -> r.dynamodb().newImage()).containsExactly(
                newImages ? item("a", 1, "one") : Map.of(), newImages ? item("a", 1, "two") : Map.of(), Map.of());
        assertThat(records).extracting(r -> r.dynamodb().oldImage()).containsExactly(
                Map.of(), oldImages ? item("a", 1, "one") : Map.of(), oldImages ? item("a", 1, "two") : Map.of());
    }

    @Test
    void writes_allAttributeTypes_imagesRoundTripExactly() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        Map<String, AttributeValue> item = new HashMap<>(key("a", 1));
        item.put("text", s("한국어 본문"));
        item.put("big", n("12345678901234567890.123456789"));
        item.put("flag", AttributeValue.fromBool(true));
        item.put("nothing", AttributeValue.fromNul(true));
        item.put("tags", AttributeValue.fromSs(List.of("x", "y")));
        item.put("blob", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bytes")));
        item.put("blocks", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("type", s("paragraph"), "text", s("안녕"))))));

        support.dynamoDb.putItem(p -> p.tableName(table).item(item));

        assertThat(support.records(table)).singleElement()
                .satisfies(r -> assertThat(r.dynamodb().newImage()).isEqualTo(item));
    }

    @Test
    void deleteByTtl_existingItem_removeRecordWithServiceIdentity() {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "expiring")));

        boolean deleted = emulator.deleteByTtl(table, key("a", 1));
        boolean again = emulator.deleteByTtl(table, key("a", 1));

        assertThat(deleted).isTrue();
        assertThat(again).isFalse();
        List<Record> records = support.records(table);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.REMOVE);
        assertThat(records.get(1).userIdentity().type()).isEqualTo("Service");
        assertThat(records.get(1).userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("a", 1, "expiring"));
        assertThat(support.dynamoDb.getItem(g -> g.tableName(table).key(key("a", 1))).hasItem()).isFalse();
    }
}

package io.ddbsync.localstack.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.LocalAws;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class ShardRolloverIT {

    @Test
    void rolloverShard_closesTheShardAtTheLastRecord_andTheChildHoldsTheNextOnes() {
        DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.shared();
        String table = "rollover-" + UUID.randomUUID();
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(emulator.endpoint());
             DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build()) {
            dynamo.createTable(b -> b.tableName(table)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
            put(dynamo, table, "a", "b", "c");
            String child = emulator.rolloverShard(table);
            put(dynamo, table, "d", "e");

            List<Shard> shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
            assertThat(shards).hasSize(2);
            Shard parent = shards.get(0);
            assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
            assertThat(shards.get(1).shardId()).isEqualTo(child);
            assertThat(shards.get(1).parentShardId()).isEqualTo(parent.shardId());
            assertThat(shards.get(1).sequenceNumberRange().endingSequenceNumber()).isNull();

            GetRecordsResponse fromParent = read(streams, arn, parent.shardId());
            assertThat(ids(fromParent.records())).containsExactly("a", "b", "c");
            assertThat(fromParent.nextShardIterator()).as("a closed shard read to its end has no next iterator").isNull();
            assertThat(fromParent.records().get(2).dynamodb().sequenceNumber())
                    .isEqualTo(parent.sequenceNumberRange().endingSequenceNumber());
            GetRecordsResponse fromChild = read(streams, arn, child);
            assertThat(ids(fromChild.records())).containsExactly("d", "e");
            assertThat(fromChild.nextShardIterator()).isNotNull();
        }
    }

    private static void put(DynamoDbClient dynamo, String table, String... ids) {
        for (String id : ids) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id))));
        }
    }

    private static GetRecordsResponse read(DynamoDbStreamsClient streams, String arn, String shardId) {
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(b -> b.shardIterator(iterator));
    }

    private static List<String> ids(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("id").s()).toList();
    }
}

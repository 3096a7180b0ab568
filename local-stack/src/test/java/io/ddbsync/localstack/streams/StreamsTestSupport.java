package io.ddbsync.localstack.streams;

import io.ddbsync.localstack.LocalAws;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Clients against an emulator, tables with streams, and reading a stream to its current end. */
final class StreamsTestSupport implements AutoCloseable {
    final DynamoDbClient dynamoDb;
    final DynamoDbStreamsClient streams;

    StreamsTestSupport(URI endpoint) {
        this.dynamoDb = LocalAws.dynamoDb(endpoint);
        this.streams = LocalAws.configure(DynamoDbStreamsClient.builder(), endpoint).build();
    }

    /** A new table {@code pk} (S) + {@code sk} (N) with a stream of {@code viewType}; returns its name. */
    String createTable(StreamViewType viewType) {
        String table = "t-" + UUID.randomUUID();
        dynamoDb.createTable(c -> c.tableName(table)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(viewType != null).streamViewType(viewType)));
        return table;
    }

    String streamArn(String table) {
        return dynamoDb.describeTable(d -> d.tableName(table)).table().latestStreamArn();
    }

    Shard shard(String streamArn) {
        List<Shard> shards = streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards();
        if (shards.size() != 1) {
            throw new AssertionError("expected one shard, got " + shards);
        }
        return shards.get(0);
    }

    String iterator(String streamArn, ShardIteratorType type, String sequenceNumber) {
        String shardId = shard(streamArn).shardId();
        return streams.getShardIterator(g -> g.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** Every record from {@code iterator} on, until a page comes back empty (or the shard is closed). */
    List<Record> readFrom(String iterator) {
        List<Record> records = new ArrayList<>();
        String next = iterator;
        while (next != null) {
            String current = next;
            GetRecordsResponse page = streams.getRecords(g -> g.shardIterator(current));
            records.addAll(page.records());
            if (page.records().isEmpty()) {
                break;
            }
            next = page.nextShardIterator();
        }
        return records;
    }

    /** Every record of the table's stream, from the trim horizon. */
    List<Record> records(String table) {
        return readFrom(iterator(streamArn(table), ShardIteratorType.TRIM_HORIZON, null));
    }

    static Map<String, AttributeValue> key(String pk, int sk) {
        return Map.of("pk", s(pk), "sk", n(Integer.toString(sk)));
    }

    static Map<String, AttributeValue> item(String pk, int sk, String title) {
        return Map.of("pk", s(pk), "sk", n(Integer.toString(sk)), "title", s(title));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    @Override
    public void close() {
        dynamoDb.close();
        streams.close();
    }
}

package io.ddbsync.localstack.streams;

import static io.ddbsync.localstack.streams.StreamsTestSupport.item;
import static io.ddbsync.localstack.streams.StreamsTestSupport.key;
import static io.ddbsync.localstack.streams.StreamsTestSupport.n;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.localstack.LocalDynamoDb;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The Streams API read side through the standard DynamoDbStreamsClient: streams, iterators, limits, errors, order. */
class StreamReadsIT {
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
    void describeTable_streamEnabled_showsLatestStreamArnAndSpecification() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);

        TableDescription description = support.dynamoDb.describeTable(d -> d.tableName(table)).table();

        assertThat(description.latestStreamArn())
                .matches("arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(description.latestStreamArn()).endsWith("/stream/" + description.latestStreamLabel());
        assertThat(description.streamSpecification().streamEnabled()).isTrue();
        assertThat(description.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
    }

    @Test
    void listAndDescribeStream_enabledStream_oneEnabledShardWithKeySchema() {
        String table = support.createTable(StreamViewType.KEYS_ONLY);
        String arn = support.streamArn(table);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "x")));

        List<String> listed = support.streams.listStreams(l -> l.tableName(table)).streams().stream()
                .map(s -> s.streamArn()).toList();
        StreamDescription description = support.streams.describeStream(d -> d.streamArn(arn)).streamDescription();

        assertThat(listed).containsExactly(arn);
        assertThat(support.streams.listStreams().streams()).anySatisfy(s -> assertThat(s.streamArn()).isEqualTo(arn));
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(description.streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
        assertThat(description.tableName()).isEqualTo(table);
        assertThat(description.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
        assertThat(description.shards()).singleElement().satisfies(shard -> {
            assertThat(shard.shardId()).startsWith("shardId-");
            assertThat(shard.sequenceNumberRange().startingSequenceNumber()).matches("\\d{21,40}");
            assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNull();
        });
        assertThat(description.creationRequestDateTime()).isNotNull();
    }

    @Test
    void iterators_allFourTypes_startWhereAsked() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        String arn = support.streamArn(table);
        for (int i = 1; i <= 3; i++) {
            int sk = i;
            support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", sk, "v")));
        }
        String latest = support.iterator(arn, ShardIteratorType.LATEST, null);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 4, "v")));

        List<Record> all = support.readFrom(support.iterator(arn, ShardIteratorType.TRIM_HORIZON, null));
        String second = all.get(1).dynamodb().sequenceNumber();
        List<Record> at = support.readFrom(support.iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, second));
        List<Record> after = support.readFrom(support.iterator(arn, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second));
        List<Record> fromLatest = support.readFrom(latest);

        assertThat(sortKeys(all)).containsExactly("1", "2", "3", "4");
        assertThat(sortKeys(at)).containsExactly("2", "3", "4");
        assertThat(sortKeys(after)).containsExactly("3", "4");
        assertThat(sortKeys(fromLatest)).containsExactly("4");
    }

    @Test
    void getRecords_limit_pagesThroughWithNextShardIterator() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        IntStream.rangeClosed(1, 25).forEach(i -> support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", i, "v"))));
        String iterator = support.iterator(support.streamArn(table), ShardIteratorType.TRIM_HORIZON, null);

        List<Integer> pageSizes = new ArrayList<>();
        List<Record> read = new ArrayList<>();
        GetRecordsResponse page;
        do {
            String current = iterator;
            page = support.streams.getRecords(g -> g.shardIterator(current).limit(10));
            pageSizes.add(page.records().size());
            read.addAll(page.records());
            iterator = page.nextShardIterator();
        } while (!page.records().isEmpty());

        assertThat(pageSizes).containsExactly(10, 10, 5, 0);
        assertThat(iterator).isNotNull();
        assertThat(sortKeys(read)).containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj(Integer::toString).toList());

        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 26, "v")));
        String resume = iterator;
        assertThat(sortKeys(support.streams.getRecords(g -> g.shardIterator(resume)).records())).containsExactly("26");
    }

    @Test
    void getRecords_largeItems_pageHoldsAtMostOneMegabyte() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        String body = "x".repeat(200 * 1024);
        IntStream.rangeClosed(1, 12).forEach(i -> support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", i, body))));
        String iterator = support.iterator(support.streamArn(table), ShardIteratorType.TRIM_HORIZON, null);

        List<Integer> pageSizes = new ArrayList<>();
        GetRecordsResponse page;
        do {
            String current = iterator;
            page = support.streams.getRecords(g -> g.shardIterator(current));
            pageSizes.add(page.records().size());
            assertThat(page.records().stream().mapToLong(r -> r.dynamodb().sizeBytes()).sum()).isLessThanOrEqualTo(1024 * 1024);
            iterator = page.nextShardIterator();
        } while (!page.records().isEmpty());

        assertThat(pageSizes).containsExactly(5, 5, 2, 0);
    }

    @Test
    void sequenceNumbers_manyWrites_strictlyIncreasingWithAtLeast21Digits() {
        String table = support.createTable(StreamViewType.KEYS_ONLY);
        for (int i = 0; i < 30; i++) {
            int sk = i;
            support.dynamoDb.updateItem(u -> u.tableName(table).key(key("a", sk % 3))
                    .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1"))));
        }

        List<String> sequenceNumbers = support.records(table).stream().map(r -> r.dynamodb().sequenceNumber()).toList();

        assertThat(sequenceNumbers).hasSize(30).allSatisfy(s -> assertThat(s).matches("[1-9]\\d{20,39}"));
        for (int i = 1; i < sequenceNumbers.size(); i++) {
            assertThat(new BigInteger(sequenceNumbers.get(i))).isGreaterThan(new BigInteger(sequenceNumbers.get(i - 1)));
        }
    }

    @Test
    void concurrentWriters_oneItem_recordsInTheOrderWritesTookEffect() throws Exception {
        String table = support.createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        int writers = 4;
        int writesEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        support.dynamoDb.updateItem(u -> u.tableName(table).key(key("hot", 1))
                                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1"))));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        List<Record> records = support.records(table);

        assertThat(records).hasSize(writers * writesEach);
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            assertThat(record.dynamodb().newImage().get("hits").n()).isEqualTo(Integer.toString(i + 1));
            if (i > 0) {
                assertThat(record.dynamodb().oldImage().get("hits").n()).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Test
    void updateTable_enableThenDisable_streamEndsAndShardCloses() {
        String table = support.createTable(null);
        assertThat(support.streamArn(table)).isNull();

        support.dynamoDb.updateTable(u -> u.tableName(table)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        String arn = support.streamArn(table);
        String iterator = support.iterator(arn, ShardIteratorType.TRIM_HORIZON, null);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "v")));
        support.dynamoDb.updateTable(u -> u.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 2, "not recorded")));

        GetRecordsResponse page = support.streams.getRecords(g -> g.shardIterator(iterator));
        StreamDescription description = support.streams.describeStream(d -> d.streamArn(arn)).streamDescription();

        assertThat(arn).isNotNull();
        assertThat(sortKeys(page.records())).containsExactly("1");
        assertThat(page.nextShardIterator()).isNull();
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(description.shards().get(0).sequenceNumberRange().endingSequenceNumber()).matches("\\d{21,40}");
        assertThat(support.streamArn(table)).isNull();
    }

    @Test
    void deleteTable_streamEnabled_streamDisabledAndNewTableGetsNewStream() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        String first = support.streamArn(table);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "v")));

        support.dynamoDb.deleteTable(d -> d.tableName(table));

        assertThat(support.streams.describeStream(d -> d.streamArn(first)).streamDescription().streamStatus())
                .isEqualTo(StreamStatus.DISABLED);
        assertThat(support.readFrom(support.iterator(first, ShardIteratorType.TRIM_HORIZON, null))).hasSize(1);
    }

    @Test
    void errors_unknownStreamShardIteratorOrLimit_awsErrorTypes() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        String arn = support.streamArn(table);
        String shardId = support.shard(arn).shardId();
        String iterator = support.iterator(arn, ShardIteratorType.TRIM_HORIZON, null);

        assertThatThrownBy(() -> support.streams.describeStream(d -> d.streamArn(arn + "x")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> support.streams.getShardIterator(g -> g.streamArn(arn).shardId(shardId + "x")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> support.streams.getShardIterator(g -> g.streamArn(arn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> support.streams.getRecords(g -> g.shardIterator("not-an-iterator")))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> support.streams.getRecords(g -> g.shardIterator(iterator).limit(1001)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(support.streams.getRecords(g -> g.shardIterator(iterator).limit(1000)).records()).isEmpty();
    }

    private static List<String> sortKeys(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("sk").n()).toList();
    }
}

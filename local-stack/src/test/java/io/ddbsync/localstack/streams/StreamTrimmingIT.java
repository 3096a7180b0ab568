package io.ddbsync.localstack.streams;

import static io.ddbsync.localstack.streams.StreamsTestSupport.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.localstack.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/** Retention (24 h, or shorter for a test) and iterator expiry (15 min) on an emulator whose clock the test moves. */
class StreamTrimmingIT {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private MutableClock clock;
    private DynamoDbStreamsEmulator emulator;
    private StreamsTestSupport support;

    @BeforeEach
    void start() {
        clock = new MutableClock(START);
        emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint(), clock);
        support = new StreamsTestSupport(emulator.endpoint());
    }

    @AfterEach
    void stop() {
        support.close();
        emulator.close();
    }

    @Test
    void getRecords_recordsOlderThan24Hours_trimmed() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        String arn = support.streamArn(table);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("old", 1, "v")));
        clock.advance(Duration.ofHours(23).plusMinutes(50));
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("young", 2, "v")));
        String oldSequenceNumber = support.records(table).get(0).dynamodb().sequenceNumber();
        String beforeTrim = support.iterator(arn, ShardIteratorType.TRIM_HORIZON, null);

        clock.advance(Duration.ofMinutes(11));

        List<Record> records = support.records(table);
        assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("young");
        assertThat(records.get(0).dynamodb().approximateCreationDateTime()).isEqualTo(START.plus(Duration.ofHours(23).plusMinutes(50)));
        assertThatThrownBy(() -> support.streams.getRecords(g -> g.shardIterator(beforeTrim)))
                .isInstanceOf(TrimmedDataAccessException.class);
        assertThatThrownBy(() -> support.iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, oldSequenceNumber))
                .isInstanceOf(TrimmedDataAccessException.class);
        assertThat(support.shard(arn).sequenceNumberRange().startingSequenceNumber())
                .isGreaterThan(oldSequenceNumber);
    }

    @Test
    void getRecords_shortenedRetention_recordsOlderThanItTrimmedAsDynamoDbTrims() {
        MutableClock shortClock = new MutableClock(START);
        try (DynamoDbStreamsEmulator shortLived = DynamoDbStreamsEmulator.builder(LocalDynamoDb.shared().endpoint())
                .clock(shortClock).retention(Duration.ofMinutes(2)).start();
             StreamsTestSupport shortSupport = new StreamsTestSupport(shortLived.endpoint())) {
            String table = shortSupport.createTable(StreamViewType.NEW_IMAGE);
            String arn = shortSupport.streamArn(table);
            shortSupport.dynamoDb.putItem(p -> p.tableName(table).item(item("old", 1, "v")));
            String beforeTrim = shortSupport.iterator(arn, ShardIteratorType.TRIM_HORIZON, null);
            String oldSequenceNumber = shortSupport.records(table).get(0).dynamodb().sequenceNumber();
            shortClock.advance(Duration.ofSeconds(90));
            shortSupport.dynamoDb.putItem(p -> p.tableName(table).item(item("young", 2, "v")));

            shortClock.advance(Duration.ofSeconds(31));

            assertThat(shortLived.retention()).isEqualTo(Duration.ofMinutes(2));
            assertThat(shortSupport.records(table)).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("young");
            assertThatThrownBy(() -> shortSupport.streams.getRecords(g -> g.shardIterator(beforeTrim)))
                    .isInstanceOf(TrimmedDataAccessException.class);
            assertThatThrownBy(() -> shortSupport.iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, oldSequenceNumber))
                    .isInstanceOf(TrimmedDataAccessException.class);
            assertThat(emulator.retention()).as("the default").isEqualTo(Duration.ofHours(24));
        }
    }

    @Test
    void builder_retentionOutside1SecondTo24Hours_refusedNamingIt() {
        DynamoDbStreamsEmulator.Builder builder = DynamoDbStreamsEmulator.builder(LocalDynamoDb.shared().endpoint());

        assertThatThrownBy(() -> builder.retention(Duration.ofMillis(999)))
                .isInstanceOf(StreamsEmulatorException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> builder.retention(Duration.ofHours(24).plusSeconds(1)))
                .isInstanceOf(StreamsEmulatorException.class).hasMessageContaining("retention");
    }

    @Test
    void getRecords_iteratorOlderThan15Minutes_expired() {
        String table = support.createTable(StreamViewType.NEW_IMAGE);
        support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "v")));
        String iterator = support.iterator(support.streamArn(table), ShardIteratorType.TRIM_HORIZON, null);

        clock.advance(Duration.ofMinutes(14));
        String next = support.streams.getRecords(g -> g.shardIterator(iterator)).nextShardIterator();
        clock.advance(Duration.ofMinutes(2));

        assertThatThrownBy(() -> support.streams.getRecords(g -> g.shardIterator(iterator)))
                .isInstanceOf(ExpiredIteratorException.class);
        assertThat(support.streams.getRecords(g -> g.shardIterator(next)).records()).isEmpty();
    }
}

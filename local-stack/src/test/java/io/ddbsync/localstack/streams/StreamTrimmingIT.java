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

/** Retention (24 h) and iterator expiry (15 min) on an emulator whose clock the test moves. */
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

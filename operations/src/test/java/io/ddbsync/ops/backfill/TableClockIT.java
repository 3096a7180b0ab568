package io.ddbsync.ops.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class TableClockIT {

    private static DynamoDbClient dynamo;
    private static String table;

    @BeforeAll
    static void createTable() {
        dynamo = LocalAws.dynamoDb(DynamoDbStreamsEmulator.shared().endpoint());
        table = "table-clock-" + UUID.randomUUID();
        dynamo.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    @Test
    void of_hostClockMinutesAhead_isCorrectedToTheServiceTime() {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        Instant corrected = TableClock.of(dynamo, table, ahead).instant();
        assertThat(Duration.between(Instant.now(), corrected).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void of_hostClockFarBehind_isCorrectedToTheServiceTime() {
        Clock behind = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        Instant corrected = TableClock.of(dynamo, table, behind).instant();
        assertThat(Duration.between(Instant.now(), corrected).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void of_hostClockRight_isKeptAsIs() {
        Clock host = Clock.systemUTC();
        assertThat(TableClock.of(dynamo, table, host)).isSameAs(host);
    }

    @Test
    void parse_httpDate_andGarbage() {
        assertThat(TableClock.parse("Mon, 30 Nov 2026 17:00:00 GMT")).hasValue(Instant.parse("2026-11-30T17:00:00Z"));
        assertThat(TableClock.parse("yesterday")).isEmpty();
    }
}

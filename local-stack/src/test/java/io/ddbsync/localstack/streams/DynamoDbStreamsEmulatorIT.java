package io.ddbsync.localstack.streams;

import static io.ddbsync.localstack.streams.StreamsTestSupport.item;
import static io.ddbsync.localstack.streams.StreamsTestSupport.key;
import static io.ddbsync.localstack.streams.StreamsTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The proxy as a whole: lifecycle, calls passed through, and the transactional reads dynalite lacks. */
class DynamoDbStreamsEmulatorIT {
    @Test
    void shared_calledTwice_sameInstanceThatCloseDoesNotStop() {
        DynamoDbStreamsEmulator shared = DynamoDbStreamsEmulator.shared();
        shared.close();

        assertThat(DynamoDbStreamsEmulator.shared()).isSameAs(shared);
        assertThat(shared.dynamoDbEndpoint()).isEqualTo(LocalDynamoDb.shared().endpoint());
        try (StreamsTestSupport support = new StreamsTestSupport(shared.endpoint())) {
            String table = support.createTable(StreamViewType.KEYS_ONLY);
            support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "v")));
            assertThat(support.records(table)).hasSize(1);
        }
    }

    @Test
    void createTable_manyInARow_eachActiveWhenAnsweredAndWritableAtOnce() {
        // dynalite answers CreateTable while the table is CREATING and refuses item calls until a timer flips it;
        // the emulator answers only once the table is ACTIVE, so a write right after never sees ResourceNotFound.
        try (StreamsTestSupport support = new StreamsTestSupport(DynamoDbStreamsEmulator.shared().endpoint())) {
            for (int i = 0; i < 20; i++) {
                String table = support.createTable(i % 2 == 0 ? StreamViewType.NEW_AND_OLD_IMAGES : null);
                assertThat(support.dynamoDb.describeTable(d -> d.tableName(table)).table().tableStatus())
                        .isEqualTo(TableStatus.ACTIVE);
                support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "v")));
            }
        }
    }

    @Test
    void close_privateInstance_portClosedAndNoThreadKeepsTheJvmAlive() {
        DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
        assertThat(emulator.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("HTTP-Dispatcher"))
                .isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

        emulator.close();
        emulator.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", emulator.endpoint().getPort()).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void unreachableServer_anyCall_internalServerError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(URI.create("http://127.0.0.1:" + closedPort));
                DynamoDbClient dynamoDb = LocalAws.configure(DynamoDbClient.builder(), emulator.endpoint())
                        .overrideConfiguration(o -> o.retryStrategy(
                                AwsRetryStrategy.doNotRetry()))
                        .build()) {
            assertThatThrownBy(() -> dynamoDb.listTables())
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
                    });
        }
    }

    @Test
    void otherCalls_queryScanListTablesAndErrors_passedThroughUnchanged() {
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
                StreamsTestSupport support = new StreamsTestSupport(emulator.endpoint())) {
            String table = support.createTable(StreamViewType.NEW_IMAGE);
            support.dynamoDb.putItem(p -> p.tableName(table).item(item("q", 1, "one")));
            support.dynamoDb.putItem(p -> p.tableName(table).item(item("q", 2, "two")));

            assertThat(support.dynamoDb.query(q -> q.tableName(table).keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s("q")))).items())
                    .containsExactly(item("q", 1, "one"), item("q", 2, "two"));
            assertThat(support.dynamoDb.scan(sc -> sc.tableName(table)).count()).isEqualTo(2);
            assertThat(support.dynamoDb.listTables().tableNames()).contains(table);
            assertThatThrownBy(() -> support.dynamoDb.getItem(g -> g.tableName("no-such-table").key(key("a", 1))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void transactGetItems_presentAndMissingItems_responsesInRequestOrder() {
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
                StreamsTestSupport support = new StreamsTestSupport(emulator.endpoint())) {
            String table = support.createTable(null);
            support.dynamoDb.putItem(p -> p.tableName(table).item(item("a", 1, "one")));

            List<ItemResponse> responses = support.dynamoDb.transactGetItems(t -> t.transactItems(
                    i -> i.get(g -> g.tableName(table).key(key("missing", 9))),
                    i -> i.get(g -> g.tableName(table).key(key("a", 1)).projectionExpression("#t")
                            .expressionAttributeNames(Map.of("#t", "title"))))).responses();

            assertThat(responses).extracting(ItemResponse::item)
                    .containsExactly(Map.of(), Map.of("title", s("one")));
        }
    }
}

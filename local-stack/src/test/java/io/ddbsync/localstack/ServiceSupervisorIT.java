package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The supervisor against a real dynalite (the cheapest of the process-backed services; OpenSearch's restart is the
 * fault suite's {@code search-kill} scenario): a killed process is reported and started again on the same endpoint,
 * with the tables of its data directory; a stopped one (SIGSTOP) is reported as not answering, and as answering again.
 */
class ServiceSupervisorIT {

    @Test
    void supervisor_killedService_reportedAndRestartedOnSameEndpointWithItsData(@TempDir Path data) throws Exception {
        try (LocalDynamoDb dynalite = LocalDynamoDb.startWithDataDir(data.resolve("dynamodb"));
             ServiceSupervisor supervisor = ServiceSupervisor.start(List.of(dynalite), Clock.systemUTC());
             DynamoDbClient client = LocalAws.dynamoDb(dynalite.endpoint())) {
            createTable(client, "Kept");
            client.putItem(b -> b.tableName("Kept").item(Map.of("id", AttributeValue.fromS("k1"))));
            var endpoint = dynalite.endpoint();

            long killed = dynalite.kill();
            await(() -> supervisor.health().get(0).state() != ServiceSupervisor.State.UP || dynalite.restarts() > 0);
            await(() -> dynalite.restarts() == 1 && supervisor.health().get(0).state() == ServiceSupervisor.State.UP);

            ServiceSupervisor.Health health = supervisor.health().get(0);
            assertThat(health.service()).isEqualTo("dynamodb");
            assertThat(health.restarts()).isEqualTo(1);
            assertThat(health.detail()).contains("killed by signal 9 (exit 137)").contains("back after");
            assertThat(dynalite.pid()).isNotEqualTo(killed);
            assertThat(dynalite.endpoint()).isEqualTo(endpoint);
            assertThat(client.getItem(b -> b.tableName("Kept").key(Map.of("id", AttributeValue.fromS("k1")))).item())
                    .containsEntry("id", AttributeValue.fromS("k1"));
        }
    }

    @Test
    void supervisor_stoppedProcess_reportedNotAnsweringThenAnsweringAgain() throws Exception {
        try (LocalDynamoDb dynalite = LocalDynamoDb.start();
             ServiceSupervisor supervisor = ServiceSupervisor.start(List.of(dynalite), Clock.systemUTC())) {
            dynalite.freeze();
            try {
                await(() -> supervisor.health().get(0).state() == ServiceSupervisor.State.NOT_ANSWERING);
                assertThat(supervisor.health().get(0).state()).isEqualTo(ServiceSupervisor.State.NOT_ANSWERING);
                assertThat(supervisor.health().get(0).detail()).contains("no answer within");
            } finally {
                dynalite.thaw();
            }
            await(() -> supervisor.health().get(0).state() == ServiceSupervisor.State.UP);
            assertThat(supervisor.health().get(0).state()).isEqualTo(ServiceSupervisor.State.UP);
            assertThat(supervisor.health().get(0).detail()).contains("answering again");
            assertThat(dynalite.restarts()).isZero();
        }
    }

    private static void createTable(DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST"));
        LocalAws.awaitActive(client, table);
    }

    /** Bounded wait; the assertions after it say what was expected. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}

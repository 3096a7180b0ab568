package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.FailingUpdatesDynamoDb;
import io.ddbsync.worker.support.FaultInjectingProxy;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.Tables;
import io.ddbsync.model.wire.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * Edges issue, point 5: every OpenSearch and DynamoDB call is bounded by the invocation's remaining
 * time, and an idempotency record stranded IN_PROGRESS (a killed invocation, a failed save of the
 * success) does not hold the next delivery back for the record's hour.
 */
class TimeBoundsIT {

    @Test
    void handleRequest_openSearchSlowerThanRemainingTime_failsBeforeDeadlineAndNextDeliveryProcesses() throws Exception {
        Fixture f = new Fixture("Slow").reserveMillis(2_000);
        Changes c = f.changes();
        String body = c.body(List.of(c.put(Op.INSERT, "slow", 1)));
        long deadlineMillis = 6_000;
        SQSBatchResponse response;
        long elapsed;
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(), id -> false, 0)
                .delayResponses(15_000)) {
            var handler = f.openSearch(SearchTargetFactory.plain(proxy.endpoint())).handler();
            long start = System.currentTimeMillis();
            response = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(body)), LambdaContext.deadlineIn("index-worker", deadlineMillis));
            elapsed = System.currentTimeMillis() - start;
            assertThat(proxy.delayed()).isPositive();
        }

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(elapsed).isLessThan(deadlineMillis);
        SQSBatchResponse next = f.openSearch(Fixture.openSearch()).handler()
                .handleRequest(LambdaSqsEvents.fromBodies(List.of(body)), LambdaContext.of("index-worker", () -> 600_000));
        assertThat(next.getBatchItemFailures()).isEmpty();
        assertThat(f.searchIndex().searchAll()).containsKey(Changes.docId("slow"));
    }

    @Test
    void handleRequest_recordLeftInProgressByKilledInvocation_nextDeliveryProcesses() throws Exception {
        Fixture f = new Fixture("Killed");
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        f.idempotencyTable(idempotencyTable);
        Changes c = f.changes();
        String body = c.body(List.of(c.put(Op.INSERT, "killed", 1)));
        var handler = f.handler();
        // What an invocation killed mid-message leaves: Powertools' own IN_PROGRESS record, its deadline passed.
        DynamoDBPersistenceStore store = DynamoDBPersistenceStore.builder().withTableName(idempotencyTable)
                .withDynamoDbClient(Fixture.dynamoDb()).build();
        store.configure(IdempotencyConfig.builder().withExpiration(Duration.ofHours(1)).build(), "guarded");
        store.saveInProgress(TextNode.valueOf(WireCodec.decode(body).id()), Instant.now(), OptionalInt.of(1));
        Thread.sleep(50);

        SQSBatchResponse response = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(body)), LambdaContext.of("index-worker", () -> 600_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(f.searchIndex().searchAll()).containsKey(Changes.docId("killed"));
        assertThat(Fixture.dynamoDb().scan(b -> b.tableName(idempotencyTable)).items())
                .singleElement().satisfies(r -> assertThat(r.get("status").s()).isEqualTo("COMPLETED"));
    }

    @Test
    void handleRequest_saveSuccessFailed_nextDeliveryProcessesInsteadOfWaitingAnHour() {
        Fixture f = new Fixture("SaveFail");
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        FailingUpdatesDynamoDb dynamoDb = new FailingUpdatesDynamoDb(Fixture.dynamoDb());
        f.idempotencyTable(idempotencyTable).dynamoDb(dynamoDb);
        Changes c = f.changes();
        String body = c.body(List.of(c.put(Op.INSERT, "saved", 1)));
        var handler = f.handler();
        dynamoDb.failNextUpdates(1);

        SQSBatchResponse first = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(body)), LambdaContext.of("index-worker", () -> 600_000));
        SQSBatchResponse second = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(body)), LambdaContext.of("index-worker", () -> 600_000));

        assertThat(dynamoDb.injected()).isEqualTo(1);
        assertThat(first.getBatchItemFailures()).hasSize(1);
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(1);
        assertThat(f.searchIndex().searchAll()).containsKey(Changes.docId("saved"));
    }
}

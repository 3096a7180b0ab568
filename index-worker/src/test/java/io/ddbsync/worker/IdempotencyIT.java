package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.LocalQueue;
import io.ddbsync.worker.support.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tests 8 and 9: Powertools idempotency (dynalite) skips duplicates and never leaves a record in progress. */
class IdempotencyIT {

    private static List<Map<String, AttributeValue>> idempotencyRecords(String table) {
        return Fixture.dynamoDb().scan(b -> b.tableName(table).consistentRead(true)).items();
    }

    @Test
    void handleRequest_sameMessageDeliveredTwice_secondSkippedAndIndexUnchanged() {
        Fixture f = new Fixture("Idem");
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        f.idempotencyTable(idempotencyTable);
        Changes changes = f.changes();
        String body = changes.body(List.of(changes.put(Op.INSERT, "p1", 1), changes.put(Op.INSERT, "p2", 1)));
        var handler = f.handler();

        try (LocalQueue queue = new LocalQueue("idem-" + f.index)) {
            queue.send(List.of(body));
            LambdaSqsEvents.Delivered first = queue.receive(1, 60).get(0);
            SQSBatchResponse r1 = handler.handleRequest(LambdaSqsEvents.event(List.of(first)), LambdaContext.of("index-worker", () -> 600_000));
            assertThat(r1.getBatchItemFailures()).isEmpty();
            Map<String, ObjectNode> before = f.searchIndex().allIncludingTombstones();
            queue.release(first);
            LambdaSqsEvents.Delivered again = queue.receive(1, 60).get(0);
            assertThat(again.messageId()).isEqualTo(first.messageId());

            SQSBatchResponse r2 = handler.handleRequest(LambdaSqsEvents.event(List.of(again)), LambdaContext.of("index-worker", () -> 600_000));

            assertThat(r2.getBatchItemFailures()).isEmpty();
            assertThat(f.metrics.sum(WorkerMetricNames.DUPLICATE_MESSAGES_SKIPPED)).isEqualTo(1);
            assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED)).isEqualTo(2);
            assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isZero();
            assertThat(f.searchIndex().allIncludingTombstones()).isEqualTo(before).hasSize(2);
        }
        assertThat(idempotencyRecords(idempotencyTable)).singleElement()
                .satisfies(r -> assertThat(r.get("status").s()).isEqualTo("COMPLETED"));
    }

    @Test
    void handleRequest_littleRemainingTime_unstartedMessagesFailedAndNoRecordInProgress() {
        Fixture f = new Fixture("Deadline").parallelism(1).reserveMillis(10_000);
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        f.idempotencyTable(idempotencyTable);
        Changes changes = f.changes();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(changes.body(List.of(changes.put(Op.INSERT, "m" + i, 1))));
        }
        var event = LambdaSqsEvents.fromBodies(bodies);
        // The time left drops below the 10 s reserve once four messages are done: the budget runs out part-way.
        LambdaContext shrinking = LambdaContext.of("index-worker", () -> f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED) >= 4 ? 9_000 : 60_000);

        SQSBatchResponse response = f.handler().handleRequest(event, shrinking);

        List<String> failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        List<String> ids = event.getRecords().stream().map(m -> m.getMessageId()).toList();
        assertThat(failed).hasSize(6);
        assertThat(failed).as("only a suffix of the batch is left unstarted")
                .containsExactlyElementsOf(ids.subList(10 - failed.size(), 10));
        int done = 10 - failed.size();
        Map<String, ObjectNode> docs = f.searchIndex().searchAll();
        assertThat(docs).hasSize(done);
        for (int i = 0; i < done; i++) {
            assertThat(docs).containsKey(Changes.docId("m" + i));
        }
        assertThat(f.logLines()).filteredOn(l -> l.contains("message not started")).hasSize(failed.size());
        assertThat(idempotencyRecords(idempotencyTable)).hasSize(done)
                .allSatisfy(r -> assertThat(r.get("status").s()).isEqualTo("COMPLETED"));
    }

    @Test
    void handleRequest_noTimeLeft_nothingStartedAndNoRecordWritten() {
        Fixture f = new Fixture("NoTime").reserveMillis(10_000);
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        f.idempotencyTable(idempotencyTable);
        Changes changes = f.changes();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bodies.add(changes.body(List.of(changes.put(Op.INSERT, "n" + i, 1))));
        }

        SQSBatchResponse response = f.handler().handleRequest(LambdaSqsEvents.fromBodies(bodies), LambdaContext.of("index-worker", () -> 9_000));

        assertThat(response.getBatchItemFailures()).hasSize(5);
        assertThat(idempotencyRecords(idempotencyTable)).isEmpty();
    }
}

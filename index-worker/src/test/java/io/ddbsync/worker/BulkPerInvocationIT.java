package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.esm.LambdaContext;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's lever "one {@code _bulk} per invocation": with {@code BULK_PER_INVOCATION=on} the ten messages of a batch
 * send their writes to OpenSearch together, and each still gets its own version guard and outcome — a document two
 * messages of the batch change ends at the newer change, whichever request order OpenSearch applied. Off, each message
 * sends its own request (the count that proves the gather fired).
 */
class BulkPerInvocationIT {

    private static final int MESSAGES = 10;
    private static final int PER_MESSAGE = 20;

    /** Ten messages of new documents; message i also changes document shared-i/2 (rev i), so pairs race in one batch. */
    private static List<String> batch(Changes c) {
        List<String> bodies = new ArrayList<>();
        for (int m = 0; m < MESSAGES; m++) {
            List<ChangeRecord> records = new ArrayList<>();
            for (int i = 0; i < PER_MESSAGE; i++) {
                records.add(c.put(Op.INSERT, "m" + m + "-" + i, 1));
            }
            records.add(c.put(Op.MODIFY, "shared-" + m / 2, m + 1));
            bodies.add(c.body(records));
        }
        return bodies;
    }

    private static long run(WorkerParts.Switch choice) {
        Fixture f = new Fixture("Gather" + choice).bulkPerInvocation(choice);
        Changes c = f.changes();
        SQSBatchResponse response = f.handler().handleRequest(LambdaSqsEvents.fromBodies(batch(c)),
                LambdaContext.deadlineIn("index-worker", 90_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, ObjectNode> docs = f.searchIndex().searchAll();
        assertThat(docs).hasSize(MESSAGES * PER_MESSAGE + MESSAGES / 2);
        for (int s = 0; s < MESSAGES / 2; s++) {
            // messages 2s and 2s+1 change shared-s; the later change (rev 2s+2) wins in either request order
            assertThat(docs.get(Changes.docId("shared-" + s)).get("rev").asInt()).as("shared-" + s).isEqualTo(2 * s + 2);
        }
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED) + f.metrics.sum(WorkerMetricNames.STALE_SKIPPED))
                .isEqualTo(MESSAGES * (PER_MESSAGE + 1));
        return f.metrics.sum(WorkerMetricNames.BULK_REQUESTS);
    }

    @Test
    void handleRequest_bulkPerInvocationOn_batchSharesItsRequestsAndEveryGuardHolds() {
        long gathered = run(WorkerParts.Switch.ON);
        long perMessage = run(WorkerParts.Switch.OFF);

        assertThat(perMessage).isGreaterThanOrEqualTo(MESSAGES);
        assertThat(gathered).isPositive().isLessThan(perMessage);
        System.out.printf("_bulk requests for a batch of %d messages: %d per message, %d gathered%n", MESSAGES, perMessage, gathered);
    }
}

package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Edges issue, point 2: two tables whose default index names collide ({@code Posts} and
 * {@code posts} both → {@code posts}) never share a document silently. The landed worker counted
 * the second table's INSERT stale and reported success; now it fails the message naming both tables.
 */
class TableIdentityIT {

    @Test
    void handleRequest_sameKeyFromTwoTablesIntoOneIndex_secondFailsAndFirstDocumentStays() {
        Fixture f = new Fixture("Collide");
        Changes lower = new Changes(f.table.toLowerCase(Locale.ROOT));
        Changes upper = new Changes(f.table.toUpperCase(Locale.ROOT));
        var handler = f.handler();

        SQSBatchResponse first = handler.handleRequest(LambdaSqsEvents.fromBodies(
                List.of(lower.body(List.of(lower.put(Op.INSERT, "1", 1))))), LambdaContext.of("index-worker", () -> 600_000));
        upper.put(Op.INSERT, "x", 1);
        SQSBatchResponse second = handler.handleRequest(LambdaSqsEvents.fromBodies(
                List.of(upper.body(List.of(upper.put(Op.INSERT, "1", 2))))), LambdaContext.of("index-worker", () -> 600_000));

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).hasSize(1);
        var doc = f.searchIndex().get(Changes.docId("1")).orElseThrow();
        assertThat(doc.at("/ddbsync/table").asText()).isEqualTo(lower.table());
        assertThat(doc.get("rev").asInt()).isEqualTo(1);
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isZero();
        assertThat(f.metrics.sum(WorkerMetricNames.RECORDS_FAILED)).isEqualTo(1);
        assertThat(f.logLines()).anySatisfy(line -> assertThat(line)
                .contains(VersionedBulkWriter.TABLE_CONFLICT)
                .contains(lower.table()).contains(upper.table()).contains("INDEX_MAP"));
    }
}

package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.FaultInjectingProxy;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.Tables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edges issue, point 4: a message of keys-only fetch records of large items (the forwarder packs
 * ~2,000 of them into one 256 KiB message) must not become one unbounded {@code _bulk}. The proxy
 * answers 413 above 10 MiB, as Amazon OpenSearch Service does on instance types with a 10 MiB HTTP
 * payload limit; the landed worker sent all items in one request and dead-lettered the message.
 */
class BoundedBulkIT {

    private static final int ITEMS = 60;
    private static final int ITEM_BYTES = 300 * 1024;
    private static final int PAYLOAD_LIMIT = 10 * 1024 * 1024;

    private static List<ChangeRecord> largeItemsAsFetchRecords(Fixture f) {
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Changes c = f.changes();
        List<ChangeRecord> fetches = new ArrayList<>();
        String filler = "x".repeat(ITEM_BYTES);
        for (int i = 0; i < ITEMS; i++) {
            ObjectNode item = Changes.image("big-" + i, 1);
            item.putObject("body").put("S", filler);
            Fixture.dynamoDb().putItem(b -> b.tableName(f.table).item(DynamoJson.toItem(item)));
            fetches.add(c.fetch("big-" + i));
        }
        return fetches;
    }

    @Test
    void handleRequest_fetchRecordsOfLargeItemsBehindPayloadLimit_bulksStayUnderTheBound() throws Exception {
        Fixture f = new Fixture("Bounded").maxBulkBytes(4 * 1024 * 1024);
        List<ChangeRecord> fetches = largeItemsAsFetchRecords(f);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(), id -> false, 0)
                .rejectBodiesOver(PAYLOAD_LIMIT)) {
            var handler = f.openSearch(SearchTargetFactory.plain(proxy.endpoint())).handler();

            List<String> failed = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(f.changes().body(fetches))),
                    LambdaContext.deadlineIn("index-worker", 90_000)).getBatchItemFailures().stream().map(x -> x.getItemIdentifier()).toList();

            assertThat(failed).isEmpty();
            assertThat(proxy.rejectedTooLarge()).isZero();
            assertThat(proxy.largestForwardedBulk()).isPositive().isLessThanOrEqualTo(4 * 1024 * 1024 + ITEM_BYTES + 1024);
        }
        assertThat(f.searchIndex().searchCount()).isEqualTo(ITEMS);
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED)).isEqualTo(ITEMS);
    }

    @Test
    void handleRequest_bulkBoundAboveClusterLimit_413SplitsInsteadOfFailing() throws Exception {
        Fixture f = new Fixture("Split").maxBulkBytes(64 * 1024 * 1024);
        List<ChangeRecord> fetches = largeItemsAsFetchRecords(f);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(), id -> false, 0)
                .rejectBodiesOver(PAYLOAD_LIMIT / 4)) {
            var handler = f.openSearch(SearchTargetFactory.plain(proxy.endpoint())).handler();

            List<String> failed = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(f.changes().body(fetches))),
                    LambdaContext.deadlineIn("index-worker", 90_000)).getBatchItemFailures().stream().map(x -> x.getItemIdentifier()).toList();

            assertThat(failed).isEmpty();
            assertThat(proxy.rejectedTooLarge()).isPositive();
            assertThat(f.metrics.sum(WorkerMetricNames.BULK_SPLITS)).isPositive();
        }
        assertThat(f.searchIndex().searchCount()).isEqualTo(ITEMS);
    }
}

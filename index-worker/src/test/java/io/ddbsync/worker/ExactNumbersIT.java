package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.FaultInjectingProxy;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.Tables;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edges issue, point 1: every N keeps its exact value and digits in {@code _source} on every path
 * (insert, update, tombstone then re-insert, backfill, redrive, fetch). The landed scripted upsert
 * rebuilt {@code _source} from script params, which OpenSearch parses into {@code Double}.
 */
class ExactNumbersIT {

    private static final String TOTAL = "98765432109876543210.0123456789";
    private static final String AMOUNT = "12345678901234567.5";

    private static ObjectNode image(String id, int rev) {
        ObjectNode image = Changes.image(id, rev);
        image.putObject("total").put("N", TOTAL);
        image.putObject("amount").put("N", AMOUNT);
        image.putObject("nested").putObject("M").putObject("tiny").put("N", "0.000000000000000000000000000001");
        return image;
    }

    private static void assertExact(Fixture f, String id) {
        ObjectNode doc = f.searchIndex().get(Changes.docId(id)).orElseThrow();
        assertThat(doc.at("/ddbsync/deleted").asBoolean()).as(id).isFalse();
        assertThat(doc.get("total").decimalValue()).as(id).isEqualTo(new BigDecimal(TOTAL));
        assertThat(doc.get("amount").decimalValue()).as(id).isEqualTo(new BigDecimal(AMOUNT));
        assertThat(doc.at("/nested/tiny").decimalValue()).as(id).isEqualTo(new BigDecimal("0.000000000000000000000000000001"));
    }

    @Test
    void handleRequest_insertUpdateReinsertBackfillFetch_sourceKeepsEveryDigit() {
        Fixture f = new Fixture("Exact");
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Fixture.dynamoDb().putItem(b -> b.tableName(f.table).item(DynamoJson.toItem(image("fetched", 3))));
        Changes c = f.changes();
        var handler = f.handler();

        List<ChangeRecord> first = List.of(
                c.put(Op.INSERT, image("inserted", 1)),
                c.put(Op.INSERT, Changes.image("updated", 1)),
                c.put(Op.INSERT, image("reinserted", 1)),
                c.backfill("backfilled", 1, Instant.now().getEpochSecond()));
        ChangeRecord backfillExact = new ChangeRecord(Op.INSERT, Changes.keys("backfilled"), image("backfilled", 1), "0",
                first.get(3).ts(), false, false);
        assertThat(Batches.deliver(handler, List.of(c.body(first.subList(0, 3)), c.body(List.of(backfillExact))))).isEmpty();
        List<ChangeRecord> second = List.of(
                c.put(Op.MODIFY, image("updated", 2)),
                c.remove("reinserted"));
        assertThat(Batches.deliver(handler, List.of(c.body(second)))).isEmpty();
        List<ChangeRecord> third = List.of(c.put(Op.INSERT, image("reinserted", 3)), c.fetch("fetched"));
        assertThat(Batches.deliver(handler, List.of(c.body(third)))).isEmpty();

        for (String id : List.of("inserted", "updated", "reinserted", "backfilled", "fetched")) {
            assertExact(f, id);
        }
    }

    @Test
    void handleRequest_redrivenMessageAfterFailedDelivery_sourceKeepsEveryDigit() throws Exception {
        Fixture f = new Fixture("ExactRedrive");
        Changes c = f.changes();
        String body = c.body(List.of(c.put(Op.INSERT, image("redriven", 1))));
        f.handler().handleRequest(LambdaSqsEvents.fromBodies(List.of(c.body(List.of(c.put(Op.INSERT, "other", 1))))),
                LambdaContext.of("index-worker", () -> 600_000));
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(), id -> true, Integer.MAX_VALUE)) {
            var failing = f.openSearch(SearchTargetFactory.plain(proxy.endpoint())).handler();
            var response = failing.handleRequest(LambdaSqsEvents.fromBodies(List.of(body)), LambdaContext.deadlineIn("index-worker", 3_000));
            assertThat(response.getBatchItemFailures()).hasSize(1);
            assertThat(proxy.injected()).isPositive();
        }
        f.openSearch(Fixture.openSearch());
        assertThat(f.searchIndex().get(Changes.docId("redriven"))).isEmpty();

        assertThat(Batches.deliver(f.handler(), List.of(body))).isEmpty();

        assertExact(f, "redriven");
    }
}

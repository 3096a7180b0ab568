package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.Tables;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Test 10: fetch records are read from the table with a consistent read. A vanished item is not
 * itself a delete: its REMOVE record (user or TTL) decides (edges issue, point 3).
 */
class FetchIT {

    @Test
    void handleRequest_fetchRecords_itemReadFromTableAndMissingItemLeftToItsRemove() {
        Fixture f = new Fixture("Fetch");
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        ObjectNode big = Changes.image("big", 7);
        big.putObject("body").put("S", "아주 긴 본문 ".repeat(20_000));
        Fixture.dynamoDb().putItem(b -> b.tableName(f.table).item(DynamoJson.toItem(big)));
        Changes changes = f.changes();
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, "gone", 1)))))).isEmpty();
        assertThat(f.searchIndex().searchAll()).containsKey(Changes.docId("gone"));

        ChangeRecord fetchBig = changes.fetch("big");
        ChangeRecord fetchGone = changes.fetch("gone");
        List<String> failed = Batches.deliver(handler, List.of(changes.body(List.of(fetchBig, fetchGone))));

        assertThat(failed).isEmpty();
        var docs = f.searchIndex().searchAll();
        assertThat(docs).containsOnlyKeys(Changes.docId("big"), Changes.docId("gone"));
        assertThat(f.metrics.sum(WorkerMetricNames.FETCHED_ITEMS_MISSING)).isEqualTo(1);
        assertThat(docs.get(Changes.docId("big")).get("rev").asDouble()).isEqualTo(7);
        assertThat(docs.get(Changes.docId("big")).get("body").asText()).startsWith("아주 긴 본문").hasSize("아주 긴 본문 ".length() * 20_000);
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.remove("gone")))))).isEmpty();
        assertThat(f.searchIndex().searchAll()).containsOnlyKeys(Changes.docId("big"));
        ObjectNode gone = f.searchIndex().get(Changes.docId("gone")).orElseThrow();
        assertThat(gone.at("/ddbsync/deleted").asBoolean()).isTrue();
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_DELETED)).isEqualTo(1);
    }

    @Test
    void handleRequest_ttlKeepAndFetchOfItemTtlRemoved_documentKept() {
        Fixture f = new Fixture("FetchKeep").ttlDeletes(WorkerConfig.TtlDeletes.KEEP);
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Changes changes = f.changes();
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, "expired", 1)))))).isEmpty();

        ChangeRecord fetch = changes.fetch("expired");
        ChangeRecord ttlRemove = new ChangeRecord(Op.REMOVE, Changes.keys("expired"), null,
                changes.remove("expired").sequenceNumber(), fetch.ts(), false, true);
        List<String> failed = Batches.deliver(handler, List.of(changes.body(List.of(fetch)), changes.body(List.of(ttlRemove))));

        assertThat(failed).isEmpty();
        ObjectNode kept = f.searchIndex().searchAll().get(Changes.docId("expired"));
        assertThat(kept).isNotNull();
        assertThat(kept.get("rev").asInt()).isEqualTo(1);
        assertThat(kept.at("/ddbsync/deleted").asBoolean()).isFalse();
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_DELETED)).isZero();
    }
}

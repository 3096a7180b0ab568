package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.Tables;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edges issue, point 6: a DLQ redrive restarts a message's retention, so a change can arrive after
 * the tombstone that guarded its item was purged. Such a change (older than the tombstone retention
 * minus a day) is never applied as it is: the current item is read and written at the read version.
 */
class OldChangesIT {

    @Test
    void handleRequest_oldModifyAfterTombstonePurged_itemStaysAbsentThenCurrentImageWhenRecreated() {
        Fixture f = new Fixture("OldChange");
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Changes c = f.changes();
        var handler = f.handler();
        long twentyDaysAgo = Instant.now().minus(Duration.ofDays(20)).getEpochSecond();
        ChangeRecord oldModify = Changes.dated(c.put(Op.MODIFY, "p", 2), twentyDaysAgo);
        assertThat(Batches.deliver(handler, List.of(c.body(List.of(c.put(Op.INSERT, "p", 3), c.remove("p")))))).isEmpty();
        assertThat(f.searchIndex().get(Changes.docId("p")).orElseThrow().at("/ddbsync/deleted").asBoolean()).isTrue();
        purgeTombstone(f, Changes.docId("p"));

        assertThat(Batches.deliver(handler, List.of(c.body(List.of(oldModify))))).isEmpty();

        assertThat(f.searchIndex().get(Changes.docId("p"))).isEmpty();
        assertThat(f.metrics.sum(WorkerMetricNames.OLD_CHANGES_REREAD)).isEqualTo(1);
        assertThat(f.metrics.sum(WorkerMetricNames.FETCHED_ITEMS_MISSING)).isEqualTo(1);

        Instant beforeRead = Instant.now();
        Fixture.dynamoDb().putItem(b -> b.tableName(f.table).item(DynamoJson.toItem(Changes.image("p", 9))));
        assertThat(Batches.deliver(handler, List.of(c.body(List.of(oldModify))))).isEmpty();

        ObjectNode doc = f.searchIndex().searchAll().get(Changes.docId("p"));
        assertThat(doc).isNotNull();
        assertThat(doc.get("rev").asInt()).isEqualTo(9);
        String version = doc.at("/ddbsync/version").asText();
        assertThat(Versions.isRead(version)).as("a read version").isTrue();
        assertThat(version.compareTo(Versions.ofRead(beforeRead))).isGreaterThanOrEqualTo(0);
    }

    @Test
    void handleRequest_oldRemoveOfItemStillIndexed_tombstoneAtReadVersion() {
        Fixture f = new Fixture("OldRemove");
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Changes c = f.changes();
        var handler = f.handler();
        ChangeRecord oldInsert = c.put(Op.INSERT, "q", 1);
        ChangeRecord oldRemove = Changes.dated(c.remove("q"), Instant.now().minus(Duration.ofDays(20)).getEpochSecond());
        Fixture.dynamoDb().putItem(b -> b.tableName(f.table).item(DynamoJson.toItem(Changes.image("q", 1))));
        assertThat(Batches.deliver(handler, List.of(c.body(List.of(oldInsert))))).isEmpty();
        assertThat(f.searchIndex().searchAll()).containsKey(Changes.docId("q"));
        Fixture.dynamoDb().deleteItem(b -> b.tableName(f.table).key(DynamoJson.toItem(Changes.keys("q"))));

        assertThat(Batches.deliver(handler, List.of(c.body(List.of(oldRemove))))).isEmpty();

        assertThat(f.searchIndex().searchAll()).doesNotContainKey(Changes.docId("q"));
        assertThat(f.searchIndex().get(Changes.docId("q")).orElseThrow().at("/ddbsync/deleted").asBoolean()).isTrue();
    }

    /** What the daily purge does to an expired tombstone, for this one document. */
    private static void purgeTombstone(Fixture f, String id) {
        var reply = Fixture.openSearch().deleteDocument(f.index + "_write", id, java.util.Optional.empty(), true);
        assertThat(reply.ok()).as(reply.describe()).isTrue();
    }
}

package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.Tables;
import io.ddbsync.worker.support.SearchIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Tests 1–4: the version guard and tombstones make the index converge whatever the delivery order. */
class VersionGuardIT {

    private static final ObjectMapper M = new ObjectMapper();
    private static final int ITEMS = 1_000;

    /** 1,000 inserts, every second item modified, every fifth removed, in stream order. */
    private static List<ChangeRecord> lifecycle(Changes changes) {
        List<ChangeRecord> records = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            records.add(changes.put(Op.INSERT, id(i), 1));
        }
        for (int i = 0; i < ITEMS; i += 2) {
            records.add(changes.put(Op.MODIFY, id(i), 2));
        }
        for (int i = 0; i < ITEMS; i += 5) {
            records.add(changes.remove(id(i)));
        }
        return records;
    }

    private static String id(int i) {
        return String.format("post-%04d", i);
    }

    /**
     * A stream INSERT is first sent as a {@code create} without reading the stored version: a replayed
     * INSERT of a document that was modified (or deleted) since gets 409, is read and decided again, and
     * ends stale — not a lost race, so not a version-conflict retry.
     */
    @Test
    void handleRequest_insertReplayedAfterModifyAndRemove_createFallsBackToReadAndIsStale() {
        Fixture f = new Fixture("InsertReplay");
        Changes changes = f.changes();
        ChangeRecord insert = changes.put(Op.INSERT, "post-a", 1);
        ChangeRecord modify = changes.put(Op.MODIFY, "post-a", 2);
        ChangeRecord insertB = changes.put(Op.INSERT, "post-b", 1);
        ChangeRecord remove = changes.remove("post-b");
        assertThat(Batches.deliver(f.handler(), changes.bodies(List.of(insert, modify, insertB, remove), 1))).isEmpty();
        f.metrics.reset();

        List<String> failed = Batches.deliver(f.handler(), changes.bodies(List.of(insert, insertB), 2));

        assertThat(failed).isEmpty();
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(2);
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED)).isZero();
        assertThat(f.metrics.sum(WorkerMetricNames.VERSION_CONFLICT_RETRIES)).isZero();
        Map<String, ObjectNode> visible = f.searchIndex().searchAll();
        assertThat(visible.keySet()).containsExactly(Changes.docId("post-a"));
        assertThat(visible.get(Changes.docId("post-a")).get("rev").asDouble()).isEqualTo(2);
    }

    @Test
    void handleRequest_inOrderInsertModifyRemove_searchAliasHoldsExactlyTheLiveItems() {
        Fixture f = new Fixture("Ordered");
        List<ChangeRecord> records = lifecycle(f.changes());

        List<String> failed = Batches.deliver(f.handler(), f.changes().bodies(records, 50));

        assertThat(failed).isEmpty();
        Map<String, ObjectNode> visible = f.searchIndex().searchAll();
        List<String> expectedIds = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            if (i % 5 != 0) {
                expectedIds.add(Changes.docId(id(i)));
            }
        }
        assertThat(visible.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
        visible.forEach((id, doc) -> {
            String itemId = doc.get("id").asText();
            int i = Integer.parseInt(itemId.substring(5));
            int rev = i % 2 == 0 ? 2 : 1;
            assertThat(doc.get("rev").asDouble()).as(id).isEqualTo(rev);
            assertThat(doc.get("title").asText()).isEqualTo("제목 " + itemId + " r" + rev);
            assertThat(doc.at("/ddbsync/deleted").asBoolean()).isFalse();
            assertThat(doc.at("/ddbsync/table").asText()).isEqualTo(f.table);
            assertThat(doc.at("/ddbsync/version").asText()).hasSize(Versions.LENGTH);
        });
        Map<String, ObjectNode> all = f.searchIndex().allIncludingTombstones();
        assertThat(all).hasSize(ITEMS);
        assertThat(all.values().stream().filter(d -> d.at("/ddbsync/deleted").asBoolean()))
                .hasSize(ITEMS / 5)
                .allSatisfy(t -> assertThat(t.fieldNames()).toIterable().containsExactly("ddbsync"));
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_DELETED)).isEqualTo(ITEMS / 5);
        assertThat(f.metrics.sum(WorkerMetricNames.RECORDS_FAILED)).isZero();
    }

    @Test
    void handleRequest_shuffledAndTripled_sameIndexAsInOrderDelivery() {
        Fixture ordered = new Fixture("Baseline");
        List<ChangeRecord> records = lifecycle(ordered.changes());
        assertThat(Batches.deliver(ordered.handler(), ordered.changes().bodies(records, 50))).isEmpty();

        Fixture shuffled = new Fixture("Shuffled");
        List<ChangeRecord> tripled = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            tripled.addAll(records);
        }
        Collections.shuffle(tripled, new Random(42));
        assertThat(Batches.deliver(shuffled.handler(), shuffled.changes().bodies(tripled, 50))).isEmpty();

        Map<String, String> expected = sourcesWithoutUpdatedAt(ordered.searchIndex(), ordered.table, shuffled.table);
        Map<String, String> actual = sourcesWithoutUpdatedAt(shuffled.searchIndex(), shuffled.table, shuffled.table);
        assertThat(actual).hasSize(ITEMS).isEqualTo(expected);
        assertThat(shuffled.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isPositive();
    }

    /** _source text per id, minus updated_at; the table name normalised so two tables compare. */
    private static Map<String, String> sourcesWithoutUpdatedAt(SearchIndex index, String table, String as) {
        Map<String, String> out = new TreeMap<>();
        index.allIncludingTombstones().forEach((id, source) -> {
            ObjectNode meta = (ObjectNode) source.get("ddbsync");
            meta.remove("updated_at");
            meta.put("table", meta.get("table").asText().replace(table, as));
            out.put(id, source.toString());
        });
        return out;
    }

    @Test
    void handleRequest_olderModifyReplayedAfterDeleteAndGcDeletes_itemStaysDeleted() throws Exception {
        Fixture f = new Fixture("Replay");
        f.template((ObjectNode) M.readTree("{\"settings\":{\"index.gc_deletes\":\"1s\",\"index.refresh_interval\":\"100ms\"}}"));
        Changes changes = f.changes();
        ChangeRecord insert = changes.put(Op.INSERT, "p1", 1);
        ChangeRecord modify = changes.put(Op.MODIFY, "p1", 2);
        ChangeRecord remove = changes.remove("p1");
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(insert)), changes.body(List.of(modify))))).isEmpty();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(remove))))).isEmpty();
        OpenSearchSettle.pastGcDeletes(f);
        f.metrics.reset();

        List<String> failed = Batches.deliver(handler, List.of(changes.body(List.of(modify))));

        assertThat(failed).isEmpty();
        assertThat(f.searchIndex().searchAll()).isEmpty();
        ObjectNode stored = f.searchIndex().get(Changes.docId("p1")).orElseThrow();
        assertThat(stored.at("/ddbsync/deleted").asBoolean()).isTrue();
        assertThat(stored.at("/ddbsync/version").asText()).isEqualTo(Versions.of(remove));
        assertThat(stored.has("title")).isFalse();
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(1);
    }

    @Test
    void handleRequest_backfillImageAndNewerStreamChangeInBothOrders_newerWins() {
        Fixture f = new Fixture("Backfill");
        Changes changes = f.changes();
        long scanStart = Changes.FIRST_TS - 60; // the page was read a minute before the stream changes: their order is known
        ChangeRecord streamA = changes.put(Op.MODIFY, "a", 2);
        ChangeRecord streamB = changes.put(Op.MODIFY, "b", 2);
        ChangeRecord backfillA = changes.backfill("a", 1, scanStart);
        ChangeRecord backfillB = changes.backfill("b", 1, scanStart);
        assertThat(Versions.of(backfillA)).isLessThan(Versions.of(streamA));
        var handler = f.handler();

        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(backfillA)), changes.body(List.of(streamB))))).isEmpty();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(streamA)), changes.body(List.of(backfillB))))).isEmpty();

        Map<String, ObjectNode> docs = f.searchIndex().searchAll();
        assertThat(docs.get(Changes.docId("a")).get("rev").asDouble()).isEqualTo(2);
        assertThat(docs.get(Changes.docId("b")).get("rev").asDouble()).isEqualTo(2);
        assertThat(docs.get(Changes.docId("a")).at("/ddbsync/version").asText()).isEqualTo(Versions.of(streamA));
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(1);
    }

    @Test
    void handleRequest_streamChangesWithinTheWindowOfAStoredRead_itemReadAgainAndThatReadWritten() {
        Fixture f = new Fixture("Window");
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Changes changes = f.changes();
        ObjectNode current = Changes.image("a", 3);
        Fixture.dynamoDb().putItem(b -> b.tableName(f.table).item(io.ddbsync.aws.dynamodb.DynamoJson.toItem(current)));
        ChangeRecord older = changes.put(Op.MODIFY, "a", 2);           // made 10 s before the page's read: order unknown
        ChangeRecord gone = changes.put(Op.INSERT, "b", 2);            // its item is gone by now
        long read = older.ts() + 10;
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.backfill("a", 1, read), changes.backfill("b", 1, read))))))
                .isEmpty();

        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(older, gone))))).isEmpty();

        Map<String, ObjectNode> docs = f.searchIndex().searchAll();
        assertThat(docs.get(Changes.docId("a")).get("rev").asDouble()).as("the item as read now, not the change").isEqualTo(3);
        assertThat(Versions.isRead(docs.get(Changes.docId("a")).at("/ddbsync/version").asText())).isTrue();
        assertThat(docs).doesNotContainKey(Changes.docId("b"));
        assertThat(f.searchIndex().get(Changes.docId("b")).orElseThrow().at("/ddbsync/deleted").asBoolean()).isTrue();
        assertThat(f.metrics.sum(WorkerMetricNames.READ_WINDOW_REREADS)).isEqualTo(2);
    }

    @Test
    void handleRequest_changesReplayedAfterARead_olderOnesNeverRollItBack() {
        Fixture f = new Fixture("AfterRead");
        Changes changes = f.changes();
        ChangeRecord old = changes.put(Op.MODIFY, "a", 2);   // made minutes before the read
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.backfill("a", 5, old.ts() + 120)))))).isEmpty();

        assertThat(Versions.of(old)).as("by string order the change looked newer").isGreaterThan(Versions.ofRead(
                java.time.Instant.ofEpochSecond(old.ts() + 120)));
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(old))))).isEmpty();

        assertThat(f.searchIndex().searchAll().get(Changes.docId("a")).get("rev").asDouble()).isEqualTo(5);
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(1);
    }

    @Test
    void handleRequest_ttlKeepAndItemGoneWhenReadAgain_keptDocumentIsTheTtlRemovalsLastImage() {
        Fixture f = new Fixture("WindowKeep").ttlDeletes(io.ddbsync.model.config.WorkerConfig.TtlDeletes.KEEP);
        Tables.createWithStringKey(Fixture.dynamoDb(), f.table, "id");
        Changes changes = f.changes();
        ChangeRecord second = changes.put(Op.MODIFY, "a", 2);   // within the window of the read below
        ChangeRecord third = changes.put(Op.MODIFY, "a", 3);
        ObjectNode last = Changes.image("a", 3);
        last.putObject("expiresAt").put("N", "1700000000");
        ChangeRecord ttlRemoval = new ChangeRecord(Op.REMOVE, Changes.keys("a"), last, changes.remove("a").sequenceNumber(), third.ts(), false, true);
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.backfill("a", 1, second.ts() + 10)))))).isEmpty();

        // the item is gone from the table: TTL removed it after its third change
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(second))))).isEmpty();
        ObjectNode afterSecond = f.searchIndex().searchAll().get(Changes.docId("a"));
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(ttlRemoval))))).isEmpty();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(third))))).isEmpty();

        assertThat(afterSecond.get("rev").asDouble()).as("a change whose item is gone is left to the item's removal").isEqualTo(1);
        ObjectNode kept = f.searchIndex().searchAll().get(Changes.docId("a"));
        assertThat(kept).as("kept, not a tombstone").isNotNull();
        assertThat(kept.get("rev").asDouble()).isEqualTo(3);
        assertThat(kept.get("expiresAt").asLong()).isEqualTo(1700000000L);
        assertThat(kept.at("/ddbsync/version").asText()).isEqualTo(Versions.of(ttlRemoval));
        assertThat(f.metrics.sum(WorkerMetricNames.READ_WINDOW_REREADS)).isEqualTo(2);
    }

    @Test
    void handleRequest_olderInsertTheMappingRefusesAfterANewerValidChange_isANoOpNotAFailure() {
        Fixture f = new Fixture("OldPoison");
        Changes changes = f.changes();
        ObjectNode poison = Changes.image("p", 1);
        poison.putObject("rev").put("S", "not a number"); // the index maps rev as a number
        ChangeRecord older = changes.put(Op.INSERT, poison);
        ChangeRecord fixed = changes.put(Op.MODIFY, "p", 2);
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(fixed))))).isEmpty();

        // the poison INSERT redriven after the fix: sent as a create without a read, refused by the mapping
        // before OpenSearch finds the stored document; read and decided, it is a no-op
        List<String> failed = Batches.deliver(handler, List.of(changes.body(List.of(older))));

        assertThat(failed).isEmpty();
        assertThat(f.searchIndex().searchAll().get(Changes.docId("p")).get("rev").asDouble()).isEqualTo(2);
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(1);
        assertThat(f.metrics.sum(WorkerMetricNames.RECORDS_FAILED)).isZero();
    }
}

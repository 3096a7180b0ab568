package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.localstack.esm.LambdaContext;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.FaultInjectingProxy;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's lever "the {@code _mget} only where the guard needs it", for read versions: with
 * {@code CREATE_FIRST_READS=on} a backfill into an empty index sends its items as {@code create} without reading the
 * stored versions first (no {@code _mget} reached OpenSearch: the proxy counts them), and where documents exist the
 * refused creates fall back to read and decide, so the version rule still holds both ways — an older read loses to the
 * stored stream change, a newer one replaces it.
 */
class CreateFirstReadsIT {

    private static final int ITEMS = 50;

    private static int backfill(Fixture f, WorkerParts.Switch choice, List<ChangeRecord> records) throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(), id -> false, 0)) {
            IndexWorkerHandler handler = f.createFirstReads(choice).openSearch(SearchTargetFactory.plain(proxy.endpoint())).handler();
            var response = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(f.changes().body(records))),
                    LambdaContext.deadlineIn("index-worker", 90_000));
            assertThat(response.getBatchItemFailures()).isEmpty();
            return proxy.mgets();
        }
    }

    private static List<ChangeRecord> scanned(Changes c, int rev, long scanStartSeconds) {
        List<ChangeRecord> out = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            out.add(c.backfill("b" + i, rev, scanStartSeconds));
        }
        return out;
    }

    @Test
    void backfillIntoEmptyIndex_on_createsWithoutAnyRead_off_readsFirst() throws Exception {
        long now = Instant.now().getEpochSecond();
        Fixture on = new Fixture("CreateFirstOn");
        Fixture off = new Fixture("CreateFirstOff");

        int readsOn = backfill(on, WorkerParts.Switch.ON, scanned(on.changes(), 1, now));
        int readsOff = backfill(off, WorkerParts.Switch.OFF, scanned(off.changes(), 1, now));

        assertThat(readsOn).isZero();
        assertThat(readsOff).isPositive();
        assertThat(on.searchIndex().searchAll()).hasSize(ITEMS);
        assertThat(off.searchIndex().searchAll()).hasSize(ITEMS);
        assertThat(on.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED)).isEqualTo(ITEMS);
    }

    @Test
    void backfillOverStoredStreamChanges_on_refusedCreatesReadAndDecide() throws Exception {
        Fixture f = new Fixture("CreateFirstExisting");
        Changes c = f.changes();
        List<ChangeRecord> stream = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            stream.add(c.put(Op.INSERT, "b" + i, 5)); // dated about a day ago
        }
        assertThat(f.handler().handleRequest(LambdaSqsEvents.fromBodies(List.of(c.body(stream))),
                LambdaContext.deadlineIn("index-worker", 90_000)).getBatchItemFailures()).isEmpty();

        // a scan that started an hour before the stream changes: every item older, every create refused, then stale
        int readsStale = backfill(f, WorkerParts.Switch.ON, scanned(c, 1, Changes.FIRST_TS - 3_600));
        assertThat(f.searchIndex().searchAll().values()).hasSize(ITEMS).allSatisfy(d -> assertThat(d.get("rev").asInt()).isEqualTo(5));
        assertThat(f.metrics.sum(WorkerMetricNames.STALE_SKIPPED)).isEqualTo(ITEMS);
        assertThat(readsStale).isPositive();

        // a scan of today: newer than the stored changes, applied over them after the refused create
        backfill(f, WorkerParts.Switch.ON, scanned(c, 9, Instant.now().getEpochSecond()));
        assertThat(f.searchIndex().searchAll().values()).hasSize(ITEMS).allSatisfy(d -> assertThat(d.get("rev").asInt()).isEqualTo(9));
    }
}

package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Test 11: the purge removes tombstones older than the retention, and nothing else. */
class TombstonePurgeIT {

    @Test
    void handleRequest_oldAndRecentTombstones_onlyExpiredOnesRemoved() {
        Instant now = Instant.now();
        Fixture old = new Fixture("Purge").clock(Clock.fixed(now.minus(Duration.ofDays(20)), ZoneOffset.UTC));
        Changes changes = old.changes();
        List<String> writtenLongAgo = List.of(changes.body(List.of(
                changes.put(Op.INSERT, "old-live", 1),
                changes.put(Op.INSERT, "old-dead-1", 1),
                changes.put(Op.INSERT, "old-dead-2", 1))), changes.body(List.of(
                changes.remove("old-dead-1"),
                changes.remove("old-dead-2"))));
        assertThat(Batches.deliver(old.handler(), writtenLongAgo)).isEmpty();
        Fixture current = old.clock(Clock.fixed(now, ZoneOffset.UTC));
        assertThat(Batches.deliver(current.handler(), List.of(changes.body(List.of(
                changes.put(Op.INSERT, "new-dead", 1),
                changes.remove("new-dead"),
                changes.put(Op.INSERT, "new-live", 1)))))).isEmpty();
        assertThat(old.searchIndex().allIncludingTombstones()).hasSize(5);

        Map<String, Long> purged = new TombstonePurgeHandler(current.parts()).handleRequest(new ScheduledEvent(), LambdaContext.of("index-worker", () -> 600_000));

        assertThat(purged).containsEntry(old.index, 2L);
        assertThat(old.searchIndex().allIncludingTombstones().keySet())
                .containsExactlyInAnyOrder(Changes.docId("old-live"), Changes.docId("new-dead"), Changes.docId("new-live"));
        assertThat(old.searchIndex().searchAll().keySet()).containsExactlyInAnyOrder(Changes.docId("old-live"), Changes.docId("new-live"));
    }
}

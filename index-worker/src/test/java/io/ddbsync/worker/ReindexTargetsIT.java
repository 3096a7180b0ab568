package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.worker.opensearch.WriteTargets;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.SearchIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A running worker learns of a reindex from the cluster (the {@code <name>_reindex} alias), writes
 * every change to both physical indexes, each with its own version guard, and stops when the alias goes.
 */
class ReindexTargetsIT {

    private static final ObjectMapper M = new ObjectMapper();

    /** A clock the test moves forward, so the worker's alias cache expires without waiting. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @Test
    void handleRequest_reindexAliasAppearsThenGoes_changesReachBothIndexesEachGuardedThenOnlyTheOld() {
        MovableClock clock = new MovableClock();
        Fixture f = new Fixture("Dual").clock(clock);
        IndexWorkerHandler worker = f.handler();
        Changes c = f.changes();
        ChangeRecord a1 = c.put(Op.INSERT, "a1", 1);
        ChangeRecord a2 = c.put(Op.INSERT, "a2", 1);
        assertThat(Batches.deliver(worker, List.of(c.body(List.of(a1, a2))))).isEmpty();

        SearchTarget http = Fixture.openSearch();
        ObjectNode create = M.createObjectNode();
        create.putObject("aliases").putObject(f.index + "_reindex");
        SearchReply created = http.createIndex(f.index + "_v2", create);
        assertThat(created.ok()).as(created.describe()).isTrue();
        clock.advance(WriteTargets.CACHE_TTL.plusSeconds(1));

        // a1 modified, a3 new, a1's first insert replayed, a2's insert replayed (stale in v1, new to v2)
        List<String> during = List.of(c.body(List.of(c.put(Op.MODIFY, "a1", 2), c.put(Op.INSERT, "a3", 1))),
                c.body(List.of(a1)), c.body(List.of(a2)));
        assertThat(Batches.deliver(worker, during)).isEmpty();

        Map<String, ObjectNode> v1 = new SearchIndex(http, f.index).allIncludingTombstones();
        Map<String, ObjectNode> v2 = all(http, f.index + "_v2");
        assertThat(v1.keySet()).containsExactlyInAnyOrder(Changes.docId("a1"), Changes.docId("a2"), Changes.docId("a3"));
        assertThat(v2.keySet()).containsExactlyInAnyOrder(Changes.docId("a1"), Changes.docId("a2"), Changes.docId("a3"));
        assertThat(v1.get(Changes.docId("a1")).get("rev").asDouble()).isEqualTo(2);
        assertThat(v2.get(Changes.docId("a1")).get("rev").asDouble()).isEqualTo(2);

        var remove = M.createArrayNode();
        remove.addObject().putObject("remove").put("index", f.index + "_v2").put("alias", f.index + "_reindex");
        SearchReply removed = http.updateAliases(remove);
        assertThat(removed.ok()).as(removed.describe()).isTrue();
        clock.advance(WriteTargets.CACHE_TTL.plusSeconds(1));
        assertThat(Batches.deliver(worker, List.of(c.body(List.of(c.put(Op.MODIFY, "a3", 2), c.remove("a2")))))).isEmpty();

        Map<String, ObjectNode> v1After = new SearchIndex(http, f.index).allIncludingTombstones();
        Map<String, ObjectNode> v2After = all(http, f.index + "_v2");
        assertThat(v1After.get(Changes.docId("a3")).get("rev").asDouble()).isEqualTo(2);
        assertThat(v1After.get(Changes.docId("a2")).at("/ddbsync/deleted").asBoolean()).isTrue();
        assertThat(v2After.get(Changes.docId("a3")).get("rev").asDouble()).isEqualTo(1);
        assertThat(v2After.get(Changes.docId("a2")).at("/ddbsync/deleted").asBoolean()).isFalse();
    }

    private static Map<String, ObjectNode> all(SearchTarget http, String index) {
        http.refresh(index);
        ObjectNode q = M.createObjectNode();
        q.put("size", 100);
        SearchReply r = http.search(index, q);
        assertThat(r.ok()).as(r.describe()).isTrue();
        Map<String, ObjectNode> out = new java.util.TreeMap<>();
        r.body().at("/hits/hits").forEach(h -> out.put(h.get("_id").asText(), (ObjectNode) h.get("_source")));
        return out;
    }
}

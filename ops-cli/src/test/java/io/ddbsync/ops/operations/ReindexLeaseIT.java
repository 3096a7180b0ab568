package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.localstack.LocalOpenSearch;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A reindex run stopped by an interrupt (Ctrl-C, or its backfill interrupted, which keeps the interrupt set) still gives
 * its hold up, against the real OpenSearch holding the state: {@code --resume} may follow at once. Red before: the
 * release's wait for the renewer threw at once on the interrupted thread, the hold stayed for its full length and a
 * resume was refused ("another ddbsync reindex … is running").
 */
class ReindexLeaseIT {

    @Test
    void release_onAnInterruptedThread_givesTheHoldUpAndKeepsTheInterrupt() throws Exception {
        try (SearchTarget target = SearchTargetFactory.plain(LocalOpenSearch.shared().endpoint())) {
            ReindexState states = new ReindexState(target);
            String index = "lease-" + UUID.randomUUID().toString().substring(0, 8);
            ReindexLease lease = new ReindexLease(states, Clock.systemUTC(), ReindexLease.Terms.DEFAULT);
            lease.create(new ReindexState.State(index, "Table", index + "_v1", index + "_v2", ReindexState.Phase.DUAL_WRITING,
                    System.currentTimeMillis(), 0, "", 0, 0, 0, 0));
            lease.startRenewing();
            assertThat(states.read(index).orElseThrow().heldBy()).isEqualTo(lease.runId());

            Thread.currentThread().interrupt();
            lease.release();

            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            ReindexState.State after = states.read(index).orElseThrow();
            assertThat(after.heldBy()).isEmpty();
            ReindexLease resume = new ReindexLease(states, Clock.systemUTC(), ReindexLease.Terms.DEFAULT);
            assertThat(resume.take(after).heldBy()).isEqualTo(resume.runId());
            resume.release();
            states.delete(states.read(index).orElseThrow());
        }
    }
}

package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchTransportException;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.localstack.faults.HttpFaultProxy;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * An interrupt that lands while a save of the state is in flight (the fault suite's reindex-resume hit it against
     * OpenSearch 3.3.2: the state's {@code PUT} was applied, the caller saw "interrupted") leaves the run's last known
     * {@code _seq_no} behind the stored one. Red before: the release gave the hold up conditioned on that stale
     * {@code _seq_no}, met a version conflict, kept quiet, and {@code --resume} was refused for the hold's length.
     */
    @Test
    void release_afterASaveInterruptedWhileItsWriteWasApplied_givesTheHoldUpAsStored() throws Exception {
        CountDownLatch applied = new CountDownLatch(1);
        AtomicInteger appliedStatus = new AtomicInteger();
        try (HttpFaultProxy proxy = HttpFaultProxy.start("lease", LocalOpenSearch.shared().endpoint(), Duration.ofSeconds(30));
             SearchTarget target = SearchTargetFactory.plain(proxy.endpoint())) {
            ReindexState states = new ReindexState(target);
            String index = "lease-" + UUID.randomUUID().toString().substring(0, 8);
            ReindexLease lease = new ReindexLease(states, Clock.systemUTC(), ReindexLease.Terms.DEFAULT);
            lease.create(new ReindexState.State(index, "Table", index + "_v1", index + "_v2", ReindexState.Phase.DUAL_WRITING,
                    System.currentTimeMillis(), 0, "", 0, 0, 0, 0));
            proxy.handle((request, upstream) -> {
                HttpFaultProxy.Response answer = upstream.forward(request);
                if (request.method().equals("PUT") && request.path().startsWith("/ddbsync-reindex/_doc/" + index)
                        && applied.getCount() > 0) {
                    appliedStatus.set(answer.status());
                    applied.countDown();
                    Thread.sleep(3_000);
                }
                return answer;
            });
            Thread saver = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    applied.await();
                    saver.interrupt();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            interrupter.start();

            assertThatThrownBy(() -> lease.save(s -> s.phase(ReindexState.Phase.BACKFILLED)))
                    .as("the save met the interrupt").isInstanceOf(SearchTransportException.class);
            // join() throws on a set interrupt while the interrupter is still on its way out (a loaded machine): keep
            // the flag across the join, it is what the release below must see
            boolean interrupted = Thread.interrupted();
            interrupter.join();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            assertThat(appliedStatus.get()).as("the fault fired: OpenSearch applied the write the caller saw interrupted")
                    .isEqualTo(200);
            proxy.passThrough();
            lease.release();

            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            ReindexState.State after = states.read(index).orElseThrow();
            assertThat(after.heldBy()).as("the hold is given up").isEmpty();
            ReindexLease resume = new ReindexLease(states, Clock.systemUTC(), ReindexLease.Terms.DEFAULT);
            assertThat(resume.take(after).heldBy()).isEqualTo(resume.runId());
            resume.release();
            states.delete(states.read(index).orElseThrow());
        }
    }
}

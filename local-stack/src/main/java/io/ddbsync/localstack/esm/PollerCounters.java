package io.ddbsync.localstack.esm;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counters behind {@link PollerStats}. */
final class PollerCounters {
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong succeededRecords = new AtomicLong();
    private final AtomicLong failedInvocations = new AtomicLong();
    private final AtomicLong failedRecords = new AtomicLong();
    private final AtomicLong discardedRecords = new AtomicLong();

    void invoked(int batchSize) {
        invocations.incrementAndGet();
        records.addAndGet(batchSize);
    }

    void succeeded(int count) {
        succeededRecords.addAndGet(count);
    }

    void failedInvocation(int batchSize) {
        failedInvocations.incrementAndGet();
        failedRecords.addAndGet(batchSize);
    }

    void failedRecords(int count) {
        failedRecords.addAndGet(count);
    }

    void discarded(int count) {
        discardedRecords.addAndGet(count);
    }

    PollerStats snapshot() {
        return new PollerStats(invocations.get(), records.get(), succeededRecords.get(), failedInvocations.get(),
                failedRecords.get(), discardedRecords.get());
    }
}

package io.ddbsync.testbench.local;

import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The in-process worker's metrics, kept for the live status: documents written, failures, end-to-end lag (also per table). */
public final class PipelineMetrics implements MetricsSink {

    private static final long LAG_WINDOW_MILLIS = 10_000;

    private final AtomicLong upserted = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Deque<long[]> lags = new ArrayDeque<>();
    private final Map<String, PipelineMetrics> tables = new ConcurrentHashMap<>();

    /** A value of one table's series: counted for the table and for the whole pipeline. */
    @Override
    public void record(String table, String name, double value, Unit unit) {
        tables.computeIfAbsent(table, t -> new PipelineMetrics()).record(name, value, unit);
        record(name, value, unit);
    }

    /** The metrics of one table's series (zeros when the worker has not written for it yet). */
    public PipelineMetrics table(String table) {
        return tables.computeIfAbsent(table, t -> new PipelineMetrics());
    }

    @Override
    public void record(String name, double value, Unit unit) {
        switch (name) {
            case WorkerMetricNames.DOCUMENTS_UPSERTED -> upserted.addAndGet((long) value);
            case WorkerMetricNames.DOCUMENTS_DELETED -> deleted.addAndGet((long) value);
            case WorkerMetricNames.STALE_SKIPPED -> stale.addAndGet((long) value);
            case WorkerMetricNames.RECORDS_FAILED -> failed.addAndGet((long) value);
            case WorkerMetricNames.END_TO_END_LAG_MS -> addLag((long) value);
            default -> {
            }
        }
    }

    @Override
    public void flush() {
    }

    private synchronized void addLag(long millis) {
        long now = System.currentTimeMillis();
        lags.addLast(new long[]{now, millis});
        while (!lags.isEmpty() && lags.peekFirst()[0] < now - LAG_WINDOW_MILLIS) {
            lags.removeFirst();
        }
    }

    /** Writes applied to the index so far (upserts and tombstones). */
    public long written() {
        return upserted.get() + deleted.get();
    }

    public long upserted() {
        return upserted.get();
    }

    public long deleted() {
        return deleted.get();
    }

    public long stale() {
        return stale.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Largest and latest end-to-end lag (ms) of stream changes written in the last 10 s; empty array when none. */
    public synchronized long[] recentLag() {
        long now = System.currentTimeMillis();
        while (!lags.isEmpty() && lags.peekFirst()[0] < now - LAG_WINDOW_MILLIS) {
            lags.removeFirst();
        }
        if (lags.isEmpty()) {
            return new long[0];
        }
        long max = lags.stream().mapToLong(l -> l[1]).max().orElse(0);
        return new long[]{lags.peekLast()[1], max};
    }
}

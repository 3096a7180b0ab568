package io.ddbsync.testbench.local;

import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.progress.Bars;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Reads the pipeline's state for the live status: table items, alias documents, queue depths, lag, throughput. */
final class LocalStatus implements BackfillListener {

    /** One reading. */
    record Snapshot(long tableItems, long aliasDocs, long changeDepth, long dlqDepth, long failureDepth) {
    }

    private final LocalPipeline pipeline;
    private final AtomicLong backfillSent = new AtomicLong();
    private volatile long backfillTotal = -1;
    private volatile boolean backfillDone;
    private long lastWritten;
    private long lastNanos = System.nanoTime();
    private double throughput;

    LocalStatus(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void started(long estimatedItems, long alreadyDone, int segmentsLeft) {
        backfillTotal = estimatedItems;
    }

    @Override
    public void sent(int segment, int items, int messages) {
        backfillSent.addAndGet(items);
    }

    void backfillFinished() {
        backfillDone = true;
        backfillTotal = backfillSent.get();
    }

    Snapshot read() {
        long items = 0;
        for (var page : pipeline.dynamo().scanPaginator(b -> b.tableName(pipeline.table()).select(Select.COUNT))) {
            items += page.count();
        }
        return new Snapshot(items, IndexSnapshot.count(pipeline.openSearch(), pipeline.index()),
                Queues.depth(pipeline.sqs(), pipeline.queues().changeQueueUrl()),
                Queues.depth(pipeline.sqs(), pipeline.queues().deadLetterQueueUrl()),
                Queues.depth(pipeline.sqs(), pipeline.queues().streamFailureQueueUrl()));
    }

    List<String> lines(Snapshot s, long writeOperations) {
        PipelineMetrics m = pipeline.metrics();
        long now = System.nanoTime();
        long written = m.written();
        double seconds = (now - lastNanos) / 1e9;
        if (seconds >= 0.5) {
            throughput = (written - lastWritten) / seconds;
            lastWritten = written;
            lastNanos = now;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-14s %,d items  (%,d write operations so far)", "table " + pipeline.table(), s.tableItems(),
                writeOperations));
        lines.add(Bars.line("search alias", Math.max(0, s.aliasDocs()), Math.max(s.tableItems(), s.aliasDocs()), 0, 30)
                + " documents in '" + pipeline.index() + "'");
        long bTotal = backfillTotal < 0 ? 0 : Math.max(backfillTotal, backfillSent.get());
        lines.add(Bars.line("backfill", backfillSent.get(), bTotal, 0, 30) + (backfillDone ? " done" : " scanning"));
        lines.add(String.format("%-14s change queue %,d   dead-letter %,d   stream failures %,d", "queues", s.changeDepth(),
                s.dlqDepth(), s.failureDepth()));
        long[] lag = m.recentLag();
        String lagText = lag.length == 0 ? "no stream change in the last 10 s"
                : String.format("last %.1f s, max %.1f s (10 s)", lag[0] / 1000.0, lag[1] / 1000.0);
        lines.add(String.format("%-14s %s   %,.0f writes/s   %,d upserts  %,d deletes  %,d stale  %,d failed", "lag", lagText,
                throughput, m.upserted(), m.deleted(), m.stale(), m.failed()));
        return lines;
    }
}

package io.ddbsync.ops.backfill;

import io.ddbsync.ops.progress.Bars;
import io.ddbsync.ops.progress.StatusBoard;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A progress bar with ETA for a backfill: items sent against the table's item count. */
public final class BackfillProgress implements BackfillListener {

    private final StatusBoard board;
    private final String table;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicInteger segmentsDone = new AtomicInteger();
    private volatile long total = -1;
    private volatile long alreadyDone;
    private volatile int segments;
    private volatile long startNanos = System.nanoTime();

    public BackfillProgress(StatusBoard board, String table) {
        this.board = board;
        this.table = table;
    }

    @Override
    public void started(long estimatedItems, long alreadyDone, int segmentsLeft) {
        this.total = estimatedItems;
        this.alreadyDone = alreadyDone;
        this.segments = segmentsLeft;
        this.startNanos = System.nanoTime();
        if (alreadyDone > 0) {
            board.message("resuming: " + alreadyDone + " items already sent by an earlier run");
        }
        board.show(lines());
    }

    @Override
    public void sent(int segment, int items, int msgs) {
        sent.addAndGet(items);
        messages.addAndGet(msgs);
        board.show(lines());
    }

    @Override
    public void segmentDone(int segment) {
        segmentsDone.incrementAndGet();
    }

    /** The last state of the bar; nothing when the backfill never started (a failure before the scan says why on its own). */
    public void finish() {
        if (total >= 0) {
            board.finish(lines());
        }
    }

    List<String> lines() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        long done = alreadyDone + sent.get();
        long t = total < done ? (total < 0 ? -1 : done) : total;
        return List.of(Bars.line("backfill " + table, done, t, sent.get() / seconds, 30)
                + String.format("  %,d messages  %d/%d segments", messages.get(), segmentsDone.get(), segments));
    }
}

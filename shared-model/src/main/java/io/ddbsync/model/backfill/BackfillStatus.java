package io.ddbsync.model.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run's progress as {@code ddbsync backfill --on-lambda --status} prints it, computed from its state objects.
 *
 * @param segmentsDone   segments scanned to their end
 * @param itemsSent      items sent to the change queue over all segments
 * @param itemsPerSecond items sent per second since the scan started (until the last segment's update when finished)
 * @param eta            time left at that rate for the table's estimated item count; empty when unknown, finished
 *                       or cancelled
 */
public record BackfillStatus(BackfillRun run, int segmentsDone, long itemsSent, double itemsPerSecond, boolean cancelled,
                             Optional<Duration> eta, Instant lastUpdate) {

    public boolean finished() {
        return segmentsDone == run.totalSegments();
    }

    /** RUNNING, DONE or CANCELLED. */
    public String state() {
        return finished() ? "DONE" : cancelled ? "CANCELLED" : "RUNNING";
    }

    /**
     * @param segments  the segments' progress objects (a segment without one has not reported yet)
     * @param cancelled whether the run's cancel mark is set
     * @param now       the status's time
     */
    public static BackfillStatus of(BackfillRun run, List<SegmentProgress> segments, boolean cancelled, Instant now) {
        int done = 0;
        long items = 0;
        Instant last = run.scanStart();
        for (SegmentProgress s : segments) {
            if (s.state() == SegmentProgress.State.DONE) {
                done++;
            }
            items += s.itemsSent();
            if (s.updatedAt().isAfter(last)) {
                last = s.updatedAt();
            }
        }
        boolean finished = done == run.totalSegments();
        Instant until = finished || cancelled ? last : now;
        double seconds = Math.max(0.001, Duration.between(run.scanStart(), until).toMillis() / 1000.0);
        double rate = items / seconds;
        Optional<Duration> eta = Optional.empty();
        if (!finished && !cancelled && rate > 0 && run.itemCountEstimate() > items) {
            eta = Optional.of(Duration.ofSeconds((long) Math.ceil((run.itemCountEstimate() - items) / rate)));
        }
        return new BackfillStatus(run, done, items, rate, cancelled, eta, last);
    }
}

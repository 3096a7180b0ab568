package io.ddbsync.testbench.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status over time, for the page's charts: every {@code interval} a reading of {@link LocalStatus} (per table items
 * and documents, the three queues' depths) with the worker's latest end-to-end lag ({@link PipelineMetrics}), kept for
 * the last {@link #KEPT} readings. Reads on a daemon thread of its own; a reading that fails (a service restarting) is
 * logged and skipped, the next one is taken as usual.
 */
final class StatusHistory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusHistory.class);

    /** Readings kept: 10 minutes at the default interval of 2 s. */
    static final int KEPT = 300;

    /**
     * One reading.
     *
     * @param time                epoch milliseconds
     * @param changeQueue         messages on the change queue (visible, in flight and delayed: ApproximateNumberOfMessages*)
     * @param deadLetterQueue     messages on the dead-letter queue (the same attributes)
     * @param streamFailures      messages on the stream-failure queue (on-failure metadata of stream batches)
     * @param lagMillis           the end-to-end lag of the last stream change written in the last 10 s; null when none
     * @param tables              every synced table, the demo's first
     */
    record Sample(long time, long changeQueue, long deadLetterQueue, long streamFailures, Long lagMillis,
                  List<TableSample> tables) {

        Sample {
            tables = List.copyOf(tables);
        }
    }

    /**
     * One synced table in a reading.
     *
     * @param items     its items (a COUNT scan); -1 when it cannot be read (deleted while running)
     * @param documents the documents its search alias shows; -1 when the count cannot be read
     * @param lagMillis the end-to-end lag of its last stream change written in the last 10 s; null when none
     */
    record TableSample(String table, String alias, long items, long documents, Long lagMillis) {
    }

    private final LocalPipeline pipeline;
    private final LocalStatus status;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService reader;

    private StatusHistory(LocalPipeline pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.status = new LocalStatus(pipeline);
        this.clock = clock;
        this.reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ddbsync-local-page-history");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reading now and then every {@code interval}. */
    static StatusHistory start(LocalPipeline pipeline, Duration interval, Clock clock) {
        StatusHistory h = new StatusHistory(pipeline, clock);
        h.reader.scheduleWithFixedDelay(h::readOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return h;
    }

    private void readOnce() {
        if (pipeline.isClosed()) {
            return;
        }
        try {
            add(read());
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("the page's status reading failed; the next one follows as usual");
        }
    }

    private Sample read() {
        LocalStatus.Snapshot s = status.read();
        List<TableSample> tables = new ArrayList<>();
        for (LocalStatus.TableRow row : s.tables()) {
            tables.add(new TableSample(row.table(), row.alias(), row.items(), row.documents(),
                    last(pipeline.metrics().table(row.table()).recentLag())));
        }
        return new Sample(clock.millis(), s.changeDepth(), s.dlqDepth(), s.failureDepth(), last(pipeline.metrics().recentLag()),
                tables);
    }

    private static Long last(long[] recentLag) {
        return recentLag.length == 0 ? null : recentLag[0];
    }

    private synchronized void add(Sample sample) {
        samples.addLast(sample);
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    /** The readings kept, oldest first. */
    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}

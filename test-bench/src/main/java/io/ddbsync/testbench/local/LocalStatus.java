package io.ddbsync.testbench.local;

import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.progress.Bars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import io.ddbsync.localstack.ServiceSupervisor;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Reads the pipeline's state for the live status: table items, alias documents, queue depths, lag, throughput, and
 * the services' state as the supervisor sees it. Reads run on a thread of their own, bounded by {@link #READ_TIMEOUT}:
 * a service that died or stopped answering leaves the status showing its last reading and saying so, not frozen.
 */
final class LocalStatus implements BackfillListener {

    /** How long {@link #current()} waits for a reading. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    /** One reading; {@code tableItems} and {@code aliasDocs} are the demo table's, {@code tables} every synced table's. */
    record Snapshot(long tableItems, long aliasDocs, long changeDepth, long dlqDepth, long failureDepth, List<TableRow> tables) {
    }

    /** One synced table: its items, the documents of its search alias. */
    record TableRow(String table, String alias, long items, long documents) {
    }

    private final LocalPipeline pipeline;
    private final AtomicLong backfillSent = new AtomicLong();
    private volatile long backfillTotal = -1;
    private volatile boolean backfillDone;
    private long lastWritten;
    private long lastNanos = System.nanoTime();
    private double throughput;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "local-status-reader");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Snapshot> pending;
    private Snapshot last = new Snapshot(0, 0, 0, 0, 0, List.of());
    private String readProblem = "";

    LocalStatus(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * A new reading, or the last one when the services do not answer within {@link #READ_TIMEOUT} or a read
     * failed (a service is down): {@link #lines} says so. At most one read runs at a time.
     */
    synchronized Snapshot current() {
        if (pending == null) {
            pending = CompletableFuture.supplyAsync(this::read, reader);
        }
        try {
            last = pending.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            pending = null;
            readProblem = "";
        } catch (TimeoutException e) {
            readProblem = "no answer to the status's reads within " + READ_TIMEOUT.toSeconds() + " s: the counts are from before";
        } catch (ExecutionException e) {
            pending = null;
            readProblem = "reading the counts failed (" + e.getCause().getClass().getSimpleName() + "): the counts are from before";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
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
        List<TableRow> rows = new ArrayList<>();
        for (String table : pipeline.syncedTables().keySet()) {
            String alias = pipeline.indexOf(table);
            rows.add(new TableRow(table, alias, items(table), IndexSnapshot.count(pipeline.openSearch(), alias)));
        }
        TableRow demo = rows.get(0);
        return new Snapshot(demo.items(), demo.documents(),
                Queues.depth(pipeline.sqs(), pipeline.queues().changeQueueUrl()),
                Queues.depth(pipeline.sqs(), pipeline.queues().deadLetterQueueUrl()),
                Queues.depth(pipeline.sqs(), pipeline.queues().streamFailureQueueUrl()), rows);
    }

    /** The table's item count; -1 when it cannot be read (e.g. deleted while running). */
    private long items(String table) {
        long items = 0;
        try {
            for (var page : pipeline.dynamo().scanPaginator(b -> b.tableName(table).select(Select.COUNT))) {
                items += page.count();
            }
        } catch (ResourceNotFoundException e) {
            return -1;
        }
        return items;
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
        lines.add(String.format("%-14s %-24s %10s %10s  %s", "tables", "table (search alias)", "items", "documents",
                "lag (last, max of 10 s)"));
        for (TableRow row : s.tables()) {
            long[] tableLag = m.table(row.table()).recentLag();
            lines.add(String.format("%-14s %-24s %10s %,10d  %s", "", row.table() + " (" + row.alias() + ")",
                    row.items() < 0 ? "gone" : String.format("%,d", row.items()),
                    Math.max(0, row.documents()), tableLag.length == 0 ? "-"
                            : String.format("%.1f s, %.1f s", tableLag[0] / 1000.0, tableLag[1] / 1000.0)));
        }
        lines.addAll(retryLines(pipeline.retrying(), Instant.now()));
        lines.addAll(serviceLines(pipeline.services(), Instant.now()));
        synchronized (this) {
            if (!readProblem.isEmpty()) {
                lines.add(String.format("%-14s %s", "", readProblem));
            }
        }
        return lines;
    }

    /** One line per supervised service: its state, for how long, and what happened to it last. */
    static List<String> serviceLines(List<ServiceSupervisor.Health> services, Instant now) {
        List<String> lines = new ArrayList<>();
        String label = "services";
        for (ServiceSupervisor.Health h : services) {
            long seconds = Math.max(0, Duration.between(h.since(), now).toSeconds());
            String state = switch (h.state()) {
                case UP -> "up";
                case NOT_ANSWERING -> "NOT ANSWERING for " + seconds + " s";
                case RESTARTING -> "DIED, restarting for " + seconds + " s";
                case RESTART_FAILED -> "DIED, restart failed, retrying";
            };
            lines.add(String.format("%-14s %-11s %-30s %s%s", label, h.service(), state,
                    h.restarts() > 0 ? "restarted " + h.restarts() + "x; " : "", h.detail()).stripTrailing());
            label = "";
        }
        if (!services.isEmpty()) {
            lines.add(String.format("%-14s %-11s %s", "", "sqs", "up (ElasticMQ runs in this process)"));
        }
        return lines;
    }

    /** Rows shown of the messages being retried; the rest is counted. */
    static final int RETRY_ROWS = 5;

    /**
     * The messages being retried: message id, table, the failed record's key and sequence number, receives of the
     * maximum, when SQS acts next.
     */
    List<String> retryLines(List<RetryWatch.Retrying> retrying, Instant now) {
        List<String> lines = new ArrayList<>();
        LocalPipeline.Settings settings = pipeline.settings();
        lines.add(String.format("%-14s %d message(s) the worker failed (visibility timeout %d s, dead-lettered after %d receives)",
                "retrying", retrying.size(), settings.visibilityTimeout().toSeconds(), settings.maxReceiveCount()));
        for (RetryWatch.Retrying r : retrying.subList(0, Math.min(RETRY_ROWS, retrying.size()))) {
            long in = Math.max(0, Duration.between(now, r.nextReceive()).toSeconds());
            // failing every time, it is dead-lettered when the visibility timeout of its last receive ends
            long deadIn = in + (long) Math.max(0, settings.maxReceiveCount() - r.receiveCount()) * settings.visibilityTimeout().toSeconds();
            lines.add(String.format("%-14s %s  %s  %s seq %s%s  receive %d/%d  %s", "", r.messageId(), r.table(), r.key(),
                    r.sequenceNumber(),
                    r.records() > 1 ? " (a message of " + r.records() + " records)" : "", r.receiveCount(), settings.maxReceiveCount(),
                    r.lastReceive() ? "dead-lettered in " + in + " s"
                            : "delivered again in " + in + " s, dead-lettered in " + deadIn + " s if it keeps failing"));
        }
        if (retrying.size() > RETRY_ROWS) {
            lines.add(String.format("%-14s … and %d more", "", retrying.size() - RETRY_ROWS));
        }
        return lines;
    }
}

package io.ddbsync.ops.backfill;

import io.ddbsync.aws.backfill.ScanPages;
import io.ddbsync.aws.backfill.ScanPageException;
import io.ddbsync.aws.backfill.ScannedPage;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.ChangeQueueException;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.EnvelopePacker;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Full load of a table through the change queue on this host: a parallel Scan whose pages are read and
 * sent by {@link ScanPages} (as the backfill Lambda's): items become INSERT records with the version of a
 * read ({@link io.ddbsync.model.version.Versions#ofRead}) at the time their page was read, on the table's clock. The version rule ({@link Versions#decide}) orders them against stream changes: a
 * change made after the page's read wins over the image, a change made before it — a replay from the
 * dead-letter queue, a stream-failure replay — never rolls the image back, and one too close to the read
 * to tell makes the worker read the item again. Records are packed like the forwarder's and sent to the
 * same queue; after each page the checkpoint records the segment's position, so an interrupted run
 * resumes where it stopped.
 */
public final class Backfill {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final DynamoDbClient dynamo;
    private final ChangeQueue queue;
    private final Clock clock;

    public Backfill(DynamoDbClient dynamo, ChangeQueue queue, Clock clock) {
        this.dynamo = dynamo;
        this.queue = queue;
        this.clock = clock;
    }

    /** What a run did. */
    public record Result(long itemsSent, long messagesSent, int segmentsScanned, int segmentsSkipped, Instant scanStart) {
    }

    public Result run(BackfillSettings settings, BackfillListener listener) {
        return run(settings, listener, "");
    }

    /**
     * As {@link #run(BackfillSettings, BackfillListener)}, for the operation {@code run} names (e.g. one reindex): a
     * checkpoint another run left in the settings' file is started over, not resumed ({@link Checkpoint}).
     */
    public Result run(BackfillSettings settings, BackfillListener listener, String run) {
        try (MDC.MDCCloseable id = MDC.putCloseable(LogFields.TABLE, settings.table())) {
            return runLogged(settings, listener, run);
        }
    }

    private Result runLogged(BackfillSettings settings, BackfillListener listener, String run) {
        TableDescription table = describe(settings.table());
        Checkpoint checkpoint = Checkpoint.openOrCreate(settings.checkpoint(), settings.table(), settings.segments(), clock.instant(), run);
        if (checkpoint.startedOver()) {
            LOG.atWarn().addKeyValue("checkpoint", settings.checkpoint().map(Path::toString).orElse(""))
                    .log("the checkpoint file belonged to another run: started over");
        }
        List<Integer> todo = new ArrayList<>();
        for (int s = 0; s < settings.segments(); s++) {
            if (!checkpoint.isDone(s)) {
                todo.add(s);
            }
        }
        long estimate = table.itemCount() == null ? -1 : table.itemCount();
        listener.started(estimate, checkpoint.itemsDone(), todo.size());
        LOG.atInfo().addKeyValue("segments", settings.segments()).addKeyValue("segmentsToScan", todo.size())
                .addKeyValue("scanStart", checkpoint.scanStart()).log("backfill started");

        Pass pass = new Pass(settings, table, checkpoint, listener);
        scanAll(pass, todo);
        LOG.atInfo().addKeyValue("itemsSent", pass.items.get()).addKeyValue("messagesSent", pass.messages.get())
                .log("backfill finished");
        return new Result(pass.items.get(), pass.messages.get(), todo.size(), settings.segments() - todo.size(),
                checkpoint.scanStart());
    }

    /** Scans the segments {@code todo}, up to {@code threads} at once; the first failure stops the others. */
    private void scanAll(Pass pass, List<Integer> todo) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(pass.settings.threads(), Math.max(1, todo.size())), r -> {
            Thread t = new Thread(r, "backfill-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int segment : todo) {
                futures.add(pool.submit(() -> {
                    // a pool thread: the caller's MDC is not here
                    try (MDC.MDCCloseable id = MDC.putCloseable(LogFields.TABLE, pass.settings.table())) {
                        pass.scanSegment(segment);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                await(f, pool);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One run over a table's segments: what every segment's scan shares, and the items and messages sent so far. */
    private final class Pass {
        private final BackfillSettings settings;
        private final List<String> keyNames;
        private final Checkpoint checkpoint;
        private final BackfillListener listener;
        private final ScanPages pages;
        private final RateLimiter limiter;
        /** Scan's Limit: the page size, or less when the rate is lower than one page a second. */
        private final int limit;
        private final AtomicLong items = new AtomicLong();
        private final AtomicLong messages = new AtomicLong();

        Pass(BackfillSettings settings, TableDescription table, Checkpoint checkpoint, BackfillListener listener) {
            this.settings = settings;
            this.keyNames = ScanPages.keyNames(table);
            this.checkpoint = checkpoint;
            this.listener = listener;
            this.pages = new ScanPages(dynamo, queue, new EnvelopePacker(settings.maxBodyBytes(), settings.compression()), clock);
            this.limiter = new RateLimiter(settings.itemsPerSecond());
            this.limit = settings.itemsPerSecond() > 0
                    ? (int) Math.max(1, Math.min(settings.pageSize(), settings.itemsPerSecond())) : settings.pageSize();
        }

        /** Scans one segment from its checkpoint to its end, one page at a time (the checkpoint advances per page sent). */
        void scanSegment(int segment) throws InterruptedException {
            Map<String, AttributeValue> start = checkpoint.next(segment).orElse(null);
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("backfill of " + settings.table() + " interrupted in segment " + segment);
                }
                Map<String, AttributeValue> next = page(segment, start);
                if (next == null) {
                    listener.segmentDone(segment);
                    LOG.atInfo().addKeyValue("segment", segment).log("backfill segment scanned");
                    return;
                }
                start = next;
            }
        }

        /** Scans and enqueues one page; returns the key to go on from, null at the segment's end. */
        private Map<String, AttributeValue> page(int segment, Map<String, AttributeValue> start) throws InterruptedException {
            ScannedPage page;
            try {
                page = pages.scan(settings.table(), keyNames, segment, settings.segments(), limit, start);
            } catch (ScanPageException e) {
                throw new BackfillException(e.getMessage(), e);
            }
            int n = page.records().size();
            listener.beforeSend(segment, n);
            limiter.acquire(n);
            int sent;
            try {
                sent = pages.send(page);
            } catch (ChangeQueueException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("backfill of " + settings.table() + " interrupted in segment " + segment);
                }
                // the checkpoint does not advance past this page
                throw new BackfillException("page of table " + settings.table() + " segment " + segment + "/"
                        + settings.segments() + " not enqueued: " + e.getMessage(), e);
            }
            Map<String, AttributeValue> next = page.lastEvaluatedKey();
            checkpoint.pageSent(segment, n, next);
            items.addAndGet(n);
            messages.addAndGet(sent);
            listener.sent(segment, n, sent);
            return next;
        }
    }

    private TableDescription describe(String table) {
        try {
            return dynamo.describeTable(b -> b.tableName(table)).table();
        } catch (RuntimeException e) {
            throw new BackfillException("cannot describe table " + table, e);
        }
    }

    private static void await(Future<?> f, ExecutorService pool) {
        try {
            f.get();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new BackfillException("backfill interrupted; the checkpoint keeps the position", e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof BackfillException b) {
                throw b;
            }
            throw new BackfillException("backfill failed: " + cause, cause);
        }
    }
}

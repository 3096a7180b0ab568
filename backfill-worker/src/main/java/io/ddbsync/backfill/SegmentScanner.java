package io.ddbsync.backfill;

import io.ddbsync.aws.backfill.BackfillRunStore;
import io.ddbsync.aws.backfill.ScanPages;
import io.ddbsync.aws.backfill.ScannedPage;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.dynamodb.TableClock;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.model.backfill.BackfillWorkItem;
import io.ddbsync.model.backfill.SegmentProgress;
import io.ddbsync.model.pack.EnvelopePacker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Scans one work item's segment page by page from its start key within the invocation's time, each page read and
 * sent by {@link ScanPages} exactly as the one-host backfill does, held to the segment's share of the read budget
 * ({@link ReadPacer}); then enqueues the continuation on the backfill queue, or marks the segment done.
 *
 * <p>Before the first page it drops a stale work item (the segment's progress is at a later step, or done) and a
 * cancelled one; before each further page, and every second of a budget wait, it checks the run's cancel mark.
 * It stops starting pages when less than the margin ({@link #marginMillis}) is left. A failure (Scan, change queue,
 * continuation) throws: the work item comes back after the visibility timeout and scans again from its own start key
 * (pages sent twice are harmless under the version rule). Once the continuation is enqueued nothing fails the item.
 */
public final class SegmentScanner {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentScanner.class);

    /** Progress is written at most this often while scanning (and always when an invocation ends). */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    /** Least and most time kept in hand for the last page, the continuation and the progress write. */
    static final long MIN_MARGIN_MILLIS = 3_000;
    static final long MAX_MARGIN_MILLIS = 60_000;

    private final DynamoDbClient dynamo;
    private final ChangeQueue changeQueue;
    private final EnvelopePacker packer;
    private final SqsClient sqs;
    private final String backfillQueueUrl;
    private final BackfillRunStore store;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PageObserver observer;
    private final Map<String, TableParts> tables = new ConcurrentHashMap<>();

    /** What the scan of one table needs, looked up once per table (DescribeTable). */
    private record TableParts(List<String> keyNames, ScanPages pages) {
    }

    public SegmentScanner(DynamoDbClient dynamo, ChangeQueue changeQueue, EnvelopePacker packer, SqsClient sqs,
                          String backfillQueueUrl, BackfillRunStore store, Clock clock, LongSupplier nanoTime,
                          PageObserver observer) {
        this.dynamo = dynamo;
        this.changeQueue = changeQueue;
        this.packer = packer;
        this.sqs = sqs;
        this.backfillQueueUrl = backfillQueueUrl;
        this.store = store;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.observer = observer;
    }

    /** A fifth of the time left at the start, within {@value #MIN_MARGIN_MILLIS}..{@value #MAX_MARGIN_MILLIS} ms. */
    static long marginMillis(long remainingAtStart) {
        return Math.max(MIN_MARGIN_MILLIS, Math.min(MAX_MARGIN_MILLIS, remainingAtStart / 5));
    }

    /**
     * Runs {@code item}.
     *
     * @param remainingMillis the invocation's time left (the Lambda context's)
     * @throws BackfillWorkException when a page or the continuation failed (the item is to be retried)
     */
    public SegmentOutcome run(BackfillWorkItem item, LongSupplier remainingMillis) throws InterruptedException {
        String run = item.run();
        Optional<SegmentProgress> before = store.segment(run, item.segment());
        if (before.isPresent() && (before.get().step() > item.step() || before.get().state() == SegmentProgress.State.DONE)) {
            LOG.atWarn().addKeyValue("run", run).addKeyValue("segment", item.segment()).addKeyValue("step", item.step())
                    .addKeyValue("segmentStep", before.get().step()).addKeyValue("segmentState", before.get().state().name())
                    .log("stale backfill work item dropped");
            return SegmentOutcome.STALE;
        }
        if (store.cancelled(run)) {
            return cancelled(item, item.itemsSent());
        }
        TableParts table;
        try {
            table = tables.computeIfAbsent(item.table(), this::tableParts);
        } catch (RuntimeException e) {
            throw new BackfillWorkException(item.describe() + ": cannot describe the table", e);
        }
        long startNanos = nanoTime.getAsLong();
        long remainingAtStart = remainingMillis.getAsLong();
        long margin = marginMillis(remainingAtStart);
        long deadline = remainingAtStart == Long.MAX_VALUE ? Long.MAX_VALUE
                : startNanos + (remainingAtStart - margin) * 1_000_000;
        ReadPacer pacer = new ReadPacer(item.segmentReadUnitsPerSecond(), nanoTime);

        Map<String, AttributeValue> start = item.exclusiveStartKey() == null ? null : DynamoJson.toItem(item.exclusiveStartKey());
        long sent = item.itemsSent();
        int pages = 0;
        long lastProgress = startNanos;
        while (true) {
            if (pages > 0 && remainingMillis.getAsLong() < margin) {
                break;
            }
            if (pages > 0 && store.cancelled(run)) {
                return cancelled(item, sent);
            }
            ScannedPage page;
            try {
                page = table.pages().scan(item.table(), table.keyNames(), item.segment(), item.totalSegments(), item.pageSize(), start);
                table.pages().send(page);
            } catch (RuntimeException e) {
                throw new BackfillWorkException(item.describe() + ": page " + (pages + 1) + " not sent: " + e.getMessage(), e);
            }
            pages++;
            sent += page.records().size();
            observer.pageSent(item, pages, page.records().size());
            if (page.last()) {
                store.putSegment(run, new SegmentProgress(item.segment(), item.step(), sent, SegmentProgress.State.DONE, clock.instant()));
                LOG.atInfo().addKeyValue("run", run).addKeyValue("segment", item.segment()).addKeyValue("itemsSent", sent)
                        .addKeyValue("pages", pages).log("backfill segment done");
                return SegmentOutcome.DONE;
            }
            start = page.lastEvaluatedKey();
            if (nanoTime.getAsLong() - lastProgress >= PROGRESS_INTERVAL.toNanos()) {
                store.putSegment(run, new SegmentProgress(item.segment(), item.step(), sent, SegmentProgress.State.RUNNING, clock.instant()));
                lastProgress = nanoTime.getAsLong();
            }
            if (!pacer.consumed(page.consumedReadUnits(), deadline, () -> store.cancelled(run))) {
                return cancelled(item, sent);
            }
        }
        BackfillWorkItem next = item.continueFrom(DynamoJson.fromItem(start), sent);
        try {
            sqs.sendMessage(b -> b.queueUrl(backfillQueueUrl).messageBody(next.toJson()));
        } catch (RuntimeException e) {
            throw new BackfillWorkException(item.describe() + ": continuation not enqueued", e);
        }
        // the continuation is on the queue: from here nothing may fail the item (it would scan twice in parallel)
        try {
            store.putSegment(run, new SegmentProgress(item.segment(), next.step(), sent, SegmentProgress.State.RUNNING, clock.instant()));
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("run", run).addKeyValue("segment", item.segment()).setCause(e)
                    .log("segment progress not written after its continuation");
        }
        LOG.atInfo().addKeyValue("run", run).addKeyValue("segment", item.segment()).addKeyValue("step", next.step())
                .addKeyValue("itemsSent", sent).addKeyValue("pages", pages)
                .addKeyValue("readUnits", pacer.consumed()).log("backfill segment continued");
        return SegmentOutcome.CONTINUED;
    }

    private SegmentOutcome cancelled(BackfillWorkItem item, long sent) {
        store.putSegment(item.run(), new SegmentProgress(item.segment(), item.step(), sent, SegmentProgress.State.CANCELLED,
                clock.instant()));
        LOG.atWarn().addKeyValue("run", item.run()).addKeyValue("segment", item.segment()).addKeyValue("step", item.step())
                .addKeyValue("itemsSent", sent).log("backfill run cancelled: work item dropped, not continued");
        return SegmentOutcome.CANCELLED;
    }

    private TableParts tableParts(String table) {
        Clock tableClock = TableClock.of(dynamo, table, clock);
        List<String> keys = ScanPages.keyNames(dynamo.describeTable(b -> b.tableName(table)).table());
        return new TableParts(keys, new ScanPages(dynamo, changeQueue, packer, tableClock));
    }
}

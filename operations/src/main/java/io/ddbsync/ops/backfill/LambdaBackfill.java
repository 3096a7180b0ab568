package io.ddbsync.ops.backfill;

import io.ddbsync.aws.backfill.BackfillRunStore;
import io.ddbsync.aws.backfill.BackfillStateException;
import io.ddbsync.model.backfill.BackfillRun;
import io.ddbsync.model.backfill.BackfillStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The operator's side of a backfill on Lambda ({@code ddbsync backfill --on-lambda}): starts a run — its state in
 * the backfill bucket ({@link BackfillRunStore}), one work item per Scan segment on the backfill queue, which the
 * backfill Lambda scans and continues — and reads a run's status or cancels it.
 */
public final class LambdaBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaBackfill.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String backfillQueueUrl;
    private final BackfillRunStore store;
    private final Clock clock;

    /**
     * @param sqs              an SQS client for {@code backfillQueueUrl} (may be null when only reading status or
     *                         cancelling)
     */
    public LambdaBackfill(DynamoDbClient dynamo, SqsClient sqs, String backfillQueueUrl, BackfillRunStore store, Clock clock) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.backfillQueueUrl = backfillQueueUrl;
        this.store = store;
        this.clock = clock;
    }

    /** A new run id: the start time (UTC) and four random hex digits, e.g. {@code 20261205t014002z-3f9a}. */
    static String newRunId(Instant at) {
        return (RUN_TIME.format(at) + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000)))
                .toLowerCase(Locale.ROOT);
    }

    /**
     * Starts a run: writes {@code backfills/<run>/run.json}, then puts one work item per segment on the backfill queue.
     *
     * @param readUnitsPerSecond the read budget over all segments (RCU/s; 0 = unlimited); each segment holds
     *                           1/{@code segments} of it
     * @throws BackfillException when the table cannot be described, the state cannot be written or a work item not
     *                           enqueued (the run's id is in the message; the segments enqueued before it run)
     */
    public BackfillRun start(String table, int segments, double readUnitsPerSecond, int pageSize) {
        TableDescription description;
        try {
            description = dynamo.describeTable(b -> b.tableName(table)).table();
        } catch (RuntimeException e) {
            throw new BackfillException("cannot describe table " + table, e);
        }
        Instant now = clock.instant();
        long estimate = description.itemCount() == null ? -1 : description.itemCount();
        BackfillRun run;
        try {
            run = new BackfillRun(newRunId(now), table, segments, readUnitsPerSecond, pageSize, now, estimate);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            store.createRun(run);
        } catch (BackfillStateException e) {
            throw new BackfillException("backfill run of table " + table + " not started: " + e.getMessage(), e);
        }
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(s)).messageBody(run.firstWorkItem(s).toJson()).build());
            if (batch.size() == 10 || s == segments - 1) {
                send(run, batch);
                batch.clear();
            }
        }
        LOG.atInfo().addKeyValue("run", run.run()).addKeyValue("table", table).addKeyValue("segments", segments)
                .addKeyValue("readUnitsPerSecond", readUnitsPerSecond).log("backfill run on Lambda started");
        return run;
    }

    private void send(BackfillRun run, List<SendMessageBatchRequestEntry> entries) {
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(backfillQueueUrl).entries(entries));
        } catch (RuntimeException e) {
            throw new BackfillException("backfill run " + run.run() + ": work items for segments " + entries.get(0).id() + ".."
                    + entries.get(entries.size() - 1).id() + " not enqueued on " + backfillQueueUrl, e);
        }
        if (!response.failed().isEmpty()) {
            var f = response.failed().get(0);
            throw new BackfillException("backfill run " + run.run() + ": work item of segment " + f.id() + " not enqueued: "
                    + f.code() + " " + f.message());
        }
    }

    /**
     * The status of run {@code runOrTable}, or of the table's latest run when no run has that id.
     *
     * @return empty when there is neither
     */
    public Optional<BackfillStatus> status(String runOrTable) {
        try {
            Optional<BackfillRun> run = resolve(runOrTable);
            return run.flatMap(r -> store.status(r.run(), clock.instant()));
        } catch (BackfillStateException e) {
            throw new BackfillException(e.getMessage(), e);
        }
    }

    /**
     * Sets the cancel mark of run {@code runOrTable} (or of the table's latest run); the backfill Lambda checks it before
     * each page and drops the run's work items.
     *
     * @return the run cancelled, empty when there is none
     */
    public Optional<BackfillRun> cancel(String runOrTable) {
        try {
            Optional<BackfillRun> run = resolve(runOrTable);
            run.ifPresent(r -> store.cancel(r.run(), clock.instant()));
            run.ifPresent(r -> LOG.atWarn().addKeyValue("run", r.run()).addKeyValue("table", r.table())
                    .log("backfill run on Lambda cancelled"));
            return run;
        } catch (BackfillStateException e) {
            throw new BackfillException(e.getMessage(), e);
        }
    }

    private Optional<BackfillRun> resolve(String runOrTable) {
        if (BackfillRun.RUN_ID.matcher(runOrTable).matches()) {
            Optional<BackfillRun> run = store.run(runOrTable);
            if (run.isPresent()) {
                return run;
            }
        }
        return store.latestRunOf(runOrTable);
    }
}

package io.ddbsync.ops.operations;

import io.ddbsync.aws.sqs.QueueAttributes;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillException;
import io.ddbsync.ops.backfill.BackfillProgress;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.ops.progress.StatusBoard;
import io.ddbsync.worker.metrics.MetricsSink;

import io.ddbsync.worker.opensearch.DocumentWrite;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.worker.opensearch.ItemOutcome;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.time.TimeBudget;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import io.ddbsync.worker.opensearch.WriteTargets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A zero-downtime reindex of one search index from its table (DESIGN.md "Index layout").
 *
 * <ol>
 *   <li>records the reindex in the cluster ({@link ReindexState}; a second reindex of the index is refused);</li>
 *   <li>creates {@code <name>_v<N+1>} (the given settings/mappings, else the worker's template) with the alias
 *       {@code <name>_reindex}: every worker writes each change to both physical indexes from then on, each
 *       version-guarded on its own; the backfill waits {@link WriteTargets#SETTLE} so every worker knows;</li>
 *   <li>backfills the table through the change queue ({@link Backfill}: parallel, rate-limited, checkpointed), so the
 *       worker writes the images into the new index with the backfill version rule and its own conversion;</li>
 *   <li>waits for the queue to drain, reconciles the new index with the table (differences checked again after the
 *       settle time), repairs lasting differences through the queue once, and stops unswapped if any remain;</li>
 *   <li>moves the search alias (filtered) and the write alias to the new index and removes the reindex alias in one
 *       {@code _aliases} request; the old index stays for {@code --rollback} until {@code --finish} deletes it.</li>
 * </ol>
 * Every step is recorded before the next starts and is idempotent, so {@code --resume} continues an interrupted run.
 */
final class Reindexer {

    /** How long a run's hold on a reindex lasts without renewal; renewed every {@link #RENEW}. */
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration RENEW = Duration.ofSeconds(15);
    private static final ObjectMapper M = new ObjectMapper();

    /** What the steps need besides the clients. */
    record Settings(String table, String index, Optional<ObjectNode> body, int segments, double itemsPerSecond,
                    Optional<Path> checkpoint, Optional<Duration> settle, Duration drainTimeout, int batch, int maxMessageBytes,
                    Compression compression) {
    }

    private final OpenSearchHttp http;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final String changeQueueUrl;
    private final Reconciler reconciler;
    private final ReindexState states;
    private final String metadataField;
    private final PrintWriter out;
    private final Clock clock;
    private final RepairSender repairSender;
    private final String runId = UUID.randomUUID().toString();
    private Held held;

    /** Sends repair records of a table to the change queue; returns the number of messages. */
    interface RepairSender {
        int send(String table, List<ChangeRecord> records);
    }

    /** The state this run holds (renewed in the background). */
    private final class Held {
        private ReindexState.State s;

        Held(ReindexState.State s) {
            this.s = s;
        }

        synchronized ReindexState.State get() {
            return s;
        }

        synchronized ReindexState.State save(UnaryOperator<ReindexState.State> change) {
            s = states.update(change.apply(s));
            return s;
        }
    }

    Reindexer(OpenSearchHttp http, DynamoDbClient dynamoDb, SqsClient sqs, String changeQueueUrl, Reconciler reconciler,
              String metadataField, PrintWriter out, Clock clock, RepairSender repairSender) {
        this.http = http;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.changeQueueUrl = changeQueueUrl;
        this.reconciler = reconciler;
        this.states = new ReindexState(http);
        this.metadataField = metadataField;
        this.out = out;
        this.clock = clock;
        this.repairSender = repairSender;
    }

    /** Starts a reindex; refused when one of the index exists. Returns the exit code. */
    int start(Settings s) throws InterruptedException {
        IndexNames names = new IndexNames(s.index());
        states.read(s.index()).ifPresent(existing -> {
            throw new OpsException(ReindexState.alreadyRunning(existing));
        });
        if (http.head("/_alias/" + names.reindex()).status() == 200) {
            throw new OpsException("the alias " + names.reindex() + " exists but no reindex is recorded in " + ReindexState.INDEX
                    + ": remove the alias by hand (workers write to it) before starting a reindex");
        }
        String from = currentPhysical(names);
        String to = nextPhysical(names, from);
        if (http.head("/" + to).status() == 200) {
            throw new OpsException("the index " + to + " already exists (left from an earlier attempt?): delete it first");
        }
        long now = clock.millis();
        ReindexState.State created = states.create(new ReindexState.State(s.index(), s.table(), from, to,
                ReindexState.Phase.CREATED, now, 0, runId, now + LEASE.toMillis(), 0, 0));
        out.println("reindex of " + s.index() + ": " + from + " -> " + to);
        return run(s, created);
    }

    /** Continues the recorded reindex from its last step. */
    int resume(Settings s) throws InterruptedException {
        ReindexState.State st = states.read(s.index()).orElseThrow(() ->
                new OpsException("no reindex of " + s.index() + " is in progress (nothing to resume)"));
        out.println("resuming the reindex of " + s.index() + ": " + st.from() + " -> " + st.to() + " at phase "
                + st.phase().name().toLowerCase(java.util.Locale.ROOT));
        return run(s, take(st));
    }

    private int run(Settings s, ReindexState.State initial) throws InterruptedException {
        held = new Held(initial);
        ScheduledExecutorService renewer = renewer();
        try {
            return steps(s);
        } finally {
            renewer.shutdownNow();
            renewer.awaitTermination(5, TimeUnit.SECONDS);
            release();
        }
    }

    private int steps(Settings s) throws InterruptedException {
        IndexNames names = new IndexNames(s.index());
        ReindexState.State st = held.get();
        if (st.phase() == ReindexState.Phase.CREATED) {
            createNewIndex(names, st.to(), s.body());
            st = held.save(x -> x.phase(ReindexState.Phase.DUAL_WRITING).dualSince(clock.millis()));
            out.println("created " + st.to() + " with alias " + names.reindex() + ": workers now write every change to both indexes");
        }
        if (st.phase() == ReindexState.Phase.DUAL_WRITING) {
            long wait = st.dualSince() + WriteTargets.SETTLE.toMillis() - clock.millis();
            if (wait > 0) {
                out.println("waiting " + wait / 1000.0 + " s until every worker has seen " + names.reindex());
                out.flush();
                Thread.sleep(wait);
            }
            backfill(s, st);
            st = held.save(x -> x.phase(ReindexState.Phase.BACKFILLED));
        }
        if (st.phase() == ReindexState.Phase.BACKFILLED) {
            if (!check(s, st)) {
                return OpsCommand.ATTENTION;
            }
            st = held.save(x -> x.phase(ReindexState.Phase.CHECKED));
        }
        if (st.phase() == ReindexState.Phase.CHECKED) {
            swap(names, st);
            st = held.save(x -> x.phase(ReindexState.Phase.SWAPPED));
        }
        out.println("search and writes now use " + st.to() + "; " + st.from() + " is kept: `ddbsync reindex --rollback` goes back to it, "
                + "`ddbsync reindex --finish` deletes it");
        out.flush();
        return OpsCommand.OK;
    }

    /** Undoes the reindex from whatever step it reached. */
    int rollback(Settings s) throws InterruptedException {
        ReindexState.State st = take(states.read(s.index()).orElseThrow(() ->
                new OpsException("no reindex of " + s.index() + " is in progress (nothing to roll back)")));
        held = new Held(st);
        try {
            return rollbackHeld(s, st);
        } finally {
            release();
        }
    }

    private int rollbackHeld(Settings s, ReindexState.State st) throws InterruptedException {
        IndexNames names = new IndexNames(s.index());
        boolean swapped = st.phase() == ReindexState.Phase.SWAPPED;
        if (writeAliasOn(names, st.to())) {
            swapped = true;
            ArrayNode actions = M.createArrayNode();
            actions.addObject().putObject("remove").put("index", st.to()).put("alias", names.search());
            actions.addObject().putObject("remove").put("index", st.to()).put("alias", names.write());
            actions.addObject().putObject("add").put("index", st.from()).put("alias", names.search()).set("filter", notDeleted());
            actions.addObject().putObject("add").put("index", st.from()).put("alias", names.write()).put("is_write_index", true);
            aliases(actions, "move the aliases back to " + st.from());
            out.println("search and writes use " + st.from() + " again");
        }
        if (swapped) {
            // the phase stays SWAPPED until the old index caught up: an interrupted rollback repeats this
            out.println("catching " + st.from() + " up with the changes made since the swap (from " + st.to() + ")");
            out.flush();
            catchUp(s, names, st.to());
        }
        OpenSearchHttp.Reply deleted = http.delete("/" + st.to());
        if (!deleted.ok() && deleted.status() != 404) {
            throw new OpsException("cannot delete " + st.to() + ": " + deleted.describe());
        }
        states.delete(held.get());
        deleteCheckpoint(s, st);
        out.println("rolled back: " + st.to() + " deleted, " + s.index() + " is served from " + st.from());
        out.flush();
        return OpsCommand.OK;
    }

    /** Deletes the old index of a swapped reindex and ends it. */
    int finish(Settings s) {
        ReindexState.State st = take(states.read(s.index()).orElseThrow(() ->
                new OpsException("no reindex of " + s.index() + " is in progress (nothing to finish)")));
        if (st.phase() != ReindexState.Phase.SWAPPED) {
            release(st);
            throw new OpsException("the reindex of " + s.index() + " is at phase " + st.phase().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not swapped: continue it with --resume (or undo it with --rollback) before --finish");
        }
        OpenSearchHttp.Reply deleted = http.delete("/" + st.from());
        if (!deleted.ok() && deleted.status() != 404) {
            release(st);
            throw new OpsException("cannot delete " + st.from() + ": " + deleted.describe());
        }
        states.delete(st);
        deleteCheckpoint(s, st);
        out.println("finished: " + st.from() + " deleted; " + s.index() + " is served from " + st.to());
        out.flush();
        return OpsCommand.OK;
    }

    /** The state taken over by this run; refused while another live run holds it. */
    private ReindexState.State take(ReindexState.State st) {
        long now = clock.millis();
        if (!st.heldBy().isEmpty() && !st.heldBy().equals(runId) && st.heldUntil() > now) {
            throw new OpsException("another ddbsync reindex of " + st.index() + " is running (phase "
                    + st.phase().name().toLowerCase(java.util.Locale.ROOT) + ", holding it until "
                    + Instant.ofEpochMilli(st.heldUntil()) + "); wait for it, or retry after that time if it was killed");
        }
        return states.update(st.held(runId, now + LEASE.toMillis()));
    }

    private void release(ReindexState.State st) {
        states.update(st.held("", 0));
    }

    private void release() {
        try {
            if (states.read(held.get().index()).isPresent()) {
                held.save(x -> x.held("", 0));
            }
        } catch (RuntimeException e) {
            out.println("could not release the hold on the reindex state (it expires in " + LEASE.toSeconds() + " s): " + e.getMessage());
        }
    }

    private ScheduledExecutorService renewer() {
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reindex-lease");
            t.setDaemon(true);
            return t;
        });
        ses.scheduleAtFixedRate(() -> {
            try {
                held.save(x -> x.held(runId, clock.millis() + LEASE.toMillis()));
            } catch (RuntimeException e) {
                // the next renewal or step reports a lasting problem
            }
        }, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
        return ses;
    }

    private String currentPhysical(IndexNames names) {
        OpenSearchHttp.Reply r = http.get("/_alias/" + names.write());
        if (r.status() == 404) {
            throw new OpsException("the index " + names.search() + " has no write alias " + names.write()
                    + " (is the index name right? the worker creates it with its first write)");
        }
        if (!r.ok()) {
            throw new OpsException("cannot read the alias " + names.write() + ": " + r.describe());
        }
        Iterator<String> it = r.body().fieldNames();
        String physical = it.next();
        if (it.hasNext()) {
            throw new OpsException("the write alias " + names.write() + " points at more than one index: fix the aliases first");
        }
        return physical;
    }

    static String nextPhysical(IndexNames names, String current) {
        Matcher m = Pattern.compile(Pattern.quote(names.search()) + "_v(\\d+)").matcher(current);
        if (!m.matches()) {
            throw new OpsException("the write alias " + names.write() + " points at " + current + ", not at " + names.search()
                    + "_v<N>: cannot number the new index");
        }
        return names.physical(Integer.parseInt(m.group(1)) + 1);
    }

    private void createNewIndex(IndexNames names, String to, Optional<ObjectNode> body) {
        ObjectNode create = body.map(ObjectNode::deepCopy).orElseGet(M::createObjectNode);
        create.remove("aliases");
        create.putObject("aliases").putObject(names.reindex());
        OpenSearchHttp.Reply r = http.json("PUT", "/" + to, create);
        if (r.ok()) {
            return;
        }
        if ("resource_already_exists_exception".equals(r.errorType())) {
            if (http.head("/" + to + "/_alias/" + names.reindex()).status() != 200) {
                ObjectNode add = M.createObjectNode();
                add.putArray("actions").addObject().putObject("add").put("index", to).put("alias", names.reindex());
                OpenSearchHttp.Reply aliased = http.json("POST", "/_aliases", add);
                if (!aliased.ok()) {
                    throw new OpsException("cannot add the alias " + names.reindex() + " to " + to + ": " + aliased.describe());
                }
            }
            return;
        }
        throw new OpsException("cannot create " + to + " (check --template): " + r.describe());
    }

    private void backfill(Settings s, ReindexState.State st) {
        Path file = checkpointFile(s, st);
        BackfillSettings settings = new BackfillSettings(s.table(), changeQueueUrl, s.segments(), Math.min(s.segments(), 8),
                s.itemsPerSecond(), 500, s.maxMessageBytes(), Optional.of(file), s.compression());
        StatusBoard board = StatusBoard.forStderr();
        BackfillProgress progress = new BackfillProgress(board, s.table());
        try {
            Backfill.Result r = new Backfill(dynamoDb, SqsChangeQueue.withDefaults(sqs, changeQueueUrl),
                    io.ddbsync.ops.backfill.TableClock.of(dynamoDb, s.table(), clock)).run(settings, progress);
            progress.finish();
            out.println("backfill into " + st.to() + " enqueued: " + r.itemsSent() + " item(s) in " + r.messagesSent() + " message(s)"
                    + (r.segmentsSkipped() > 0 ? " (" + r.segmentsSkipped() + " segment(s) done before)" : ""));
        } catch (BackfillException e) {
            progress.finish();
            throw new OpsException("backfill of " + s.table() + " stopped; `ddbsync reindex --resume` continues from " + file, e);
        }
    }

    private static Path checkpointFile(Settings s, ReindexState.State st) {
        return s.checkpoint().orElse(Path.of("ddbsync-reindex-" + st.to() + ".checkpoint"));
    }

    private static void deleteCheckpoint(Settings s, ReindexState.State st) {
        try {
            Files.deleteIfExists(checkpointFile(s, st));
        } catch (java.io.IOException e) {
            // a left-over checkpoint of a finished reindex is harmless
        }
    }

    /** Drains, reconciles the new index, repairs once; true when it matches the table. */
    private boolean check(Settings s, ReindexState.State st) throws InterruptedException {
        Reconciler.Target target = Reconciler.Target.physical(st.to());
        Instant start = clock.instant();
        ReconcileReport report = settledReconcile(s, target);
        if (!report.clean()) {
            List<ChangeRecord> records = RepairRecords.of(report.all(), start);
            int messages = repairSender.send(s.table(), records);
            out.println(st.to() + " differs from the table in " + report.all().size() + " item(s); enqueued " + records.size()
                    + " repair record(s) in " + messages + " message(s), checking again");
            report = settledReconcile(s, target);
        }
        ReconcileCommand.print(out, st.to(), report);
        if (!report.clean()) {
            out.println("not swapped: " + st.to() + " still differs from the table. Find why (`ddbsync dlq peek`), then "
                    + "`ddbsync reindex --resume` checks again, or `ddbsync reindex --rollback` abandons " + st.to());
            out.flush();
            return false;
        }
        return true;
    }

    private ReconcileReport settledReconcile(Settings s, Reconciler.Target target) throws InterruptedException {
        waitForDrain(s.drainTimeout());
        ReconcileReport first = reconciler.reconcile(s.table(), target, Math.max(1, Math.min(s.segments(), 16)), s.batch(), 10, n -> { });
        if (first.clean()) {
            return first;
        }
        Duration settle = settleOf(s, target);
        out.println(first.all().size() + " difference(s) in the first pass; checking them again in " + settle.toMillis() / 1000.0 + " s");
        out.flush();
        return reconciler.settle(s.table(), target, first, settle, s.batch());
    }

    private Duration settleOf(Settings s, Reconciler.Target target) {
        return s.settle().orElseGet(() -> SettleTime.fromLag(http, target.lookup(), metadataField));
    }

    /**
     * After a rollback from a swapped reindex: the old index missed the changes made since the swap, and
     * the new one has them, with their versions. The documents the old index differs in are copied from the
     * new one through the worker's version-guarded writer (so a change the worker applies meanwhile is never
     * regressed); those the new index lacks too are repaired through the change queue.
     */
    private void catchUp(Settings s, IndexNames names, String to) throws InterruptedException {
        Instant start = clock.instant();
        ReconcileReport report = settledReconcile(s, Reconciler.Target.aliases(names.search()));
        List<ReconcileReport.Difference> differences = report.all().stream().filter(d -> d.keys() != null).toList();
        if (differences.isEmpty()) {
            return;
        }
        ObjectNode body = M.createObjectNode();
        ArrayNode ids = body.putArray("ids");
        differences.forEach(d -> ids.add(d.documentId()));
        OpenSearchHttp.Reply r = http.json("POST", "/" + to + "/_mget", body);
        if (!r.ok()) {
            throw new OpsException("cannot read " + to + " to catch the old index up: " + r.describe());
        }
        List<DocumentWrite> writes = new ArrayList<>();
        List<ReconcileReport.Difference> absent = new ArrayList<>();
        int k = 0;
        for (com.fasterxml.jackson.databind.JsonNode doc : r.body().path("docs")) {
            ReconcileReport.Difference d = differences.get(k++);
            com.fasterxml.jackson.databind.JsonNode meta = doc.path("_source").path(metadataField);
            if (!doc.path("found").asBoolean(false) || !meta.path("version").isTextual()) {
                absent.add(d);
                continue;
            }
            ObjectNode content = null;
            if (!meta.path("deleted").asBoolean(false)) {
                content = ((ObjectNode) doc.path("_source")).deepCopy();
                content.remove(metadataField);
            }
            writes.add(new DocumentWrite(names.write(), d.documentId(), meta.path("version").asText(), content,
                    meta.path("table").asText(s.table()), meta.path("key").isObject() ? (ObjectNode) meta.path("key") : null,
                    meta.path("ttl").asBoolean(false), "0", 0));
        }
        List<ItemOutcome> outcomes = new VersionedBulkWriter(http, metadataField, VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES,
                new MetricsSink() {
                    @Override
                    public void record(String name, double value, MetricsSink.Unit unit) {
                    }

                    @Override
                    public void flush() {
                    }
                }, clock).write(writes, TimeBudget.unlimited());
        long failed = outcomes.stream().filter(o -> o instanceof ItemOutcome.Rejected || o instanceof ItemOutcome.Exhausted).count();
        int messages = repairSender.send(s.table(), RepairRecords.of(absent, start));
        out.println("copied " + (writes.size() - failed) + " document(s) the old index missed from " + to
                + (absent.isEmpty() ? "" : "; enqueued " + absent.size() + " repair record(s) in " + messages + " message(s)"));
        if (failed > 0) {
            throw new OpsException(failed + " document(s) could not be copied back from " + to + " (run ddbsync reconcile --repair "
                    + "on the index); " + to + " is kept, --rollback again retries");
        }
        waitForDrain(s.drainTimeout());
    }

    /** Waits until the change queue holds no message (visible or in flight): the worker applied what was sent. */
    private void waitForDrain(Duration timeout) throws InterruptedException {
        long deadline = clock.millis() + timeout.toMillis();
        boolean said = false;
        while (true) {
            long depth = QueueAttributes.depth(sqs, changeQueueUrl);
            if (depth == 0) {
                return;
            }
            if (clock.millis() > deadline) {
                throw new OpsException("the change queue still holds " + depth + " message(s) after " + timeout.toSeconds()
                        + " s (--drain-timeout): is the worker running? `ddbsync reindex --resume` continues");
            }
            if (!said) {
                out.println("waiting for the worker to drain the change queue (" + depth + " message(s))");
                out.flush();
                said = true;
            }
            Thread.sleep(1_000);
        }
    }

    private boolean writeAliasOn(IndexNames names, String physical) {
        OpenSearchHttp.Reply r = http.get("/_alias/" + names.write());
        return r.ok() && r.body().has(physical);
    }

    private void swap(IndexNames names, ReindexState.State st) {
        if (writeAliasOn(names, st.to())) {
            return; // swapped before the state was saved
        }
        http.json("POST", "/" + st.to() + "/_refresh", M.createObjectNode()); // searchable in full from the first query
        ArrayNode actions = M.createArrayNode();
        actions.addObject().putObject("remove").put("index", st.from()).put("alias", names.search());
        actions.addObject().putObject("remove").put("index", st.from()).put("alias", names.write());
        actions.addObject().putObject("remove").put("index", st.to()).put("alias", names.reindex());
        actions.addObject().putObject("add").put("index", st.to()).put("alias", names.search()).set("filter", notDeleted());
        actions.addObject().putObject("add").put("index", st.to()).put("alias", names.write()).put("is_write_index", true);
        aliases(actions, "swap the aliases to " + st.to());
    }

    private void aliases(ArrayNode actions, String what) {
        ObjectNode body = M.createObjectNode();
        body.set("actions", actions);
        OpenSearchHttp.Reply r = http.json("POST", "/_aliases", body);
        if (!r.ok()) {
            throw new OpsException("cannot " + what + ": " + r.describe());
        }
    }

    private ObjectNode notDeleted() {
        ObjectNode filter = M.createObjectNode();
        filter.putObject("bool").putObject("must_not").putObject("term").put(metadataField + ".deleted", true);
        return filter;
    }
}

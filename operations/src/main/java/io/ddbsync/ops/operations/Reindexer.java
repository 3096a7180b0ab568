package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillException;
import io.ddbsync.ops.backfill.BackfillProgress;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.ops.backfill.TableClock;
import io.ddbsync.ops.progress.StatusBoard;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.worker.opensearch.WriteTargets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.aws.search.SearchReply;

/**
 * A zero-downtime reindex of one search index from its table (docs/DESIGN.md "Index layout", "Operations in any order").
 *
 * <ol>
 *   <li>records the reindex in the cluster ({@link ReindexState}; a second reindex of the index is refused) and holds
 *       it with a lease ({@link ReindexLease}): a run that loses its hold stops before its next step;</li>
 *   <li>creates {@code <name>_v<N+1>} (the given settings/mappings, else the worker's template) with the alias
 *       {@code <name>_reindex}: every worker writes each change to both physical indexes from then on, each
 *       version-guarded on its own; the backfill waits {@link WriteTargets#SETTLE} so every worker knows;</li>
 *   <li>backfills the table through the change queue ({@link Backfill}), so the worker writes the images into the new
 *       index with the version rule and its own conversion; then carries over from the old index what a Scan cannot
 *       see ({@link IndexCopy}): every tombstone (so an older change replayed later cannot resurrect a deleted item)
 *       and, under TTL_DELETES=keep, every document kept for an item TTL removed;</li>
 *   <li>checks the new index against the table in settle rounds while differences resolve (no empty queue needed: a
 *       table with steady writes never has one), repairs lasting differences through the queue once, dated on the
 *       table's clock, checks again, and stops unswapped if any remain;</li>
 *   <li>moves the search alias (filtered) and the write alias to the new index and removes the reindex alias in one
 *       {@code _aliases} request; the old index stays for {@code --rollback} until {@code --finish} deletes it.</li>
 * </ol>
 * Every step is recorded before the next starts and is idempotent, so {@code --resume} continues an interrupted run.
 * Every request is bounded by a page or batch size, whatever the index holds.
 */
public final class Reindexer {

    private static final ObjectMapper M = new ObjectMapper();
    /** Documents per page when the reindex copies between indexes. */
    static final int COPY_PAGE = 500;

    /** What the steps need besides the clients. */
    public record Settings(String table, String index, Optional<ObjectNode> body, int segments, double itemsPerSecond,
                    Optional<Path> checkpoint, Optional<Duration> settle, Duration drainTimeout, int batch, int maxMessageBytes,
                    Compression compression, TtlKeep ttlKeep) {
    }

    /** Sends repair records of a table to the change queue; returns the number of messages. */
    public interface RepairSender {
        int send(String table, List<ChangeRecord> records);
    }

    private final SearchTarget search;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final String changeQueueUrl;
    private final Reconciler reconciler;
    private final ReindexState states;
    private final String metadataField;
    private final PrintWriter out;
    private final PrintWriter progress;
    private final Clock clock;
    private final RepairSender repairSender;
    private final ReindexLease lease;

    private Reindexer(Builder b) {
        this.search = require(b.search, "search");
        this.dynamoDb = require(b.dynamoDb, "dynamoDb");
        this.sqs = require(b.sqs, "sqs");
        this.changeQueueUrl = require(b.changeQueueUrl, "changeQueueUrl");
        this.reconciler = require(b.reconciler, "reconciler");
        this.metadataField = require(b.metadataField, "metadataField");
        this.out = require(b.out, "out");
        this.progress = require(b.progress, "progress");
        this.clock = require(b.clock, "clock");
        this.repairSender = require(b.repairSender, "repairSender");
        this.states = new ReindexState(search);
        this.lease = new ReindexLease(states, clock, require(b.leaseTerms, "leaseTerms"));
    }

    private static <T> T require(T value, String part) {
        if (value == null) {
            throw new IllegalStateException("Reindexer.builder(): " + part + " is not set");
        }
        return value;
    }

    /** A builder; {@link Builder#build} names the first part not set. The lease terms default to {@link ReindexLease.Terms#DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The collaborators of a reindex, each named. */
    public static final class Builder {
        private SearchTarget search;
        private DynamoDbClient dynamoDb;
        private SqsClient sqs;
        private String changeQueueUrl;
        private Reconciler reconciler;
        private String metadataField;
        private PrintWriter out;
        private PrintWriter progress;
        private Clock clock = Clock.systemUTC();
        private RepairSender repairSender;
        private ReindexLease.Terms leaseTerms = ReindexLease.Terms.DEFAULT;

        private Builder() {
        }

        /** The cluster: indexes, aliases and the reindex state. */
        public Builder search(SearchTarget v) {
            this.search = v;
            return this;
        }

        /** The table the new index is filled from. */
        public Builder dynamoDb(DynamoDbClient v) {
            this.dynamoDb = v;
            return this;
        }

        /** The change queue the backfill and the repairs go through: its client and URL. */
        public Builder changeQueue(SqsClient client, String url) {
            this.sqs = client;
            this.changeQueueUrl = url;
            return this;
        }

        /** Compares the new index with the table (the worker's conversion and shaping). */
        public Builder reconciler(Reconciler v) {
            this.reconciler = v;
            return this;
        }

        /** The worker's METADATA_FIELD. */
        public Builder metadataField(String v) {
            this.metadataField = v;
            return this;
        }

        /** Where the steps are told ({@code out}) and where the backfill's progress bars go ({@code progress}). */
        public Builder output(PrintWriter out, PrintWriter progress) {
            this.out = out;
            this.progress = progress;
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = v;
            return this;
        }

        /** Sends repair records through the change queue. */
        public Builder repairSender(RepairSender v) {
            this.repairSender = v;
            return this;
        }

        /** How long a run's hold lasts and how often it is renewed. */
        public Builder leaseTerms(ReindexLease.Terms v) {
            this.leaseTerms = v;
            return this;
        }

        /** @throws IllegalStateException naming the first part not set */
        public Reindexer build() {
            return new Reindexer(this);
        }
    }

    /**
     * Starts a reindex; refused ({@link OpsException}) when one of the index exists.
     *
     * @return true when it swapped; false when it stopped unswapped because the new index still differs from the table
     */
    public boolean start(Settings s) throws InterruptedException {
        IndexNames names = new IndexNames(s.index());
        states.read(s.index()).ifPresent(existing -> {
            throw new OpsException(ReindexState.alreadyRunning(existing));
        });
        if (search.aliasExists(names.reindex()).status() == 200) {
            throw new OpsException("the alias " + names.reindex() + " exists but no reindex is recorded in " + ReindexState.INDEX
                    + ": remove the alias by hand (workers write to it) before starting a reindex");
        }
        String from = currentPhysical(search, names);
        String to = nextPhysical(names, from);
        if (search.indexExists(to).status() == 200) {
            throw new OpsException("the index " + to + " already exists (left from an earlier attempt?): delete it first");
        }
        long now = clock.millis();
        lease.create(new ReindexState.State(s.index(), s.table(), from, to, ReindexState.Phase.CREATED, now, 0, "", 0, 0, 0, 0));
        out.println("reindex of " + s.index() + ": " + from + " -> " + to);
        return run(s);
    }

    /** Continues the recorded reindex from its last step. */
    public boolean resume(Settings s) throws InterruptedException {
        ReindexState.State st = states.read(s.index()).orElseThrow(() ->
                new OpsException("no reindex of " + s.index() + " is in progress (nothing to resume)"));
        out.println("resuming the reindex of " + s.index() + ": " + st.from() + " -> " + st.to() + " at phase "
                + st.phase().name().toLowerCase(Locale.ROOT));
        lease.take(st);
        return run(s);
    }

    private boolean run(Settings s) throws InterruptedException {
        lease.startRenewing();
        try {
            return steps(s);
        } finally {
            lease.release();
        }
    }

    private boolean steps(Settings s) throws InterruptedException {
        IndexNames names = new IndexNames(s.index());
        ReindexState.State st = lease.get();
        if (st.phase() == ReindexState.Phase.CREATED) {
            lease.check();
            createNewIndex(names, st.to(), s.body());
            st = lease.save(x -> x.phase(ReindexState.Phase.DUAL_WRITING).dualSince(clock.millis()));
            out.println("created " + st.to() + " with alias " + names.reindex() + ": workers now write every change to both indexes");
        }
        if (st.phase() == ReindexState.Phase.DUAL_WRITING) {
            long wait = st.dualSince() + WriteTargets.SETTLE.toMillis() - clock.millis();
            if (wait > 0) {
                out.println("waiting " + wait / 1000.0 + " s until every worker has seen " + names.reindex());
                out.flush();
                Thread.sleep(wait);
            }
            lease.check();
            backfill(s, st);
            lease.check();
            carryOver(s, names, st);
            st = lease.save(x -> x.phase(ReindexState.Phase.BACKFILLED));
        }
        if (st.phase() == ReindexState.Phase.BACKFILLED) {
            if (!check(s, st)) {
                return false;
            }
            st = lease.save(x -> x.phase(ReindexState.Phase.CHECKED));
        }
        if (st.phase() == ReindexState.Phase.CHECKED) {
            lease.check();
            long swappedAt = clock.millis();
            swap(names, st);
            st = lease.save(x -> x.phase(ReindexState.Phase.SWAPPED).swappedAt(swappedAt));
        }
        out.println("search and writes now use " + st.to() + "; " + st.from() + " is kept: `ddbsync reindex --rollback` goes back to it, "
                + "`ddbsync reindex --finish` deletes it");
        out.flush();
        return true;
    }

    /** Undoes the reindex from whatever step it reached. */
    public boolean rollback(Settings s) throws InterruptedException {
        ReindexState.State st = states.read(s.index()).orElseThrow(() ->
                new OpsException("no reindex of " + s.index() + " is in progress (nothing to roll back)"));
        lease.take(st);
        lease.startRenewing();
        try {
            return rollbackHeld(s, lease.get());
        } finally {
            lease.release();
        }
    }

    private boolean rollbackHeld(Settings s, ReindexState.State st) throws InterruptedException {
        IndexNames names = new IndexNames(s.index());
        boolean swapped = st.phase() == ReindexState.Phase.SWAPPED;
        if (writeAliasOn(search, names, st.to())) {
            swapped = true;
            lease.check();
            ArrayNode actions = M.createArrayNode();
            actions.addObject().putObject("remove").put("index", st.to()).put("alias", names.search());
            actions.addObject().putObject("remove").put("index", st.to()).put("alias", names.write());
            actions.addObject().putObject("add").put("index", st.from()).put("alias", names.search()).set("filter",
                    IndexWalk.live(metadataField));
            actions.addObject().putObject("add").put("index", st.from()).put("alias", names.write()).put("is_write_index", true);
            aliases(search, actions, "move the aliases back to " + st.from());
            out.println("search and writes use " + st.from() + " again");
        }
        if (swapped) {
            // the phase stays SWAPPED until the old index caught up: an interrupted rollback repeats this
            out.println("catching " + st.from() + " up with the changes made since the swap (from " + st.to() + ")");
            out.flush();
            if (!catchUp(s, names, st)) {
                return false;
            }
        }
        lease.check();
        SearchReply deleted = search.deleteIndex(st.to());
        if (!deleted.ok() && deleted.status() != 404) {
            throw new OpsException("cannot delete " + st.to() + ": " + deleted.describe());
        }
        states.delete(lease.get());
        lease.ended();
        deleteCheckpoint(s, st);
        out.println("rolled back: " + st.to() + " deleted, " + s.index() + " is served from " + st.from());
        out.flush();
        return true;
    }

    /**
     * Deletes the old index of a swapped reindex and ends it. Needs only the cluster: no table, no queue.
     *
     * @return true (a finish always ends the reindex or throws)
     */
    public static boolean finish(SearchTarget search, String index, Optional<Path> checkpoint, PrintWriter out, Clock clock)
            throws InterruptedException {
        ReindexState states = new ReindexState(search);
        ReindexLease lease = new ReindexLease(states, clock, ReindexLease.Terms.DEFAULT);
        ReindexState.State st = lease.take(states.read(index).orElseThrow(() ->
                new OpsException("no reindex of " + index + " is in progress (nothing to finish)")));
        try {
            if (st.phase() != ReindexState.Phase.SWAPPED) {
                throw new OpsException("the reindex of " + index + " is at phase " + st.phase().name().toLowerCase(Locale.ROOT)
                        + ", not swapped: continue it with --resume (or undo it with --rollback) before --finish");
            }
            SearchReply deleted = search.deleteIndex(st.from());
            if (!deleted.ok() && deleted.status() != 404) {
                throw new OpsException("cannot delete " + st.from() + ": " + deleted.describe());
            }
            states.delete(st);
            lease.ended();
            try {
                Files.deleteIfExists(checkpoint.orElse(defaultCheckpoint(st)));
            } catch (java.io.IOException e) {
                // a left-over checkpoint of a finished reindex is harmless
            }
            out.println("finished: " + st.from() + " deleted; " + index + " is served from " + st.to());
            out.flush();
            return true;
        } finally {
            lease.release();
        }
    }

    static String currentPhysical(SearchTarget search, IndexNames names) {
        SearchReply r = search.getAlias(names.write());
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
        // the worker's index template maps the metadata too; this covers a template put before quarantine existed
        create.set("mappings", mergedQuarantineMapping(create.path("mappings")));
        create.putObject("aliases").putObject(names.reindex());
        SearchReply r = search.createIndex(to, create);
        if (r.ok()) {
            return;
        }
        if ("resource_already_exists_exception".equals(r.errorType())) {
            if (search.aliasExistsOn(to, names.reindex()).status() != 200) {
                ArrayNode add = M.createArrayNode();
                add.addObject().putObject("add").put("index", to).put("alias", names.reindex());
                aliases(search, add, "add the alias " + names.reindex() + " to " + to);
            }
            return;
        }
        throw new OpsException("cannot create " + to + " (check --template): " + r.describe());
    }

    /** {@code mappings} (an object, else empty) with the metadata's quarantine fields added to its properties. */
    private ObjectNode mergedQuarantineMapping(JsonNode mappings) {
        ObjectNode out = mappings.isObject() ? ((ObjectNode) mappings).deepCopy() : M.createObjectNode();
        ObjectNode add = IndexTemplates.quarantineMapping(metadataField);
        ObjectNode properties = out.has("properties") && out.get("properties").isObject() ? (ObjectNode) out.get("properties")
                : out.putObject("properties");
        JsonNode meta = properties.path(metadataField);
        ObjectNode metaProperties;
        if (meta.isObject() && meta.path("properties").isObject()) {
            metaProperties = (ObjectNode) meta.path("properties");
        } else if (meta.isObject()) {
            metaProperties = ((ObjectNode) meta).putObject("properties");
        } else {
            metaProperties = properties.putObject(metadataField).putObject("properties");
        }
        add.path("properties").path(metadataField).path("properties").properties().forEach(e -> metaProperties.set(e.getKey(), e.getValue()));
        return out;
    }

    private void backfill(Settings s, ReindexState.State st) {
        Path file = s.checkpoint().orElse(defaultCheckpoint(st));
        BackfillSettings settings = new BackfillSettings(s.table(), changeQueueUrl, s.segments(), Math.min(s.segments(), 8),
                s.itemsPerSecond(), 500, s.maxMessageBytes(), Optional.of(file), s.compression());
        StatusBoard board = StatusBoard.on(progress);
        BackfillProgress progress = new BackfillProgress(board, s.table());
        try {
            Backfill.Result r = new Backfill(dynamoDb, SqsChangeQueue.withDefaults(sqs, changeQueueUrl),
                    TableClock.of(dynamoDb, s.table(), clock)).run(settings, progress, "reindex " + st.to() + " " + st.startedAt());
            progress.finish();
            out.println("backfill into " + st.to() + " enqueued: " + r.itemsSent() + " item(s) in " + r.messagesSent() + " message(s)"
                    + (r.segmentsSkipped() > 0 ? " (" + r.segmentsSkipped() + " segment(s) done before)" : ""));
        } catch (BackfillException e) {
            progress.finish();
            throw new OpsException("backfill of " + s.table() + " stopped; `ddbsync reindex --resume` continues from " + file, e);
        }
    }

    /**
     * What a Scan cannot see, carried over from the old index into the new one through the reindex alias: every
     * tombstone (with its version, so an older change replayed later is a no-op, not a ghost), and under
     * TTL_DELETES=keep every document kept for an item TTL removed (live, its TTL attribute passed, its item gone).
     */
    private void carryOver(Settings s, IndexNames names, ReindexState.State st) {
        IndexCopy copy = new IndexCopy(search, metadataField, repairSender, clock);
        IndexCopy.PageFilter itemGone = itemGone(new TableReads(dynamoDb, s.table(), keyNames(s.table())));
        ObjectNode tombstones = M.createObjectNode();
        tombstones.putObject("term").put(metadataField + ".deleted", true);
        IndexCopy.Result t = copy.copy(st.from(), tombstones, names.reindex(), s.table(), itemGone, COPY_PAGE);
        String kept = "";
        IndexCopy.Result k = new IndexCopy.Result(0, 0, 0, 0);
        if (s.ttlKeep().field().isPresent()) {
            String field = s.ttlKeep().field().get();
            ObjectNode expired = M.createObjectNode();
            ObjectNode bool = expired.putObject("bool");
            bool.putArray("must").addObject().putObject("range").putObject(field).put("lte", s.ttlKeep().now().getEpochSecond());
            bool.putArray("must_not").addObject().putObject("term").put(metadataField + ".deleted", true);
            k = copy.copy(st.from(), expired, names.reindex(), s.table(), itemGone, COPY_PAGE);
            kept = "; " + (k.copied() + k.unchanged()) + " document(s) kept for items TTL removed";
        }
        out.println("carried over from " + st.from() + ": " + (t.copied() + t.unchanged()) + " tombstone(s)" + kept
                + (t.refetched() + k.refetched() > 0 ? "; " + (t.refetched() + k.refetched()) + " item(s) refetched through the queue" : ""));
        out.flush();
        if (t.failed() + k.failed() > 0) {
            throw new OpsException((t.failed() + k.failed()) + " document(s) could not be carried over from " + st.from() + " to "
                    + st.to() + "; `ddbsync reindex --resume` tries again");
        }
    }

    /**
     * The documents of a page whose item is not in the table (strongly consistent BatchGetItem): only those need
     * carrying over. An item there now reaches the new index through the backfill, or, created after the copy's read,
     * through the stream.
     */
    private IndexCopy.PageFilter itemGone(TableReads reads) {
        return hits -> {
            java.util.Map<String, ObjectNode> keys = new java.util.LinkedHashMap<>();
            for (JsonNode hit : hits) {
                JsonNode key = hit.path("_source").path(metadataField).path("key");
                Optional<ObjectNode> parsed = key.isObject() ? Optional.of((ObjectNode) key) : DocumentIdKeys.parse(hit.path("_id").asText());
                parsed.ifPresent(p -> keys.put(hit.path("_id").asText(), p));
            }
            java.util.Set<String> existing = reads.existing(keys);
            return hits.stream().filter(h -> keys.containsKey(h.path("_id").asText()) && !existing.contains(h.path("_id").asText()))
                    .toList();
        };
    }

    private List<String> keyNames(String table) {
        try {
            return dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema().stream().map(k -> k.attributeName()).toList();
        } catch (RuntimeException e) {
            throw new OpsException("cannot describe table " + table, e);
        }
    }

    private static Path defaultCheckpoint(ReindexState.State st) {
        return Path.of("ddbsync-reindex-" + st.to() + ".checkpoint");
    }

    private static void deleteCheckpoint(Settings s, ReindexState.State st) {
        try {
            Files.deleteIfExists(s.checkpoint().orElse(defaultCheckpoint(st)));
        } catch (java.io.IOException e) {
            // a left-over checkpoint of a finished reindex is harmless
        }
    }

    /** Checks the new index in settle rounds, repairs lasting differences once, checks again; true when none lasts. */
    private boolean check(Settings s, ReindexState.State st) throws InterruptedException {
        return checkAndRepair(s, Reconciler.Target.physical(st.to()), st.to(),
                "not swapped: " + st.to() + " still differs from the table. Find why (`ddbsync dlq peek`), then "
                        + "`ddbsync reindex --resume` checks again, or `ddbsync reindex --rollback` abandons " + st.to());
    }

    private boolean checkAndRepair(Settings s, Reconciler.Target target, String name, String whenLasting) throws InterruptedException {
        Instant readStart = TableClock.of(dynamoDb, s.table(), clock).instant();
        try (ReconcileReport report = settledReconcile(s, target)) {
            if (report.lasting() == 0) {
                report.print(out, name);
                return true;
            }
            lease.check();
            long[] sent = new long[2];
            report.forEachBatch(RepairRecords.SEND_CHUNK, chunk -> {
                List<ChangeRecord> records = RepairRecords.of(chunk, readStart);
                sent[0] += records.size();
                sent[1] += repairSender.send(s.table(), records);
            });
            out.println(name + " differs from the table in " + report.lasting() + " item(s); enqueued " + sent[0]
                    + " repair record(s) in " + sent[1] + " message(s), checking again");
            out.flush();
        }
        try (ReconcileReport report = settledReconcile(s, target)) {
            report.print(out, name);
            if (report.lasting() > 0) {
                out.println(whenLasting);
                out.flush();
                return false;
            }
            return true;
        }
    }

    /**
     * A reconcile of {@code target}, its differences checked again in settle rounds for as long as they resolve
     * (the backfill's messages being applied, however long the queue), until {@code --drain-timeout}.
     */
    private ReconcileReport settledReconcile(Settings s, Reconciler.Target target) throws InterruptedException {
        ReconcileReport first = reconciler.reconcile(s.table(), target, Math.max(1, Math.min(s.segments(), 16)), s.batch(), 10, n -> { });
        if (first.clean()) {
            return first;
        }
        Duration settle = s.settle().orElseGet(() -> SettleTime.fromLag(search, target.lookup(), metadataField));
        out.println(first.differences() + " difference(s) in the first pass; checking them again every " + settle.toMillis() / 1000.0
                + " s while they resolve (at most " + s.drainTimeout().toSeconds() + " s, --drain-timeout)");
        out.flush();
        long deadline = System.nanoTime() + s.drainTimeout().toNanos();
        try {
            return reconciler.settle(s.table(), target, first, new Reconciler.Rounds(settle, Integer.MAX_VALUE, deadline, line -> {
                lease.check();
                out.println("  " + line);
                out.flush();
            }));
        } finally {
            first.close();
        }
    }

    /**
     * After a rollback from a swapped reindex: the old index missed the changes made since the swap, and the new one
     * has them, with their versions. Every document of the new index written since the swap (a page at a time) is
     * copied into the old one through the worker's version-guarded writer, so a change the worker applies meanwhile is
     * never regressed; then the old index is checked and repaired like a new one. True when nothing lasting is left.
     */
    private boolean catchUp(Settings s, IndexNames names, ReindexState.State st) throws InterruptedException {
        ObjectNode since = M.createObjectNode();
        since.putObject("range").putObject(metadataField + ".updated_at")
                .put("gte", Math.max(0, st.swappedAt() - WriteTargets.SETTLE.toMillis()));
        IndexCopy.Result r = new IndexCopy(search, metadataField, repairSender, clock)
                .copy(st.to(), since, names.write(), s.table(), IndexCopy.all(), COPY_PAGE);
        out.println("copied " + r.copied() + " document(s) the old index missed from " + st.to()
                + (r.refetched() > 0 ? "; " + r.refetched() + " item(s) refetched through the queue" : ""));
        out.flush();
        if (r.failed() > 0) {
            throw new OpsException(r.failed() + " document(s) could not be copied back from " + st.to() + " (run ddbsync reconcile "
                    + "--repair on the index); " + st.to() + " is kept, --rollback again retries");
        }
        return checkAndRepair(s, Reconciler.Target.aliases(names.search()), st.from(),
                "not rolled back to the end: " + st.from() + " still differs from the table; " + st.to()
                        + " is kept. Find why (`ddbsync dlq peek`), then `ddbsync reindex --rollback` again");
    }

    static boolean writeAliasOn(SearchTarget search, IndexNames names, String physical) {
        SearchReply r = search.getAlias(names.write());
        return r.ok() && r.body().has(physical);
    }

    private void swap(IndexNames names, ReindexState.State st) {
        if (writeAliasOn(search, names, st.to())) {
            return; // swapped before the state was saved
        }
        search.refresh(st.to()); // searchable in full from the first query; a target without refresh (Serverless) waits
        ArrayNode actions = M.createArrayNode();
        actions.addObject().putObject("remove").put("index", st.from()).put("alias", names.search());
        actions.addObject().putObject("remove").put("index", st.from()).put("alias", names.write());
        actions.addObject().putObject("remove").put("index", st.to()).put("alias", names.reindex());
        actions.addObject().putObject("add").put("index", st.to()).put("alias", names.search()).set("filter", IndexWalk.live(metadataField));
        actions.addObject().putObject("add").put("index", st.to()).put("alias", names.write()).put("is_write_index", true);
        aliases(search, actions, "swap the aliases to " + st.to());
    }

    private static void aliases(SearchTarget search, ArrayNode actions, String what) {
        SearchReply r = search.updateAliases(actions);
        if (!r.ok()) {
            throw new OpsException("cannot " + what + ": " + r.describe());
        }
    }
}

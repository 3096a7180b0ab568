package io.ddbsync.worker.opensearch;

import io.ddbsync.worker.internal.opensearch.CreateFirstOdds;
import io.ddbsync.worker.internal.opensearch.StoredVersions;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchJson;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchTimeoutException;
import io.ddbsync.aws.search.SearchTransportException;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.model.version.VersionException;
import io.ddbsync.model.version.Versions;
import io.ddbsync.worker.time.TimeBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Versioned writes that keep {@code _source} exactly as converted (docs/DESIGN.md "The version rule", "Where the writes go").
 *
 * <p>Per round: read the stored metadata of the pending ids ({@link StoredVersions}, one
 * {@code _mget}); decide in the worker by the version rule ({@link Versions#decide}) — a stored version
 * as new or newer makes the write {@link ItemOutcome.Stale}, a stream change within the window of a
 * stored read {@link ItemOutcome.Reread} (the caller reads the item again), a document written by another
 * table is {@link ItemOutcome.Rejected} ({@value #TABLE_CONFLICT}), an absent document is a bulk
 * {@code create}, an older one a bulk {@code index} conditioned on its {@code if_seq_no}/{@code if_primary_term}
 * and sent to the physical index those were read from (an alias may move between the read and the
 * write, as a reindex's swap does: the condition must meet the index it was read from); then send the actions
 * as {@code _bulk} requests of at most {@code maxBulkBytes} each. A 409 (another writer got there
 * first) sends the item back to be read and decided again; 429, 5xx and transport failures are
 * retried with exponential backoff while the time budget allows; a 413 splits the request in two.
 * Every call is bounded by the budget's {@link TimeBudget#callTimeout()}.
 *
 * <p>Quarantine (docs/DESIGN.md "Quarantine"): an item the mapping refuses because of one field
 * ({@link FieldQuarantine#refusedField}) is, when its table quarantines, written again in the next round with that
 * field moved into the metadata's non-indexed quarantine ({@link DocumentWrite#quarantined}), read and decided again
 * like any write; a document refused for several fields loses one per round. What quarantine cannot fix (no field
 * named, the field not in the document) stays {@link ItemOutcome.Rejected}. Throttles, 5xx and 409s are never
 * quarantined.
 *
 * <p>A {@code create} goes to the alias with {@code require_alias}: if the alias is gone the item fails
 * instead of auto-creating a stray concrete index.
 */
public final class VersionedBulkWriter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VersionedBulkWriter.class);

    /** Default bound of one {@code _bulk} body (OpenSearch advises 5–15 MB per request; docs/FACTS.md). */
    public static final int DEFAULT_MAX_BULK_BYTES = 5 * 1024 * 1024;
    /** The error type of a document that belongs to another table. */
    public static final String TABLE_CONFLICT = "ddbsync_table_conflict";
    /** The error type of a write whose item, read again, cannot be written (e.g. not convertible). */
    public static final String REREAD_FAILED = "ddbsync_reread_failed";
    /** The error type of a stored document whose version ddbsync cannot read. */
    public static final String VERSION_CONFLICT = "ddbsync_version_unreadable";
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Read-decide-write rounds lost to concurrent writers before the item counts as exhausted. */
    static final int MAX_CONFLICT_ROUNDS = 20;

    private final SearchTarget target;
    private final StoredVersions stored;
    private final String metadataField;
    private final int maxBulkBytes;
    private final MetricsSink metrics;
    private final Clock clock;
    private final Predicate<String> quarantines;
    private final BulkSender sender;
    /** Whether read versions may go out as create first ({@code CREATE_FIRST_READS}); null: they are always read first. */
    private final CreateFirstOdds readsCreateFirst;

    /** A writer that quarantines refused fields of every table's documents. */
    public VersionedBulkWriter(SearchTarget target, String metadataField, int maxBulkBytes, MetricsSink metrics, Clock clock) {
        this(target, metadataField, maxBulkBytes, metrics, clock, table -> true);
    }

    /** @param quarantines whether a table's documents get refused fields quarantined (the worker's QUARANTINE) */
    public VersionedBulkWriter(SearchTarget target, String metadataField, int maxBulkBytes, MetricsSink metrics, Clock clock,
                               Predicate<String> quarantines) {
        this(target, metadataField, maxBulkBytes, metrics, clock, quarantines, (actions, timeout) -> target.bulk(actions, timeout), null);
    }

    /**
     * @param quarantines whether a table's documents get refused fields quarantined (the worker's QUARANTINE)
     * @param sender      how a {@code _bulk} request is sent (the target's own, or the invocation's gather); reads go to
     *                    {@code target}
     * @param readsCreateFirst when to send read versions (backfill items, repairs) as {@code create} without a read
     *                    first, as stream INSERTs are; null: never
     */
    public VersionedBulkWriter(SearchTarget target, String metadataField, int maxBulkBytes, MetricsSink metrics, Clock clock,
                               Predicate<String> quarantines, BulkSender sender, CreateFirstOdds readsCreateFirst) {
        if (maxBulkBytes < 1024) {
            throw new IllegalArgumentException("maxBulkBytes must be >= 1024: " + maxBulkBytes);
        }
        this.target = target;
        this.stored = new StoredVersions(target, metadataField);
        this.metadataField = metadataField;
        this.maxBulkBytes = maxBulkBytes;
        this.metrics = metrics;
        this.clock = clock;
        this.quarantines = java.util.Objects.requireNonNull(quarantines, "quarantines");
        this.sender = java.util.Objects.requireNonNull(sender, "sender");
        this.readsCreateFirst = readsCreateFirst;
    }

    /** The action chosen for one write in one round. */
    private record Action(int write, BulkAction bulk) {
    }

    /** One outcome per write, in order. Writes to one document must be collapsed before (one write per id). */
    public List<ItemOutcome> write(List<DocumentWrite> writes, TimeBudget budget) {
        return write(writes, budget, Rereader.NONE);
    }

    /**
     * As {@link #write(List, TimeBudget)}; where the version rule cannot order a write against the stored document,
     * {@code rereader} reads the item again and that read is applied over what was stored ({@link Rereader}); without
     * one ({@link Rereader#NONE}, null) the outcome is {@link ItemOutcome.Reread}.
     */
    public List<ItemOutcome> write(List<DocumentWrite> original, TimeBudget budget, Rereader rereader) {
        List<DocumentWrite> writes = new ArrayList<>(original);
        ItemOutcome[] outcomes = new ItemOutcome[writes.size()];
        List<Integer> pending = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            pending.add(i);
        }
        long updatedAt = clock.millis();
        boolean readsFirstCreate = readsCreateFirst != null && readsCreateFirst.createFirst();
        int attempt = 0;
        int conflictRounds = 0;
        boolean firstRound = true;
        while (!pending.isEmpty()) {
            Round round = new Round(writes, outcomes, budget, rereader, firstRound && readsFirstCreate);
            List<Integer> retry = round.retry;
            List<Integer> conflicts = round.conflicts;
            Set<Integer> unread = round.unread;
            String retryReason;
            try {
                retryReason = round.run(pending, updatedAt, firstRound);
            } catch (SearchTimeoutException e) {
                exhaust(pending, outcomes, e.getMessage());
                break;
            }
            if (firstRound && readsFirstCreate) {
                readsCreateFirst.observe(round.readCreates, (int) conflicts.stream().filter(i -> unread.contains(i)
                        && Versions.isRead(writes.get(i).version())).count());
            }
            firstRound = false;
            // a likely-new document that existed after all is read and decided in the next round: no lost race
            long raced = conflicts.stream().filter(i -> !unread.contains(i)).count();
            if (raced > 0 && ++conflictRounds > MAX_CONFLICT_ROUNDS) {
                exhaust(conflicts, outcomes, "still losing to concurrent writers after " + MAX_CONFLICT_ROUNDS + " rounds");
                conflicts.clear();
            }
            if (!retry.isEmpty()) {
                long backoff = backoff(attempt++);
                if (!budget.canWait(backoff)) {
                    retry.addAll(conflicts);
                    retry.addAll(round.requeue);
                    exhaust(retry, outcomes, "time budget exhausted after " + attempt + " attempt(s); last answer: " + retryReason);
                    break;
                }
                metrics.count(WorkerMetricNames.THROTTLED_RETRIES, retry.size());
                sleep(backoff);
            }
            if (raced > 0) {
                metrics.count(WorkerMetricNames.VERSION_CONFLICT_RETRIES, raced);
            }
            retry.addAll(conflicts);
            retry.addAll(round.requeue);
            retry.sort(null);
            pending = retry;
        }
        return List.of(outcomes);
    }

    private static void exhaust(List<Integer> items, ItemOutcome[] outcomes, String reason) {
        for (int i : items) {
            outcomes[i] = new ItemOutcome.Exhausted(reason);
        }
    }

    /**
     * One round's bookkeeping over the writes of one {@link #write} call: each write's outcome once known
     * ({@code outcomes}, by write index, shared by all rounds), and which writes go to the next round: to
     * {@code retry} (throttled, transport failures), to {@code conflicts} (read and decide again), with
     * {@code unread} the writes sent this round without a read, to {@code requeue} (a field quarantined: written again
     * without waiting).
     */
    private final class Round {
        private final List<DocumentWrite> writes;
        private final ItemOutcome[] outcomes;
        private final TimeBudget budget;
        private final Rereader rereader;
        final List<Integer> retry = new ArrayList<>();
        final List<Integer> conflicts = new ArrayList<>();
        final Set<Integer> unread = new HashSet<>();
        final List<Integer> requeue = new ArrayList<>();

        private final boolean readsCreateFirst;
        /** Read-version writes sent as create without a read this round. */
        int readCreates;

        Round(List<DocumentWrite> writes, ItemOutcome[] outcomes, TimeBudget budget, Rereader rereader, boolean readsCreateFirst) {
            this.writes = writes;
            this.outcomes = outcomes;
            this.budget = budget;
            this.rereader = rereader;
            this.readsCreateFirst = readsCreateFirst;
        }

        /**
         * Reads, decides and sends the pending writes once; returns why items were put in {@link #retry}. In the
         * first round, likely-new writes are sent as {@code create} without a read (added to {@link #unread}): the
         * {@code _mget} round trip before a stream INSERT's bulk is saved, and a document that exists answers 409.
         */
        String run(List<Integer> pending, long updatedAt, boolean firstRound) {
            List<Integer> toRead = new ArrayList<>(pending.size());
            for (int i : pending) {
                DocumentWrite w = writes.get(i);
                if (firstRound && w.likelyNew()) {
                    unread.add(i);
                } else if (readsCreateFirst && !w.tombstone() && Versions.isRead(w.version())) {
                    unread.add(i);
                    readCreates++;
                } else {
                    toRead.add(i);
                }
            }
            Map<String, StoredVersions.Stored> current;
            try {
                current = toRead.isEmpty() ? Map.of() : readStored(writes, toRead, budget);
            } catch (SearchTimeoutException e) {
                throw e;
            } catch (SearchTransportException e) {
                retry.addAll(pending);
                return e.getMessage();
            }
            List<Action> actions = new ArrayList<>(pending.size());
            List<Integer> unordered = new ArrayList<>();
            for (int i : pending) {
                DocumentWrite w = writes.get(i);
                StoredVersions.Stored s = current.get(w.index() + "\u0000" + w.id());
                if (s != null && s.table() != null && !s.table().equals(w.table())) {
                    outcomes[i] = new ItemOutcome.Rejected(409, TABLE_CONFLICT, "document " + w.id() + " in " + w.index()
                            + " was written from table " + s.table() + ", not " + w.table()
                            + ": two tables map to one index (set INDEX_MAP so each table has its own)");
                } else if (decide(w, s, i, updatedAt, outcomes, actions) && rereader != null) {
                    unordered.add(i);
                }
            }
            if (!unordered.isEmpty()) {
                rereadInPlace(unordered, current, updatedAt, actions);
            }
            String reason = "";
            for (List<Action> chunk : chunks(actions)) {
                String r = send(chunk);
                reason = r.isEmpty() ? reason : r;
            }
            return reason;
        }

        /**
         * The writes the rule could not order, replaced (in {@code writes}) by what the rereader read after the stored
         * versions were read, and applied over exactly those (conditioned on their {@code _seq_no}): the read is the
         * newer by causality. A read that cannot be written fails its record; nothing to write is a no-op.
         */
        private void rereadInPlace(List<Integer> unordered, Map<String, StoredVersions.Stored> current, long updatedAt,
                                   List<Action> actions) {
            List<DocumentWrite> asked = new ArrayList<>(unordered.size());
            unordered.forEach(i -> asked.add(writes.get(i)));
            List<Rereader.Result> results;
            try {
                results = rereader.reread(asked);
            } catch (RuntimeException e) {
                for (int i : unordered) {
                    outcomes[i] = new ItemOutcome.Exhausted("cannot read the item again: " + e.getMessage());
                }
                return;
            }
            metrics.count(WorkerMetricNames.READ_WINDOW_REREADS, unordered.size());
            for (int k = 0; k < unordered.size(); k++) {
                int i = unordered.get(k);
                Rereader.Result r = results.get(k);
                if (r instanceof Rereader.Result.Write w) {
                    DocumentWrite read = w.write();
                    writes.set(i, read);
                    StoredVersions.Stored s = current.get(read.index() + "\u0000" + read.id());
                    actions.add(new Action(i, encode(read, s, updatedAt)));
                } else if (r instanceof Rereader.Result.Failed f) {
                    outcomes[i] = new ItemOutcome.Rejected(422, REREAD_FAILED, f.reason());
                } else {
                    outcomes[i] = new ItemOutcome.Stale();
                }
            }
        }

        /** Sends one chunk; a 413 splits it in halves. Returns why items were put in {@link #retry}. */
        private String send(List<Action> chunk) {
            List<BulkAction> actions = new ArrayList<>(chunk.size());
            for (Action a : chunk) {
                actions.add(a.bulk());
            }
            long start = System.nanoTime();
            SearchReply reply;
            try {
                reply = sender.bulk(actions, budget.callTimeout());
            } catch (SearchTimeoutException e) {
                throw e;
            } catch (SearchTransportException e) {
                chunk.forEach(a -> retry.add(a.write()));
                return e.getMessage();
            } finally {
                metrics.millis(WorkerMetricNames.BULK_LATENCY_MS, (System.nanoTime() - start) / 1_000_000);
            }
            if (reply.status() == 413) {
                return split(chunk);
            }
            if (reply.retryable()) {
                chunk.forEach(a -> retry.add(a.write()));
                return reply.describe();
            }
            if (!reply.ok()) {
                for (Action a : chunk) {
                    outcomes[a.write()] = new ItemOutcome.Rejected(reply.status(), reply.errorType(), reply.describe());
                }
                return "";
            }
            return items(chunk, reply.body().path("items"));
        }

        /** A chunk the cluster found too large (413): sent again in halves; one document alone is rejected. */
        private String split(List<Action> chunk) {
            if (chunk.size() == 1) {
                outcomes[chunk.get(0).write()] = new ItemOutcome.Rejected(413, "request_entity_too_large",
                        "one document of " + chunk.get(0).bulk().size() + " bytes is larger than the cluster accepts in a request");
                return "";
            }
            metrics.count(WorkerMetricNames.BULK_SPLITS, 1);
            int half = chunk.size() / 2;
            String a = send(chunk.subList(0, half));
            String b = send(chunk.subList(half, chunk.size()));
            return b.isEmpty() ? a : b;
        }

        /** Sorts a {@code _bulk} answer's items (in the chunk's order) into outcomes, retries and conflicts. */
        private String items(List<Action> chunk, JsonNode items) {
            if (items.size() != chunk.size()) {
                throw new IllegalStateException("_bulk answered " + items.size() + " items for " + chunk.size() + " actions");
            }
            String reason = "";
            for (int k = 0; k < chunk.size(); k++) {
                int i = chunk.get(k).write();
                JsonNode item = items.get(k).elements().next();
                int status = item.path("status").asInt();
                if (status == 200 || status == 201) {
                    outcomes[i] = new ItemOutcome.Applied(writes.get(i).tombstone(), writes.get(i).quarantinedFields());
                } else if (status == 429 || status >= 500) {
                    // throttled or failed on the cluster's side, the unread creates too: sent again after a backoff
                    retry.add(i);
                    reason = "HTTP " + status + " " + item.path("error").path("type").asText();
                } else if (status == 409 || (unread.contains(i) && status >= 400 && status < 500)) {
                    // a create sent without reading first: OpenSearch parses the document before it finds one stored, so
                    // a refusal (a mapping conflict) may hide a newer stored version that makes the write a no-op.
                    // Read and decide; only a write the guard lets through can fail for good.
                    conflicts.add(i);
                } else if (!quarantine(i, status, item.path("error"))) {
                    JsonNode error = item.path("error");
                    outcomes[i] = new ItemOutcome.Rejected(status, error.path("type").asText(), SearchReply.describeError(error));
                }
            }
            return reason;
        }

        /**
         * A 400 naming the field the mapping refused, for a table that quarantines: the write replaced by one with that
         * field moved to the quarantine and put in {@link #requeue}. False when quarantine cannot fix it.
         */
        private boolean quarantine(int i, int status, JsonNode error) {
            DocumentWrite w = writes.get(i);
            if (status != 400 || !quarantines.test(w.table())) {
                return false;
            }
            java.util.Optional<String> field = FieldQuarantine.refusedField(error);
            java.util.Optional<DocumentWrite> moved = field.flatMap(w::quarantined);
            if (moved.isEmpty()) {
                return false;
            }
            writes.set(i, moved.get());
            requeue.add(i);
            LOG.atWarn().addKeyValue(io.ddbsync.model.log.LogFields.TABLE, w.table()).addKeyValue(io.ddbsync.model.log.LogFields.DOCUMENT_ID, w.id()).addKeyValue("index", w.index())
                    .addKeyValue("field", field.get()).addKeyValue("errorType", error.path("type").asText())
                    .log("field quarantined: the mapping refused it");
            return true;
        }
    }

    /** Decides one write against what is stored; true when the rule cannot order them ({@link ItemOutcome.Reread} set). */
    private boolean decide(DocumentWrite w, StoredVersions.Stored s, int i, long updatedAt, ItemOutcome[] outcomes,
                           List<Action> actions) {
        Versions.Decision decision;
        try {
            decision = Versions.decide(w.version(), s == null ? null : s.version());
        } catch (VersionException e) {
            outcomes[i] = new ItemOutcome.Rejected(409, VERSION_CONFLICT, "document " + w.id() + " in " + w.index()
                    + " carries a version ddbsync cannot read: " + e.getMessage());
            return false;
        }
        if (LOG.isDebugEnabled()) {
            LOG.atDebug().addKeyValue("documentId", w.id()).addKeyValue("index", s == null ? w.index() : s.index())
                    .addKeyValue("version", w.version()).addKeyValue("storedVersion", s == null ? "" : String.valueOf(s.version()))
                    .addKeyValue("decision", decision.name()).addKeyValue("tombstone", w.tombstone()).log("version decided");
        }
        switch (decision) {
            case STALE -> outcomes[i] = new ItemOutcome.Stale();
            case REREAD -> outcomes[i] = new ItemOutcome.Reread();
            case APPLY -> actions.add(new Action(i, encode(w, s, updatedAt)));
            default -> throw new IllegalStateException("unknown decision " + decision);
        }
        return decision == Versions.Decision.REREAD;
    }

    private Map<String, StoredVersions.Stored> readStored(List<DocumentWrite> writes, List<Integer> pending, TimeBudget budget) {
        Map<String, List<String>> idsByIndex = new LinkedHashMap<>();
        for (int i : pending) {
            DocumentWrite w = writes.get(i);
            idsByIndex.computeIfAbsent(w.index(), k -> new ArrayList<>()).add(w.id());
        }
        Map<String, StoredVersions.Stored> out = new HashMap<>();
        idsByIndex.forEach((index, ids) -> stored.read(index, ids, budget)
                .forEach((id, s) -> out.put(index + "\u0000" + id, s)));
        return out;
    }

    /** Groups actions into requests of at most {@code maxBulkBytes} (an action larger than that goes alone). */
    private List<List<Action>> chunks(List<Action> actions) {
        List<List<Action>> out = new ArrayList<>();
        List<Action> chunk = new ArrayList<>();
        long bytes = 0;
        for (Action a : actions) {
            if (!chunk.isEmpty() && bytes + a.bulk().size() > maxBulkBytes) {
                out.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(a);
            bytes += a.bulk().size();
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }

    /**
     * The {@code _bulk} body a first write of these documents sends when none is indexed yet
     * ({@code create} actions), without sending it: SnapStart priming runs the encoding this way.
     */
    public byte[] encodeCreates(List<DocumentWrite> writes, long updatedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DocumentWrite w : writes) {
            encode(w, null, updatedAt).writeTo(out);
        }
        return out.toByteArray();
    }

    /**
     * The bulk action of one write: {@code create} of a new id through the alias (with {@code require_alias}), else
     * {@code index} conditioned on what was read, into the physical index it was read from.
     */
    BulkAction encode(DocumentWrite w, StoredVersions.Stored s, long updatedAt) {
        byte[] source = source(w, updatedAt);
        if (s == null) {
            return BulkAction.createThroughAlias(w.index(), w.id(), source);
        }
        String physical = s.index() == null || s.index().isEmpty() ? w.index() : s.index();
        return BulkAction.indexIf(physical, w.id(), s.seqNo(), s.primaryTerm(), source);
    }

    /** The exact {@code _source} of a write ({@link SourceEncoder}). */
    private byte[] source(DocumentWrite w, long updatedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(w.tombstone() ? 192 : 1024);
        try (JsonGenerator g = SearchJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            SourceEncoder.write(g, w, metadataField, updatedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the source of document " + w.id(), e);
        }
        return out.toByteArray();
    }

    static long backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchTransportException("interrupted while backing off", e);
        }
    }
}

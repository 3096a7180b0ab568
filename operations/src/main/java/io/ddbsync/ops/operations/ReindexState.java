package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchTarget;
import java.util.Optional;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SeqNoPrimaryTerm;

/**
 * Where a reindex stands, kept in the cluster (index {@value #INDEX}, one document per search alias)
 * so any host can resume or roll it back. Created with {@code _create}: two reindexes of one index
 * cannot both start. Every change is conditioned on the {@code _seq_no} read, and a run holds a
 * lease ({@code heldBy}, {@code heldUntil}) it renews while it works, so a second run of the same
 * reindex is refused while the first is alive.
 */
final class ReindexState {

    static final String INDEX = "ddbsync-reindex";
    private static final ObjectMapper M = new ObjectMapper();

    /** The steps, in order; a reindex is resumed from the one it recorded last. */
    enum Phase {
        /** The state exists; the new index may not yet. */
        CREATED,
        /** The new index exists with the reindex alias: the workers write every change to both. */
        DUAL_WRITING,
        /** The table was backfilled into the new index (through the change queue). */
        BACKFILLED,
        /** The new index matched the table. */
        CHECKED,
        /** Search and write aliases are on the new index; the old one is kept for a rollback. */
        SWAPPED
    }

    /** One state document and the {@code _seq_no}/{@code _primary_term} it was read with. */
    /**
     * One state document and the {@code _seq_no}/{@code _primary_term} it was read with. Times in epoch milliseconds;
     * {@code swappedAt} 0 until the swap (and in states recorded before it was kept: a rollback then copies every
     * document of the new index back).
     */
    record State(String index, String table, String from, String to, Phase phase, long startedAt, long dualSince,
                 String heldBy, long heldUntil, long swappedAt, long seqNo, long primaryTerm) {

        State phase(Phase p) {
            return new State(index, table, from, to, p, startedAt, dualSince, heldBy, heldUntil, swappedAt, seqNo, primaryTerm);
        }

        State dualSince(long millis) {
            return new State(index, table, from, to, phase, startedAt, millis, heldBy, heldUntil, swappedAt, seqNo, primaryTerm);
        }

        State held(String by, long until) {
            return new State(index, table, from, to, phase, startedAt, dualSince, by, until, swappedAt, seqNo, primaryTerm);
        }

        State swappedAt(long millis) {
            return new State(index, table, from, to, phase, startedAt, dualSince, heldBy, heldUntil, millis, seqNo, primaryTerm);
        }

        ObjectNode toJson() {
            ObjectNode n = M.createObjectNode();
            n.put("index", index).put("table", table).put("from", from).put("to", to).put("phase", phase.name())
                    .put("startedAt", startedAt).put("dualSince", dualSince).put("heldBy", heldBy).put("heldUntil", heldUntil)
                    .put("swappedAt", swappedAt);
            return n;
        }

        static State fromJson(JsonNode doc) {
            JsonNode s = doc.path("_source");
            return new State(s.path("index").asText(), s.path("table").asText(), s.path("from").asText(), s.path("to").asText(),
                    Phase.valueOf(s.path("phase").asText()), s.path("startedAt").asLong(), s.path("dualSince").asLong(),
                    s.path("heldBy").asText(""), s.path("heldUntil").asLong(), s.path("swappedAt").asLong(0),
                    doc.path("_seq_no").asLong(), doc.path("_primary_term").asLong());
        }
    }

    /** The state was changed by someone else since it was read (its {@code _seq_no} moved on). */
    static final class Conflict extends OpsException {
        Conflict(String message) {
            super(message);
        }
    }

    private final SearchTarget search;

    ReindexState(SearchTarget search) {
        this.search = search;
    }

    Optional<State> read(String index) {
        SearchReply r = search.getDocument(INDEX, index);
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new OpsException("cannot read the reindex state of " + index + ": " + r.describe());
        }
        return Optional.of(State.fromJson(r.body()));
    }

    /** @throws OpsException when a reindex of this index already exists */
    State create(State s) {
        SearchReply r = search.createDocument(INDEX, s.index(), s.toJson(), true);
        if (r.status() == 409) {
            State other = read(s.index()).orElse(s);
            throw new OpsException(alreadyRunning(other));
        }
        if (!r.ok()) {
            throw new OpsException("cannot record the reindex state of " + s.index() + " in " + INDEX + ": " + r.describe());
        }
        return withSeq(s, r.body());
    }

    /** @throws OpsException when the state changed since it was read (another run took the reindex over) */
    State update(State s) {
        SearchReply r = search.indexDocument(INDEX, s.index(), s.toJson(), Optional.of(new SeqNoPrimaryTerm(s.seqNo(), s.primaryTerm())),
                true);
        if (r.status() == 409) {
            throw new Conflict("the reindex state of " + s.index() + " changed under this run (another ddbsync reindex took it "
                    + "over?); this run stops");
        }
        if (!r.ok()) {
            throw new OpsException("cannot update the reindex state of " + s.index() + ": " + r.describe());
        }
        return withSeq(s, r.body());
    }

    void delete(State s) {
        SearchReply r = search.deleteDocument(INDEX, s.index(), Optional.of(new SeqNoPrimaryTerm(s.seqNo(), s.primaryTerm())), true);
        if (!r.ok() && r.status() != 404) {
            throw new OpsException("cannot delete the reindex state of " + s.index() + ": " + r.describe());
        }
    }

    static String alreadyRunning(State s) {
        return "a reindex of " + s.index() + " is already in progress (" + s.from() + " -> " + s.to() + ", phase "
                + s.phase().name().toLowerCase(java.util.Locale.ROOT) + ", started " + java.time.Instant.ofEpochMilli(s.startedAt())
                + "); continue it with --resume, undo it with --rollback" + (s.phase() == Phase.SWAPPED ? ", or end it with --finish" : "");
    }

    private static State withSeq(State s, JsonNode reply) {
        return new State(s.index(), s.table(), s.from(), s.to(), s.phase(), s.startedAt(), s.dualSince(), s.heldBy(), s.heldUntil(),
                s.swappedAt(), reply.path("_seq_no").asLong(), reply.path("_primary_term").asLong());
    }
}

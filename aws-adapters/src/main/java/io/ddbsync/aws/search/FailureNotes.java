package io.ddbsync.aws.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last failure reason of each failed message where an operator can read it back
 * ({@code ddbsync dlq peek}): one document per envelope in the index {@value #INDEX}, id = the
 * envelope id (or {@code message-<messageId>} when the body cannot be decoded). SQS messages cannot
 * be changed once sent, so the reason cannot travel with the message; the envelope id is in the
 * body and survives the move to the dead-letter queue and a redrive. The worker writes the notes,
 * the command line reads them: both through this class.
 *
 * <p>Writing is best effort: one {@code _bulk} per batch; a note that cannot be written is logged
 * and never changes a message's outcome.
 */
public final class FailureNotes {

    /**
     * The index holding the notes: {@code envelopeId, messageId, table, firstSeq, reason, receiveCount, failedAt}
     * ({@code firstSeq}: the first record's sequence number; a stored field name, kept like the wire's {@code seq}).
     */
    public static final String INDEX = "ddbsync-failures";
    /** Reasons are cut to this many characters. */
    static final int MAX_REASON_CHARS = 4_000;

    private static final Logger LOG = LoggerFactory.getLogger(FailureNotes.class);


    private final SearchTarget target;
    private final Clock clock;

    public FailureNotes(SearchTarget target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    /**
     * A failed SQS message and why.
     *
     * @param receiveCount         SQS's {@code ApproximateReceiveCount}, or null when unknown
     * @param failedKey            the key (DynamoDB JSON) of the first record that failed, or null when the message
     *                             failed as a whole
     * @param failedSequenceNumber that record's sequence number, or null
     */
    public record Failure(String messageId, String body, String receiveCount, String reason, String failedKey,
                          String failedSequenceNumber) {

        public Failure(String messageId, String body, String receiveCount, String reason) {
            this(messageId, body, receiveCount, reason, null, null);
        }
    }

    /**
     * What a note says of a message.
     *
     * @param failedKey            the key of its first failed record, or null when not noted
     * @param failedSequenceNumber that record's sequence number, or null
     */
    public record Note(String reason, String failedKey, String failedSequenceNumber) {
    }

    /** The note's document id for a message body: its envelope id, else {@code message-<messageId>}. */
    public static String noteId(String body, String messageId) {
        try {
            return WireCodec.decode(body).id();
        } catch (RuntimeException e) {
            return "message-" + messageId;
        }
    }

    /** Writes one note per failure with one {@code _bulk} that waits at most {@code callTimeout}. */
    public void record(List<Failure> failures, Duration callTimeout) {
        if (failures.isEmpty()) {
            return;
        }
        List<BulkAction> actions = new ArrayList<>(failures.size());
        long now = clock.millis();
        for (Failure f : failures) {
            ObjectNode note = SearchJson.mapper().createObjectNode();
            String id;
            try {
                ChangeEnvelope envelope = WireCodec.decode(f.body());
                id = envelope.id();
                note.put("envelopeId", id);
                note.put("table", envelope.table());
                note.put("firstSeq", envelope.records().get(0).sequenceNumber());
            } catch (RuntimeException e) {
                id = "message-" + f.messageId();
            }
            note.put("messageId", f.messageId());
            String reason = f.reason() == null ? "" : f.reason();
            note.put("reason", reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason);
            if (f.receiveCount() != null) {
                note.put("receiveCount", f.receiveCount());
            }
            if (f.failedKey() != null) {
                note.put("failedKey", f.failedKey());
                note.put("failedSeq", f.failedSequenceNumber());
            }
            note.put("failedAt", now);
            actions.add(BulkAction.index(INDEX, id, note.toString().getBytes(StandardCharsets.UTF_8)));
        }
        try {
            SearchReply reply = target.bulk(actions, callTimeout);
            if (!reply.ok() || reply.body().path("errors").asBoolean(false)) {
                LOG.atWarn().addKeyValue("messages", failures.size()).addKeyValue(LogFields.REASON, abbreviate(reply.describe()))
                        .log("failure notes not written");
            }
        } catch (SearchTransportException | IllegalStateException e) {
            LOG.atWarn().setCause(e).addKeyValue("messages", failures.size()).log("failure notes not written");
        }
    }

    /**
     * The reasons noted for {@code noteIds} (note id → reason), with one {@code _mget}; ids without a
     * note are absent.
     *
     * @throws FailureNotesException when the index cannot be read
     */
    public Map<String, String> reasons(Collection<String> noteIds) {
        Map<String, String> out = new HashMap<>();
        notes(noteIds).forEach((id, note) -> out.put(id, note.reason()));
        return out;
    }

    /**
     * The notes of {@code noteIds} (note id → note), with one {@code _mget}; ids without a note are absent.
     *
     * @throws FailureNotesException when the index cannot be read
     */
    public Map<String, Note> notes(Collection<String> noteIds) {
        Map<String, Note> out = new HashMap<>();
        if (noteIds.isEmpty()) {
            return out;
        }
        SearchReply reply = target.mget(INDEX, noteIds, List.of());
        if (reply.status() == 404) {
            return out; // no note written yet
        }
        if (!reply.ok()) {
            throw new FailureNotesException("cannot read failure notes from index " + INDEX + ": " + reply.describe());
        }
        for (JsonNode doc : reply.body().path("docs")) {
            if (doc.path("found").asBoolean(false)) {
                JsonNode source = doc.path("_source");
                out.put(doc.path("_id").asText(), new Note(source.path("reason").asText(),
                        source.hasNonNull("failedKey") ? source.path("failedKey").asText() : null,
                        source.hasNonNull("failedSeq") ? source.path("failedSeq").asText() : null));
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}

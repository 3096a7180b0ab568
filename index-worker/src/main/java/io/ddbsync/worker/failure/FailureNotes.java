package io.ddbsync.worker.failure;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.worker.opensearch.OpenSearchHttp;
import io.ddbsync.worker.opensearch.OpenSearchTransportException;
import io.ddbsync.worker.time.TimeBudget;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last failure reason of each failed message where an operator can read it back
 * ({@code ddbsync dlq peek}): one document per envelope in the index {@value #INDEX}, id = the
 * envelope id (or {@code message-<messageId>} when the body cannot be decoded). SQS messages cannot
 * be changed once sent, so the reason cannot travel with the message; the envelope id is in the
 * body and survives the move to the dead-letter queue and a redrive.
 *
 * <p>Best effort: one {@code _bulk} per batch, only while the time budget allows; a note that cannot
 * be written is logged and never changes a message's outcome.
 */
public final class FailureNotes {

    /** The index holding the notes: {@code envelopeId, messageId, table, firstSeq, reason, receiveCount, failedAt}. */
    public static final String INDEX = "ddbsync-failures";
    /** Reasons are cut to this many characters. */
    static final int MAX_REASON_CHARS = 4_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Logger LOG = LoggerFactory.getLogger(FailureNotes.class);

    private final OpenSearchHttp http;
    private final Clock clock;

    public FailureNotes(OpenSearchHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A failed message and why. */
    public record Failure(SQSMessage message, String reason) {
    }

    /** The note's document id for a message body: its envelope id, else {@code message-<messageId>}. */
    public static String noteId(String body, String messageId) {
        try {
            return WireCodec.decode(body).id();
        } catch (RuntimeException e) {
            return "message-" + messageId;
        }
    }

    public void record(List<Failure> failures, TimeBudget budget) {
        if (failures.isEmpty()) {
            return;
        }
        if (!budget.canStart()) {
            LOG.atWarn().addKeyValue("messages", failures.size()).addKeyValue(LogFields.REASON, "time budget")
                    .log("failure notes skipped");
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long now = clock.millis();
        for (Failure f : failures) {
            SQSMessage m = f.message();
            ObjectNode note = MAPPER.createObjectNode();
            String id;
            try {
                ChangeEnvelope envelope = WireCodec.decode(m.getBody());
                id = envelope.id();
                note.put("envelopeId", id);
                note.put("table", envelope.table());
                note.put("firstSeq", envelope.records().get(0).seq());
            } catch (RuntimeException e) {
                id = "message-" + m.getMessageId();
            }
            note.put("messageId", m.getMessageId());
            String reason = f.reason() == null ? "" : f.reason();
            note.put("reason", reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason);
            Map<String, String> attributes = m.getAttributes();
            if (attributes != null && attributes.get("ApproximateReceiveCount") != null) {
                note.put("receiveCount", attributes.get("ApproximateReceiveCount"));
            }
            note.put("failedAt", now);
            ObjectNode action = MAPPER.createObjectNode();
            action.putObject("index").put("_index", INDEX).put("_id", id);
            body.writeBytes((action + "\n" + note + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            OpenSearchHttp.Reply reply = http.ndjson("/_bulk", body.toByteArray(), budget.callTimeout());
            if (!reply.ok() || reply.body().path("errors").asBoolean(false)) {
                LOG.atWarn().addKeyValue("messages", failures.size()).addKeyValue(LogFields.REASON, abbreviate(reply.describe()))
                        .log("failure notes not written");
            }
        } catch (OpenSearchTransportException | IllegalStateException e) {
            LOG.atWarn().setCause(e).addKeyValue("messages", failures.size()).log("failure notes not written");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}

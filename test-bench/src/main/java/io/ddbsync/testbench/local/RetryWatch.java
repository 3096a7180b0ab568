package io.ddbsync.testbench.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.ddbsync.aws.search.FailureNotes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The messages the worker failed and the change queue will deliver again, for the live status: it wraps the worker
 * handler as the SQS mapping invokes it and keeps, per failed message, its table and the key of the record that failed
 * (from the worker's failure note, {@link FailureNotes}; the first record's when no note names one; never values), its
 * receive count, and when SQS delivers it again or dead-letters it (a message failed on its {@code maxReceiveCount}-th
 * receive moves to the dead-letter queue when its visibility timeout ends). A message leaves the list when a later
 * delivery succeeds, or once it is due in the dead-letter queue.
 */
public final class RetryWatch implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /**
     * One failed message.
     *
     * @param messageId    the SQS message id
     * @param table        the envelope's table ("?" when the body cannot be decoded)
     * @param key          the key of the record that failed as the worker's failure note names it ({@code failedKey}),
     *                     else of its first change record, DynamoDB JSON ("?" when none)
     * @param sequenceNumber that record's sequence number ("?" when unknown)
     * @param records      change records in the envelope
     * @param receiveCount receives so far (ApproximateReceiveCount of the failed delivery)
     * @param nextReceive  when its visibility timeout ends: delivered again, or dead-lettered when {@link #lastReceive}
     * @param lastReceive  true when that next receive moves it to the dead-letter queue
     */
    public record Retrying(String messageId, String table, String key, String sequenceNumber, int records, int receiveCount,
                           Instant nextReceive, boolean lastReceive) {
    }

    private final RequestHandler<SQSEvent, SQSBatchResponse> worker;
    private final Duration visibilityTimeout;
    private final int maxReceiveCount;
    private final Clock clock;
    private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();
    private final Function<Collection<String>, Map<String, FailureNotes.Note>> notes;

    /**
     * @param notes the worker's failure notes by note id ({@link FailureNotes#notes}); a lookup that fails counts as
     *              no note
     */
    public RetryWatch(RequestHandler<SQSEvent, SQSBatchResponse> worker, Duration visibilityTimeout, int maxReceiveCount,
                      Clock clock, Function<Collection<String>, Map<String, FailureNotes.Note>> notes) {
        this.notes = notes;
        this.worker = worker;
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceiveCount = maxReceiveCount;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Instant received = clock.instant();
        SQSBatchResponse response = worker.handleRequest(event, context);
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        Map<String, FailureNotes.Note> noted = failed.isEmpty() ? Map.of() : notesOf(event, failed);
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            if (failed.contains(m.getMessageId())) {
                int receives = receiveCount(m);
                retrying.put(m.getMessageId(), describe(m, receives, received.plus(visibilityTimeout),
                        noted.get(FailureNotes.noteId(m.getBody(), m.getMessageId()))));
            } else {
                retrying.remove(m.getMessageId());
            }
        }
        return response;
    }

    /** The messages waiting for their next delivery, soonest first; those already due in the dead-letter queue left out. */
    public List<Retrying> retrying() {
        Instant now = clock.instant();
        retrying.values().removeIf(r -> r.lastReceive() && r.nextReceive().isBefore(now));
        List<Retrying> out = new ArrayList<>(retrying.values());
        out.sort(Comparator.comparing(Retrying::nextReceive));
        return out;
    }

    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    /** The failure notes the worker wrote for this batch's failed messages; none when they cannot be read. */
    private Map<String, FailureNotes.Note> notesOf(SQSEvent event, Set<String> failed) {
        List<String> ids = event.getRecords().stream().filter(m -> failed.contains(m.getMessageId()))
                .map(m -> FailureNotes.noteId(m.getBody(), m.getMessageId())).toList();
        try {
            return notes.apply(ids);
        } catch (RuntimeException e) {
            return Map.of(); // best effort, as the notes are: the row falls back to the first record's key
        }
    }

    private Retrying describe(SQSEvent.SQSMessage m, int receives, Instant next, FailureNotes.Note note) {
        String table = "?";
        String key = "?";
        String sequenceNumber = "?";
        int records = 0;
        try {
            ChangeEnvelope envelope = WireCodec.decode(m.getBody());
            table = envelope.table();
            records = envelope.records().size();
            for (WireRecord r : envelope.records()) {
                if (r instanceof ChangeRecord c) {
                    key = c.keys().toString();
                    sequenceNumber = c.sequenceNumber();
                    break;
                }
            }
        } catch (RuntimeException e) {
            // an undecodable body is the worker's to report (it names the message id); here it is only "?"
        }
        if (note != null && note.failedKey() != null) {
            key = note.failedKey();
            sequenceNumber = note.failedSequenceNumber() == null ? "?" : note.failedSequenceNumber();
        }
        return new Retrying(m.getMessageId(), table, key, sequenceNumber, records, receives, next, receives >= maxReceiveCount);
    }

    private static int receiveCount(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = m.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

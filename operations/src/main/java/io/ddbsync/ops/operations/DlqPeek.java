package io.ddbsync.ops.operations;

import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.aws.search.FailureNotes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Lists a dead-letter queue without consuming it: receives with a visibility timeout that covers
 * the listing, then makes every received message visible again (ChangeMessageVisibility 0).
 * Nothing is deleted. Each receive adds one to a message's ApproximateReceiveCount.
 */
public final class DlqPeek {

    /** Keys listed per message. */
    static final int KEYS_SHOWN = 3;
    static final int MAX_BATCH = 10;

    private final SqsClient sqs;
    private final Optional<FailureNoteReader> notes;

    public DlqPeek(SqsClient sqs, Optional<FailureNoteReader> notes) {
        this.sqs = sqs;
        this.notes = notes;
    }

    /**
     * @param max            most messages to list
     * @param holdSeconds    visibility timeout while listing (released at the end in any case)
     */
    public List<PeekedMessage> peek(String queueUrl, int max, int holdSeconds) {
        Map<String, Message> held = new LinkedHashMap<>();
        try {
            int emptyReceives = 0;
            while (held.size() < max && emptyReceives < 2) {
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.min(MAX_BATCH, max - held.size()))
                        .visibilityTimeout(holdSeconds)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"));
                if (r.messages().isEmpty()) {
                    emptyReceives++;
                }
                for (Message m : r.messages()) {
                    held.putIfAbsent(m.messageId(), m);
                }
            }
            return describe(new ArrayList<>(held.values()));
        } finally {
            release(queueUrl, new ArrayList<>(held.values()));
        }
    }

    private List<PeekedMessage> describe(List<Message> messages) {
        Map<String, String> noteIds = new LinkedHashMap<>();
        for (Message m : messages) {
            noteIds.put(m.messageId(), FailureNotes.noteId(m.body(), m.messageId()));
        }
        Map<String, FailureNotes.Note> noted = notes.map(n -> n.notes(noteIds.values())).orElse(Map.of());
        List<PeekedMessage> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            int receives = Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0"));
            FailureNotes.Note found = noted.get(noteIds.get(m.messageId()));
            String note = found == null ? null : found.reason();
            ChangeEnvelope envelope;
            try {
                envelope = WireCodec.decode(m.body());
            } catch (RuntimeException e) {
                out.add(new PeekedMessage(m.messageId(), null, null, List.of(), 0, null, receives,
                        note != null ? note : "body is not a change envelope: " + e.getMessage(), null, null));
                continue;
            }
            List<String> keys = new ArrayList<>();
            String bodyReason = null;
            for (WireRecord r : envelope.records()) {
                if (r instanceof ChangeRecord c && keys.size() < KEYS_SHOWN) {
                    keys.add(c.keys().toString());
                } else if (r instanceof RawRecord raw && bodyReason == null) {
                    bodyReason = "raw record the forwarder could not interpret: " + raw.reason();
                }
            }
            String reason = note != null ? note
                    : bodyReason != null ? bodyReason
                    : notes.isPresent() ? "no failure note (older worker, or the note could not be written): see the worker log for messageId"
                    : "not read: give --opensearch-endpoint to read the worker's failure notes";
            out.add(new PeekedMessage(m.messageId(), envelope.id(), envelope.table(), keys, envelope.records().size(),
                    envelope.records().get(0).sequenceNumber(), receives, reason,
                    found == null ? null : found.failedKey(), found == null ? null : found.failedSequenceNumber()));
        }
        return out;
    }

    /** Makes the received messages visible again at once. */
    private void release(String queueUrl, List<Message> messages) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += MAX_BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<Message> chunk = messages.subList(i, Math.min(messages.size(), i + MAX_BATCH));
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(j)).receiptHandle(chunk.get(j).receiptHandle()).visibilityTimeout(0).build());
            }
            ChangeMessageVisibilityBatchResponse r = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
            r.failed().forEach(f -> failed.add(chunk.get(Integer.parseInt(f.id())).messageId() + " (" + f.code() + ")"));
        }
        if (!failed.isEmpty()) {
            throw new OpsException("could not make " + failed.size() + " message(s) visible again (they reappear when their "
                    + "visibility timeout ends): " + String.join(", ", failed));
        }
    }
}

package io.ddbsync.ops.backfill;

import io.ddbsync.forwarder.send.MessageAttributes;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends packed messages to the change queue with SendMessageBatch, with the same attributes as the
 * stream-forwarder's messages; failed entries and calls are retried with backoff, and a message that
 * still cannot be sent fails the page (the checkpoint does not advance past it).
 */
public final class ChangeQueueSender {

    static final int ATTEMPTS = 6;

    private final SqsClient sqs;
    private final String queueUrl;

    public ChangeQueueSender(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void send(List<PackedMessage> messages) throws InterruptedException {
        for (List<PackedMessage> group : SendBatches.group(messages, SendBatches.MAX_ENTRIES, SendBatches.MAX_TOTAL_BYTES,
                MessageAttributes.MAX_BYTES)) {
            sendGroup(group);
        }
    }

    private void sendGroup(List<PackedMessage> group) throws InterruptedException {
        Map<String, PackedMessage> pending = new HashMap<>();
        for (int i = 0; i < group.size(); i++) {
            pending.put(Integer.toString(i), group.get(i));
        }
        String lastError = "";
        SdkException lastCause = null;
        for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(Math.min(2_000L, 50L << attempt));
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            pending.forEach((id, m) -> entries.add(SendMessageBatchRequestEntry.builder()
                    .id(id).messageBody(m.body()).messageAttributes(MessageAttributes.of(m)).build()));
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                response.successful().forEach(s -> pending.remove(s.id()));
                for (BatchResultErrorEntry e : response.failed()) {
                    lastError = e.code() + " " + e.message();
                    if (Boolean.TRUE.equals(e.senderFault())) {
                        PackedMessage m = pending.get(e.id());
                        throw new BackfillException("queue " + queueUrl + " refused message " + m.envelope().id()
                                + " of table " + m.envelope().table() + ": " + lastError);
                    }
                }
            } catch (SdkException e) {
                lastCause = e;
                lastError = e.getMessage();
            }
        }
        if (!pending.isEmpty()) {
            PackedMessage m = pending.values().iterator().next();
            throw new BackfillException(pending.size() + " message(s) not sent to " + queueUrl + " after " + ATTEMPTS
                    + " attempts, e.g. " + m.envelope().id() + " of table " + m.envelope().table() + ": " + lastError, lastCause);
        }
    }
}

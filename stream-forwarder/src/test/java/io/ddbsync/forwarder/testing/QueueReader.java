package io.ddbsync.forwarder.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** Creates throw-away queues and reads everything on them. */
public final class QueueReader {

    private final SqsClient sqs;

    public QueueReader(SqsClient sqs) {
        this.sqs = sqs;
    }

    public String newQueue(String prefix) {
        return sqs.createQueue(b -> b.queueName(prefix + "-" + UUID.randomUUID())).queueUrl();
    }

    /** Receives until the queue returns nothing (received messages stay invisible, so each is read once). */
    public List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(600).messageAttributeNames("All"));
            if (r.messages().isEmpty()) {
                return all;
            }
            all.addAll(r.messages());
        }
    }
}

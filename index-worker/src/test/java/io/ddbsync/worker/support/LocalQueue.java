package io.ddbsync.worker.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalSqs;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** A queue on the local SQS server (ElasticMQ): messages go through a real SQS protocol round trip. */
public final class LocalQueue implements AutoCloseable {

    private static SqsClient shared;

    private final SqsClient sqs;
    private final String url;

    public LocalQueue(String name) {
        this.sqs = client();
        this.url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    private static synchronized SqsClient client() {
        if (shared == null) {
            shared = LocalAws.sqs(LocalSqs.shared().endpoint());
        }
        return shared;
    }

    public void send(List<String> bodies) {
        for (int i = 0; i < bodies.size(); i += 10) {
            List<String> chunk = bodies.subList(i, Math.min(bodies.size(), i + 10));
            var entries = new ArrayList<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry>();
            for (int j = 0; j < chunk.size(); j++) {
                String body = chunk.get(j);
                entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                        .id("m" + j).messageBody(body).build());
            }
            var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            assertThat(response.failed()).isEmpty();
        }
    }

    /** Receives exactly {@code n} messages (polling), hidden for {@code visibilitySeconds}. */
    public List<LambdaSqsEvents.Delivered> receive(int n, int visibilitySeconds) {
        List<LambdaSqsEvents.Delivered> out = new ArrayList<>();
        for (int round = 0; round < 50 && out.size() < n; round++) {
            int want = Math.min(10, n - out.size());
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(want)
                    .visibilityTimeout(visibilitySeconds).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            got.forEach(m -> out.add(LambdaSqsEvents.Delivered.of(m)));
        }
        assertThat(out).hasSize(n);
        return out;
    }

    /** Makes a received message visible again at once (as if its processing had been lost). */
    public void release(LambdaSqsEvents.Delivered m) {
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }

    @Override
    public void close() {
        sqs.deleteQueue(b -> b.queueUrl(url));
    }
}

package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.sqs.QueueAttributes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalSqsIT {
    private static SqsClient sqs;

    @BeforeAll
    static void connect() {
        sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
    }

    @AfterAll
    static void disconnect() {
        sqs.close();
    }

    @Test
    void endpoint_sharedInstance_isLoopbackHttpAndSameObject() {
        assertThat(LocalSqs.shared()).isSameAs(LocalSqs.shared());
        assertThat(LocalSqs.shared().endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void sendReceive_messageWithAttribute_receivedIntactOnce() {
        String queueUrl = createQueue("plain-" + UUID.randomUUID(), Map.of());

        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody("{\"k\":\"v\"}")
                .messageAttributes(Map.of("table", software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                        .dataType("String").stringValue("orders").build())));
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageAttributeNames("All")).messages();

        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("{\"k\":\"v\"}");
            assertThat(message.messageAttributes().get("table").stringValue()).isEqualTo("orders");
        });
        sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
        assertThat(approximateMessages(queueUrl)).isZero();
    }

    @Test
    void redrive_afterMaxReceiveCount_movesToDlqAndMoveTaskBringsItBack() {
        String name = "source-" + UUID.randomUUID();
        String dlqUrl = createQueue(name + "-dlq", Map.of());
        String dlqArn = queueArn(dlqUrl);
        String sourceUrl = createQueue(name, Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"));

        sqs.sendMessage(m -> m.queueUrl(sourceUrl).messageBody("poison"));
        int receives = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            // visibility 0: the message is at once visible again, as after a failed Lambda invocation
            receives += sqs.receiveMessage(r -> r.queueUrl(sourceUrl).visibilityTimeout(0).waitTimeSeconds(0)).messages().size();
        }

        assertThat(receives).isEqualTo(2);
        List<Message> inDlq = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).visibilityTimeout(0).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertThat(inDlq).singleElement().extracting(Message::body).isEqualTo("poison");

        String taskHandle = sqs.startMessageMoveTask(t -> t.sourceArn(dlqArn)).taskHandle();
        assertThat(taskHandle).isNotBlank();
        ListMessageMoveTasksResultEntry task = awaitMoveTaskFinished(dlqArn);

        assertThat(task.status()).isEqualTo("COMPLETED");
        assertThat(task.approximateNumberOfMessagesMoved()).isEqualTo(1L);
        List<Message> back = sqs.receiveMessage(r -> r.queueUrl(sourceUrl).waitTimeSeconds(1)).messages();
        assertThat(back).singleElement().extracting(Message::body).isEqualTo("poison");
        assertThat(approximateMessages(dlqUrl)).isZero();
    }

    private static ListMessageMoveTasksResultEntry awaitMoveTaskFinished(String dlqArn) {
        for (int poll = 0; poll < 200; poll++) {
            List<ListMessageMoveTasksResultEntry> tasks = sqs.listMessageMoveTasks(l -> l.sourceArn(dlqArn)).results();
            if (!tasks.isEmpty() && !"RUNNING".equals(tasks.get(0).status())) {
                return tasks.get(0);
            }
            pause();
        }
        throw new AssertionError("message move task from " + dlqArn + " still running after 200 polls");
    }

    private static String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(c -> c.queueName(name).attributes(attributes)).queueUrl();
    }

    private static String queueArn(String queueUrl) {
        return QueueAttributes.arn(sqs, queueUrl);
    }

    private static long approximateMessages(String queueUrl) {
        return QueueAttributes.depth(sqs, queueUrl);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

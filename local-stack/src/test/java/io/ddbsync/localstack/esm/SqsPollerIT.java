package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.sqs.QueueAttributes;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalSqs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsPollerIT {
    private static SqsClient sqs;

    @BeforeAll
    static void connect() {
        sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
    }

    @AfterAll
    static void disconnect() {
        sqs.close();
    }

    /** A test function: keeps every record it received and answers what {@code answer} says about the batch. */
    private static final class Recorder implements RequestHandler<SQSEvent, SQSBatchResponse> {
        final List<SQSEvent.SQSMessage> received = new CopyOnWriteArrayList<>();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        private final BiFunction<Integer, List<SQSEvent.SQSMessage>, SQSBatchResponse> answer;
        private final AtomicInteger invocations = new AtomicInteger();

        Recorder(BiFunction<Integer, List<SQSEvent.SQSMessage>, SQSBatchResponse> answer) {
            this.answer = answer;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            received.addAll(event.getRecords());
            batchSizes.add(event.getRecords().size());
            return answer.apply(invocations.incrementAndGet(), event.getRecords());
        }

        List<String> bodies() {
            return received.stream().map(SQSEvent.SQSMessage::getBody).toList();
        }
    }

    private static String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(c -> c.queueName(name).attributes(attributes)).queueUrl();
    }

    private static String arn(String queueUrl) {
        return sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static long depth(String queueUrl) {
        return QueueAttributes.depth(sqs, queueUrl);
    }

    private static void send(String queueUrl, String... bodies) {
        for (String body : bodies) {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of("table",
                    MessageAttributeValue.builder().dataType("String").stringValue("Posts").build())));
        }
    }

    private static List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            got.forEach(m -> bodies.add(m.body()));
        } while (!got.isEmpty());
        return bodies;
    }

    @Test
    void poll_reportedFailures_succeededDeletedFailedRedeliveredThenInDlq() {
        String name = "esm-partial-" + UUID.randomUUID();
        String dlqUrl = createQueue(name + "-dlq", Map.of());
        String queueUrl = createQueue(name, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"" + arn(dlqUrl) + "\"}"));
        send(queueUrl, "ok-1", "bad-1", "ok-2", "ok-3", "bad-2", "ok-4");
        Recorder handler = new Recorder((n, records) -> new SQSBatchResponse(records.stream()
                .filter(r -> r.getBody().startsWith("bad"))
                .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList()));

        List<String> inDlq = new ArrayList<>();
        try (SqsPoller poller = SqsPoller.start(sqs, SqsPollerConfig.builder("worker", queueUrl).concurrency(1).build(), handler)) {
            Await.until("both failing messages in the DLQ", () -> {
                inDlq.addAll(drain(dlqUrl));
                return inDlq.size() >= 2;
            });
            // counters move after DeleteMessageBatch returns: wait for them too
            Await.until("source queue empty and counted", () -> depth(queueUrl) == 0 && poller.stats().succeededRecords() == 4
                    && poller.stats().failedRecords() == 6);

            assertThat(poller.stats().succeededRecords()).isEqualTo(4);
            assertThat(poller.stats().failedRecords()).isEqualTo(6);
            assertThat(poller.stats().failedInvocations()).isZero();
        }

        assertThat(inDlq).containsExactlyInAnyOrder("bad-1", "bad-2");
        assertThat(handler.bodies()).filteredOn(b -> b.startsWith("ok")).containsExactlyInAnyOrder("ok-1", "ok-2", "ok-3", "ok-4");
        assertThat(handler.received).filteredOn(r -> r.getBody().equals("bad-1"))
                .extracting(r -> r.getAttributes().get("ApproximateReceiveCount")).containsExactly("1", "2", "3");
        SQSEvent.SQSMessage first = handler.received.get(0);
        assertThat(first.getEventSource()).isEqualTo("aws:sqs");
        assertThat(first.getEventSourceArn()).isEqualTo(arn(queueUrl));
        assertThat(first.getAwsRegion()).isEqualTo(LocalAws.REGION.id());
        assertThat(first.getMd5OfBody()).isNotBlank();
        assertThat(first.getReceiptHandle()).isNotBlank();
        assertThat(first.getAttributes()).containsKeys("ApproximateReceiveCount", "SentTimestamp", "SenderId",
                "ApproximateFirstReceiveTimestamp");
        assertThat(first.getMessageAttributes().get("table").getStringValue()).isEqualTo("Posts");
    }

    @Test
    void poll_handlerThrows_wholeBatchRedelivered() {
        String queueUrl = createQueue("esm-throw-" + UUID.randomUUID(), Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        send(queueUrl, "a", "b", "c");
        Recorder handler = new Recorder((n, records) -> {
            if (n == 1) {
                throw new IllegalStateException("first invocation fails");
            }
            return null;
        });

        try (SqsPoller poller = SqsPoller.start(sqs, SqsPollerConfig.builder("worker", queueUrl).concurrency(1)
                .batchSize(10).build(), handler)) {
            Await.until("every message processed after the failure", () -> depth(queueUrl) == 0 && handler.received.size() >= 6
                    && poller.stats().succeededRecords() == 3);

            assertThat(poller.stats().failedInvocations()).isEqualTo(1);
            assertThat(poller.stats().succeededRecords()).isEqualTo(3);
        }

        assertThat(handler.batchSizes.get(0)).isEqualTo(3);
        assertThat(handler.bodies()).containsExactlyInAnyOrder("a", "b", "c", "a", "b", "c");
        assertThat(handler.received.subList(3, 6)).extracting(r -> r.getAttributes().get("ApproximateReceiveCount"))
                .containsOnly("2");
    }

    @Test
    void poll_batchSizeAboveTen_gathersSeveralReceivesWithinWindow() {
        String queueUrl = createQueue("esm-large-" + UUID.randomUUID(), Map.of());
        String[] bodies = new String[25];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = "m-" + i;
        }
        send(queueUrl, bodies);
        Recorder handler = new Recorder((n, records) -> null);

        try (SqsPoller poller = SqsPoller.start(sqs, SqsPollerConfig.builder("worker", queueUrl).concurrency(1)
                .batchSize(20).batchingWindow(Duration.ofSeconds(2)).build(), handler)) {
            Await.until("all 25 processed", () -> depth(queueUrl) == 0 && handler.received.size() >= 25);
        }

        assertThat(handler.bodies()).containsExactlyInAnyOrder(bodies);
        assertThat(handler.batchSizes.get(0)).isEqualTo(20);
        assertThat(handler.batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(20));
    }

    @Test
    void poll_concurrencyThree_invokesInParallel() {
        String queueUrl = createQueue("esm-parallel-" + UUID.randomUUID(), Map.of());
        send(queueUrl, "p-1", "p-2", "p-3");
        CountDownLatch allInFlight = new CountDownLatch(3);
        List<Boolean> sawOthers = new CopyOnWriteArrayList<>();
        Recorder handler = new Recorder((n, records) -> {
            allInFlight.countDown();
            try {
                sawOthers.add(allInFlight.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });

        try (SqsPoller poller = SqsPoller.start(sqs, SqsPollerConfig.builder("worker", queueUrl).concurrency(3)
                .batchSize(1).functionTimeout(Duration.ofSeconds(60)).build(), handler)) {
            Await.until("three invocations returned", () -> sawOthers.size() == 3 && depth(queueUrl) == 0);
        }

        assertThat(sawOthers).containsOnly(true);
        assertThat(handler.bodies()).containsExactlyInAnyOrder("p-1", "p-2", "p-3");
    }

    @Test
    void close_stopsEveryPollerThread() {
        String queueUrl = createQueue("esm-close-" + UUID.randomUUID(), Map.of());
        SqsPoller poller = SqsPoller.start(sqs, SqsPollerConfig.builder("closer", queueUrl).concurrency(4).build(),
                new Recorder((n, r) -> null));

        poller.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("esm-sqs-closer-"));
    }
}

package io.ddbsync.localstack.esm;

import io.ddbsync.model.log.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS event source mapping: {@code concurrency} threads each long-poll the queue, gather a batch (up to 10
 * messages per ReceiveMessage, several receives within the batching window for larger batches), invoke the
 * handler with the SQS event JSON through the Java runtime serializer, and delete what succeeded. Failed
 * messages stay on the queue: they become visible again after the queue's visibility timeout, and the queue's
 * redrive policy moves them to its DLQ after {@code maxReceiveCount} receives.
 *
 * <p>The SQS client belongs to the caller, who closes it after {@link #close()}.
 */
public final class SqsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);

    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final int MAX_PER_RECEIVE = 10;

    private final SqsClient sqs;
    private final SqsPollerConfig config;
    private final LambdaFunction<SQSEvent, SQSBatchResponse> function;
    private final String queueArn;
    private final String region;
    private final PollerCounters counters = new PollerCounters();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    private SqsPoller(SqsClient sqs, SqsPollerConfig config, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.config = Objects.requireNonNull(config, "config");
        this.function = LambdaFunction.of(config.functionName(), SQSEvent.class, handler, config.functionTimeout());
        this.queueArn = queueArn(sqs, config);
        String[] arn = queueArn.split(":");
        this.region = arn.length > 3 ? arn[3] : "";
    }

    /** Starts {@code config.concurrency()} polling threads for {@code handler}. */
    public static SqsPoller start(SqsClient sqs, SqsPollerConfig config, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        SqsPoller poller = new SqsPoller(sqs, config, handler);
        AtomicInteger number = new AtomicInteger();
        for (int i = 0; i < config.concurrency(); i++) {
            Thread worker = new Thread(poller::pollLoop, "esm-sqs-" + config.functionName() + "-" + number.incrementAndGet());
            worker.setDaemon(true);
            poller.workers.add(worker);
        }
        poller.workers.forEach(Thread::start);
        LOG.atInfo().addKeyValue("functionName", config.functionName())
                .addKeyValue(LogFields.EVENT_SOURCE_ARN, poller.queueArn)
                .addKeyValue("concurrency", config.concurrency()).addKeyValue("batchSize", config.batchSize())
                .log("event source mapping started");
        return poller;
    }

    public SqsPollerConfig config() {
        return config;
    }

    /** The source queue's ARN (the records' {@code eventSourceARN}). */
    public String queueArn() {
        return queueArn;
    }

    /** The counters so far. */
    public PollerStats stats() {
        return counters.snapshot();
    }

    /**
     * Stops polling and waits for the threads to finish their current receive and invocation (at most the poll
     * wait plus the batching window plus the function timeout). Messages received but not yet processed become
     * visible again after the visibility timeout.
     */
    @Override
    public void close() {
        running = false;
        Duration grace = config.pollWait().plus(config.batchingWindow()).plus(config.functionTimeout()).plusSeconds(5);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread worker : workers) {
            if (worker.isAlive()) {
                worker.interrupt();
            }
        }
        LOG.atInfo().addKeyValue("functionName", config.functionName())
                .addKeyValue(LogFields.EVENT_SOURCE_ARN, queueArn).log("event source mapping stopped");
    }

    private void pollLoop() {
        while (running) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty()) {
                    process(batch);
                }
            } catch (RuntimeException e) {
                // SQS unreachable, or a defect here: the messages stay on the queue and come back after the timeout
                if (running) {
                    LOG.atWarn().addKeyValue("functionName", config.functionName())
                            .addKeyValue(LogFields.EVENT_SOURCE_ARN, queueArn).setCause(e)
                            .log("poll error");
                    pause(ERROR_BACKOFF);
                }
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>(receive((int) config.pollWait().toSeconds(), config.batchSize()));
        if (batch.isEmpty() || config.batchingWindow().isZero()) {
            return batch;
        }
        long deadline = System.nanoTime() + config.batchingWindow().toNanos();
        while (running && batch.size() < config.batchSize()) {
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (remainingMillis <= 0) {
                break;
            }
            int waitSeconds = (int) Math.min(20, remainingMillis / 1000);
            List<Message> more = receive(waitSeconds, config.batchSize() - batch.size());
            batch.addAll(more);
            if (more.isEmpty() && waitSeconds == 0) {
                pause(Duration.ofMillis(Math.min(remainingMillis, 50)));
            }
        }
        return batch;
    }

    private List<Message> receive(int waitSeconds, int wanted) {
        return sqs.receiveMessage(r -> r.queueUrl(config.queueUrl())
                .maxNumberOfMessages(Math.min(MAX_PER_RECEIVE, wanted))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void process(List<Message> batch) {
        String event = SqsEventJson.toJson(batch, queueArn, region);
        counters.invoked(batch.size());
        Invocation<SQSBatchResponse> invocation = function.invoke(event);
        List<String> ids = batch.stream().map(Message::messageId).toList();
        SqsBatchOutcome outcome = SqsBatchOutcome.of(ids, invocation, config.reportBatchItemFailures());
        if (outcome.wholeBatchFailed()) {
            counters.failedInvocation(batch.size());
        } else {
            counters.failedRecords(outcome.failed().size());
        }
        if (!outcome.failed().isEmpty()) {
            LOG.atWarn().addKeyValue("functionName", config.functionName())
                    .addKeyValue(LogFields.REQUEST_ID, invocation.requestId())
                    .addKeyValue(LogFields.EVENT_SOURCE_ARN, queueArn)
                    .addKeyValue("failedMessageIds", String.join(",", outcome.failed()))
                    .addKeyValue(LogFields.REASON, outcome.reason()).log("batch failures");
        }
        Map<String, Message> byId = batch.stream().collect(Collectors.toMap(Message::messageId, Function.identity(), (a, b) -> a));
        delete(outcome.succeeded().stream().map(byId::get).toList());
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += MAX_PER_RECEIVE) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_PER_RECEIVE));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(d -> d.queueUrl(config.queueUrl()).entries(entries));
            counters.succeeded(response.successful().size());
            response.failed().forEach(failed -> LOG.atWarn().addKeyValue("functionName", config.functionName())
                        .addKeyValue(LogFields.EVENT_SOURCE_ARN, queueArn)
                        .addKeyValue(LogFields.MESSAGE_ID, chunk.get(Integer.parseInt(failed.id())).messageId())
                        .addKeyValue("code", failed.code())
                        .addKeyValue(LogFields.REASON, failed.message()).log("delete failed"));
        }
    }

    private static String queueArn(SqsClient sqs, SqsPollerConfig config) {
        try {
            return sqs.getQueueAttributes(g -> g.queueUrl(config.queueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        } catch (SdkException e) {
            throw new EsmException("cannot read the ARN of queue " + config.queueUrl() + " for function "
                    + config.functionName(), e);
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

package io.ddbsync.testbench.faults;

import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.SqsPollerConfig;
import io.ddbsync.localstack.esm.StartingPosition;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.localstack.esm.StreamPollerConfig;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.testbench.local.Convergence;
import io.ddbsync.testbench.local.PipelineMetrics;
import io.ddbsync.testbench.local.Queues;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.WorkerParts;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import io.ddbsync.model.config.SearchTargetConfig;

/**
 * One scenario's pipeline on the shared services: its own table (stream NEW_AND_OLD_IMAGES, TTL on
 * {@code expiresAt}), queues, index and the two handlers behind their event source mapping
 * emulators, the stream poller from TRIM_HORIZON. The handlers reach OpenSearch, SQS and the
 * idempotency table through the fault proxies; the worker is wrapped in {@link WorkerFaults}.
 *
 * <p>Timings are shorter than a deployment's so a scenario recovers within a CI run: worker timeout
 * {@value #WORKER_TIMEOUT_SECONDS} s, visibility {@value #VISIBILITY_SECONDS} s, dead-letter after
 * {@value #MAX_RECEIVE_COUNT} receives.
 */
final class ScenarioPipeline implements AutoCloseable {
    /** The forwarder's EMF lines, one log line each (as in {@code ddbsync local}). */
    private static final org.slf4j.Logger EMF = org.slf4j.LoggerFactory.getLogger(ScenarioPipeline.class.getName() + ".emf");


    static final int WORKER_TIMEOUT_SECONDS = 12;
    static final long WORKER_RESERVE_MILLIS = 4_000;
    static final int VISIBILITY_SECONDS = 15;
    static final int MAX_RECEIVE_COUNT = 3;
    static final String METADATA_FIELD = WorkerConfig.DEFAULT_METADATA_FIELD;

    /** What a scenario may change in the pipeline it gets. */
    record Options(int workerConcurrency, int streamRetries, WorkerConfig.TtlDeletes ttlDeletes, WorkerConfig.Quarantine quarantine,
                   boolean s3FailureDestination) {
        static final Options DEFAULT = new Options(2, 10, WorkerConfig.TtlDeletes.DELETE, WorkerConfig.Quarantine.ON, false);

        Options(int workerConcurrency, int streamRetries) {
            this(workerConcurrency, streamRetries, WorkerConfig.TtlDeletes.DELETE, WorkerConfig.Quarantine.ON, false);
        }

        Options ttlDeletes(WorkerConfig.TtlDeletes policy) {
            return new Options(workerConcurrency, streamRetries, policy, quarantine, s3FailureDestination);
        }

        /** The worker's QUARANTINE (off: what the mapping refuses is dead-lettered, the DLQ runbook's case). */
        Options quarantine(WorkerConfig.Quarantine choice) {
            return new Options(workerConcurrency, streamRetries, ttlDeletes, choice, s3FailureDestination);
        }

        /** The stream mapping's on-failure destination is an S3 bucket ({@link #failureBucket}), not the stream-failure queue. */
        Options failuresToS3() {
            return new Options(workerConcurrency, streamRetries, ttlDeletes, quarantine, true);
        }
    }

    /** The table's TTL attribute (and the document field that copies it). */
    static final String TTL_ATTRIBUTE = "expiresAt";

    final FaultStack stack;
    final String table;
    final String index;
    final Queues queues;
    final String streamArn;
    /** The bucket of the S3 on-failure destination (made by {@link #start()} under {@link Options#s3FailureDestination()}). */
    final String failureBucket;
    final PipelineMetrics metrics = new PipelineMetrics();
    final WorkerFaults workerFaults;
    /** The worker's clock (a scenario may let days pass for it). */
    final ShiftedClock workerClock = new ShiftedClock();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final WorkerConfig workerConfig;
    /** The worker's collaborators (its clock is {@link #workerClock}), for the tombstone purge handler too. */
    final WorkerParts workerParts;
    private final Options options;
    private SqsPoller sqsPoller;
    private StreamPoller streamPoller;

    ScenarioPipeline(FaultStack stack, String name, Options options) {
        this.stack = stack;
        this.table = "faults-" + name;
        stack.dynamo.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        stack.dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName(TTL_ATTRIBUTE)));
        this.streamArn = stack.dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        this.queues = createQueues("faults-" + name);
        this.failureBucket = "faults-" + name + "-stream-failures";
        this.workerConfig = WorkerConfig.builder(SearchTargetConfig.plain(stack.openSearchProxy.endpoint()), LocalAws.REGION.id())
                .idempotencyTable(Optional.of(FaultStack.IDEMPOTENCY_TABLE)).ttlDeletes(options.ttlDeletes())
                .quarantine(options.quarantine()).metadataField(METADATA_FIELD).dynamodbEndpoint(Optional.of(stack.dynamoProxy.endpoint())).build();
        this.index = workerConfig.indexFor(table);
        new IndexBootstrap(stack.search, new IndexTemplates(Map.of(), METADATA_FIELD), METADATA_FIELD).ensure(index);

        this.workerParts = WorkerParts.builder(workerConfig, stack.proxiedSearch)
                .dynamoDb(stack.proxiedDynamo).metrics(metrics).clock(workerClock).reserveMillis(WORKER_RESERVE_MILLIS).build();
        IndexWorkerHandler worker = new IndexWorkerHandler(workerParts);
        this.workerFaults = new WorkerFaults(worker);
        this.options = options;
    }

    /** Starts both pollers. */
    void start() {
        if (options.s3FailureDestination()) {
            stack.s3().createBucket(b -> b.bucket(failureBucket));
        }
        startWorker();
        ForwarderConfig forwarderConfig = new ForwarderConfig(URI.create(queues.changeQueueUrl()),
                ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES, Optional.of(stack.sqsProxy.endpoint()), LocalAws.REGION.id());
        StreamForwarderHandler forwarder = new StreamForwarderHandler(forwarderConfig, stack.proxiedSqs,
                EmfEnvironments.lines(EMF::info), Clock.systemUTC());
        DynamoDbStreamsClient streams = own(LocalAws.configure(DynamoDbStreamsClient.builder(), stack.streams.endpoint()).build());
        StreamPollerConfig config = StreamPollerConfig.builder("stream-forwarder-" + table, streamArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(500)
                .batchingWindow(Duration.ofMillis(500))
                .reportBatchItemFailures(true)
                .bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(options.streamRetries())
                .maximumRecordAgeInSeconds(21_600)
                .functionTimeout(Duration.ofSeconds(60))
                .retryBackoff(Duration.ofMillis(500))
                .build();
        // Lambda delivers on-failure records itself: the forwarder's faults do not reach that path
        OnFailureDestination onFailure = options.s3FailureDestination() ? OnFailureDestination.s3(stack.s3(), failureBucket)
                : OnFailureDestination.sqs(stack.sqs, queues.streamFailureQueueUrl());
        streamPoller = own(StreamPoller.start(streams, config, forwarder, onFailure));
    }

    /** Starts (again) the worker's poller. */
    synchronized void startWorker() {
        if (sqsPoller == null) {
            sqsPoller = SqsPoller.start(stack.sqs, SqsPollerConfig.builder("index-worker-" + table, queues.changeQueueUrl())
                    .batchSize(10).concurrency(options.workerConcurrency())
                    .functionTimeout(Duration.ofSeconds(WORKER_TIMEOUT_SECONDS)).build(), workerFaults);
        }
    }

    /** Stops the worker's poller (messages wait on the queue). */
    synchronized void stopWorker() {
        if (sqsPoller != null) {
            sqsPoller.close();
            sqsPoller = null;
        }
    }

    /** Shards the stream poller read to their end. */
    int finishedShards() {
        return streamPoller == null ? 0 : streamPoller.finishedShards().size();
    }

    Convergence.Report compare() {
        Optional<String> kept = workerConfig.ttlDeletesFor(table) == WorkerConfig.TtlDeletes.KEEP ? Optional.of(TTL_ATTRIBUTE) : Optional.empty();
        return Convergence.compare(stack.dynamo, table, stack.search, index, workerConfig.converterFor(table), kept);
    }

    boolean keepsTtlRemovals() {
        return options.ttlDeletes() == WorkerConfig.TtlDeletes.KEEP;
    }

    /**
     * Sends these messages again to the change queue, body and attributes as they were (what a redrive or a replay
     * does: the worker sees them as new messages).
     */
    void resend(java.util.Collection<com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage> messages) {
        for (var m : messages) {
            Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes = new java.util.LinkedHashMap<>();
            if (m.getMessageAttributes() != null) {
                m.getMessageAttributes().forEach((k, v) -> attributes.put(k, software.amazon.awssdk.services.sqs.model.MessageAttributeValue
                        .builder().dataType(v.getDataType()).stringValue(v.getStringValue()).build()));
            }
            stack.sqs.sendMessage(b -> b.queueUrl(queues.changeQueueUrl()).messageBody(m.getBody()).messageAttributes(attributes));
        }
    }

    long depth(String queueUrl) {
        return Queues.depth(stack.sqs, queueUrl);
    }

    /** The worker's handler settings as the operator's commands need them. */
    WorkerConfig workerConfig() {
        return workerConfig;
    }

    private Queues createQueues(String prefix) {
        String dlq = stack.sqs.createQueue(b -> b.queueName(prefix + "-changes-dlq")).queueUrl();
        String dlqArn = stack.sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}";
        String change = stack.sqs.createQueue(b -> b.queueName(prefix + "-changes").attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_SECONDS)))).queueUrl();
        String failures = stack.sqs.createQueue(b -> b.queueName(prefix + "-stream-failures")).queueUrl();
        return new Queues(change, dlq, failures);
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        stopWorker();
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                stack.log.println("ddbsync faults: stopping " + r.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}

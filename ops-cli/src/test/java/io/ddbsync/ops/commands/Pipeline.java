package io.ddbsync.ops.commands;

import io.ddbsync.aws.sqs.QueueAttributes;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.localstack.esm.LambdaContext;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.shape.Shaping;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.EnvelopeIds;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.WorkerParts;
import io.ddbsync.worker.metrics.EmfMetricsSink;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import io.ddbsync.localstack.esm.SqsEventJson;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.SqsPollerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.opensearch.SearchTargetFactory;

/**
 * The pipeline's back half on the shared local services: a table (key {@code id} S), a change queue
 * with a dead-letter queue (redrive after {@value #MAX_RECEIVE_COUNT} receives), the index-worker
 * handler, and {@link #drain()}, a minimal SQS event source mapping that feeds the handler the JSON
 * Lambda sends (through the runtime serializer), deletes what succeeded and makes failures visible
 * again at once.
 */
final class Pipeline {

    static final int MAX_RECEIVE_COUNT = 2;
    private static final ObjectMapper M = new ObjectMapper();
    private static final PojoSerializer<SQSEvent> SQS_EVENTS =
            LambdaEventSerializers.serializerFor(SQSEvent.class, Pipeline.class.getClassLoader());
    private static final AtomicLong SEQ = new AtomicLong();
    private static final BigInteger SEQ_BASE = new BigInteger("100000000000000000000");

    final String table;
    final String index;
    final String changeQueueUrl;
    final String dlqUrl;
    final SqsClient sqs;
    final DynamoDbClient dynamoDb;
    final SearchTarget openSearch;
    final IndexWorkerHandler worker;
    /** The worker's DOCUMENT_SHAPING (JSON), for the commands' {@code --shaping}; {@code {}} when none. */
    final String shapingJson;

    Pipeline(String prefix) {
        this(prefix, dynamoDbEndpoint(), false);
    }

    /** @param quarantine the worker's QUARANTINE for every table (off: a refused record goes to the DLQ whole) */
    Pipeline(String prefix, WorkerConfig.Quarantine quarantine) {
        this(prefix, dynamoDbEndpoint(), false, WorkerConfig.TtlDeletes.DELETE, null, quarantine, table -> Map.of());
    }

    /** @param dynamoDbEndpoint where the table is made and read (the Streams emulator's proxy for a table with a stream) */
    Pipeline(String prefix, URI dynamoDbEndpoint, boolean stream) {
        this(prefix, dynamoDbEndpoint, stream, WorkerConfig.TtlDeletes.DELETE);
    }

    /** @param ttlDeletes the worker's TTL_DELETES for every table */
    Pipeline(String prefix, URI dynamoDbEndpoint, boolean stream, WorkerConfig.TtlDeletes ttlDeletes) {
        this(prefix, dynamoDbEndpoint, stream, ttlDeletes, null);
    }

    /** @param shapingSteps the table's shaping steps (a JSON array, the worker's DOCUMENT_SHAPING for it), or null */
    Pipeline(String prefix, URI dynamoDbEndpoint, boolean stream, WorkerConfig.TtlDeletes ttlDeletes, String shapingSteps) {
        this(prefix, dynamoDbEndpoint, stream, ttlDeletes, shapingSteps, WorkerConfig.Quarantine.ON, table -> Map.of());
    }

    /**
     * @param templateEnvironment the worker's INDEX_TEMPLATES / TEXT_ANALYSIS variables for this pipeline's table (given its
     *                            name), read by the worker as in Lambda ({@code IndexTemplates.fromEnv})
     */
    Pipeline(String prefix, URI dynamoDbEndpoint, boolean stream, WorkerConfig.TtlDeletes ttlDeletes, String shapingSteps,
             java.util.function.Function<String, Map<String, String>> templateEnvironment) {
        this(prefix, dynamoDbEndpoint, stream, ttlDeletes, shapingSteps, WorkerConfig.Quarantine.ON, templateEnvironment);
    }

    private Pipeline(String prefix, URI dynamoDbEndpoint, boolean stream, WorkerConfig.TtlDeletes ttlDeletes, String shapingSteps,
                     WorkerConfig.Quarantine quarantine, java.util.function.Function<String, Map<String, String>> templateEnvironment) {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
        this.table = prefix + "_" + suffix;
        this.shapingJson = shapingSteps == null ? "{}" : "{\"" + table + "\":" + shapingSteps + "}";
        WorkerConfig config = WorkerConfig.builder(SearchTargetConfig.plain(openSearchEndpoint()), "us-east-1").ttlDeletes(ttlDeletes)
                .quarantine(quarantine).shaping(Shaping.parse(shapingJson)).dynamodbEndpoint(Optional.of(dynamoDbEndpoint)).build();
        this.index = config.indexFor(table);
        this.sqs = LocalAws.sqs(sqsEndpoint());
        this.dynamoDb = LocalAws.dynamoDb(dynamoDbEndpoint);
        this.openSearch = SearchTargetFactory.plain(openSearchEndpoint());
        this.dlqUrl = sqs.createQueue(b -> b.queueName(index + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.changeQueueUrl = sqs.createQueue(b -> b.queueName(index + "-changes").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}"))).queueUrl();
        dynamoDb.createTable(b -> {
            b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build());
            if (stream) {
                b.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
            }
        });
        LocalAws.awaitActive(dynamoDb, table);
        this.worker = new IndexWorkerHandler(WorkerParts.builder(config, openSearch).dynamoDb(dynamoDb)
                .metrics(new EmfMetricsSink(EmfEnvironments.lines(line -> { }), Clock.systemUTC()))
                .templates(io.ddbsync.worker.opensearch.IndexTemplates.fromEnv(templateEnvironment.apply(table), config.metadataField()))
                .parallelism(4).reserveMillis(1_000).build());
    }

    static URI sqsEndpoint() {
        return LocalSqs.shared().endpoint();
    }

    static URI dynamoDbEndpoint() {
        return LocalDynamoDb.shared().endpoint();
    }

    static URI openSearchEndpoint() {
        return LocalOpenSearch.shared().endpoint();
    }

    /** A fresh stream sequence number (21 digits, increasing). */
    static String nextSeq() {
        return SEQ_BASE.add(BigInteger.valueOf(SEQ.incrementAndGet())).toString();
    }

    /** Sends one envelope of these records to the change queue. */
    void send(List<? extends WireRecord> records) {
        String body = WireCodec.encode(new ChangeEnvelope(ChangeEnvelope.VERSION, EnvelopeIds.of(table, records), table,
                List.copyOf(records)));
        sqs.sendMessage(b -> b.queueUrl(changeQueueUrl).messageBody(body));
    }

    /** Sends one envelope of these records to the change queue, visible only after {@code delaySeconds}. */
    void sendDelayed(List<? extends WireRecord> records, int delaySeconds) {
        String body = WireCodec.encode(new ChangeEnvelope(ChangeEnvelope.VERSION, EnvelopeIds.of(table, records), table,
                List.copyOf(records)));
        sqs.sendMessage(b -> b.queueUrl(changeQueueUrl).messageBody(body).delaySeconds(delaySeconds));
    }

    /** Runs the worker on the change queue until it is empty (failures go round until the DLQ takes them). */
    void drain() {
        for (int round = 0; round < 200; round++) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(changeQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                if (depth(changeQueueUrl) == 0) {
                    refresh();
                    return;
                }
                continue;
            }
            handle(messages);
        }
        throw new AssertionError("the change queue did not drain");
    }

    /**
     * Runs the worker on the change queue in the background, as Lambda's event source mapping would
     * (local-stack's {@link SqsPoller}), until the poller is closed.
     */
    SqsPoller pump() {
        return SqsPoller.start(sqs, SqsPollerConfig.builder("index-worker", changeQueueUrl)
                .pollWait(java.time.Duration.ofSeconds(1)).build(), worker);
    }

    /** One invocation of the worker; deletes what succeeded, makes failures visible again at once. */
    private void handle(List<Message> messages) {
        SQSBatchResponse response = worker.handleRequest(SQS_EVENTS.fromJson(eventJson(messages)), workerContext());
        Map<String, Message> byId = new HashMap<>();
        messages.forEach(m -> byId.put(m.messageId(), m));
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            Message m = byId.remove(f.getItemIdentifier());
            sqs.changeMessageVisibility(b -> b.queueUrl(changeQueueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        for (Message m : byId.values()) {
            sqs.deleteMessage(b -> b.queueUrl(changeQueueUrl).receiptHandle(m.receiptHandle()));
        }
    }

    /** Visible, in-flight and delayed messages. */
    long depth(String queueUrl) {
        return QueueAttributes.depth(sqs, queueUrl);
    }

    void refresh() {
        openSearch.refresh(index + "_write");
    }

    /** Like {@link #searchAll()}, but empty when the index does not exist yet. */
    Map<String, JsonNode> searchAllOrEmpty() {
        return openSearch.indexExists(index).status() == 200 ? searchAll() : Map.of();
    }

    /** The live documents of the search alias, by id ({@code _source}). */
    Map<String, JsonNode> searchAll() {
        refresh();
        ObjectNode q = M.createObjectNode();
        q.put("size", 1000);
        SearchReply r = openSearch.search(index, q);
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode hit : r.body().path("hits").path("hits")) {
            out.put(hit.path("_id").asText(), hit.path("_source"));
        }
        return out;
    }

    /** Connection flags of the local services for the commands. */
    List<String> flags(String... more) {
        List<String> flags = new ArrayList<>(List.of("--sqs-endpoint-url", sqsEndpoint().toString(),
                "--dynamodb-endpoint-url", dynamoDbEndpoint().toString(),
                "--opensearch-endpoint", openSearchEndpoint().toString(), "--opensearch-auth", "none", "--region", "us-east-1"));
        flags.addAll(List.of(more));
        return flags;
    }

    static ChangeRecord insert(ObjectNode image, long ts) {
        ObjectNode keys = M.createObjectNode();
        keys.set("id", image.get("id"));
        return new ChangeRecord(io.ddbsync.model.wire.Op.INSERT, keys, image, nextSeq(), ts, false, false);
    }

    private static String eventJson(List<Message> messages) {
        return SqsEventJson.toJson(messages, "arn:aws:sqs:us-east-1:000000000000:changes", "us-east-1");
    }

    /** A fresh invocation context of the worker with the ten minutes these tests always had. */
    private static LambdaContext workerContext() {
        return LambdaContext.deadlineIn("index-worker", 600_000);
    }
}

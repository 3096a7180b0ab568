package io.ddbsync.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.EntryFailure;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.forwarder.StreamRecordForwarder;
import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.localstack.esm.LambdaContext;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.log.LogCapture;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.WorkerParts;
import io.ddbsync.worker.metrics.EmfMetricsSink;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.opensearch.SearchTargetFactory;

/**
 * One log schema in every module: a line of the stream-forwarder Lambda, of the index-worker Lambda
 * and of the ddbsync command (a backfill), each parsed, carry the same field names; error lines carry
 * the error's type, message and stack; no item value reaches any line.
 */
class LogSchemaIT {

    /** Fields every line has, whoever writes it. */
    private static final List<String> EVERY_LINE = List.of(LogFields.TIMESTAMP, LogFields.LEVEL, LogFields.LOGGER,
            LogFields.THREAD, LogFields.MESSAGE);
    private static final String SECRET = "do-not-log-this-value";
    private static final String SEQ = "100000000000000000001";

    @Test
    void lines_ofForwarderWorkerAndCli_haveTheSameFieldNames() throws Exception {
        JsonNode forwarder = forwarderLine();
        JsonNode worker = workerLine();
        JsonNode cli = cliLine();

        for (JsonNode line : List.of(forwarder, worker, cli)) {
            assertThat(fieldNames(line)).as(line.toString()).containsAll(EVERY_LINE);
            assertThat(line.get(LogFields.TIMESTAMP).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
        // the ids, under the same names
        assertThat(forwarder.get(LogFields.TABLE).asText()).isEqualTo("Posts");
        assertThat(forwarder.get(LogFields.SEQUENCE_NUMBER).asText()).isEqualTo(SEQ);
        assertThat(worker.get(LogFields.MESSAGE_ID).asText()).isEqualTo("m-1");
        assertThat(cli.has(LogFields.TABLE)).isTrue();
        // both Lambdas run under Powertools' @Logging: the invocation's request id on every line
        assertThat(forwarder.get(LogFields.REQUEST_ID).asText()).isEqualTo("req-forwarder");
        assertThat(worker.get(LogFields.REQUEST_ID).asText()).isEqualTo("req-worker");
        // an error line: type, message and stack
        assertThat(worker.get(LogFields.LEVEL).asText()).isEqualTo("ERROR");
        assertThat(worker.get(LogFields.ERROR_TYPE).asText()).isNotBlank();
        assertThat(worker.get(LogFields.ERROR_MESSAGE).asText()).isNotBlank();
        assertThat(worker.get(LogFields.STACK_TRACE).asText()).contains("\tat io.ddbsync.");
    }

    /** The forwarder's line when SQS refuses a message: table and sequence number of the record to resume from. */
    private static JsonNode forwarderLine() {
        ChangeQueue refusing = (messages, metrics, remaining) -> IntStream.range(0, messages.size())
                .mapToObj(i -> new EntryFailure(i, "InvalidParameterValue", "refused", true)).toList();
        StreamRecordForwarder forwarder = StreamForwarderHandler.forwarder(new ForwarderConfig(
                URI.create("http://127.0.0.1:9/000000000000/refusing"), 262_144, Optional.empty(), "us-east-1"), refusing);
        StreamForwarderHandler handler = new StreamForwarderHandler(forwarder, EmfEnvironments.lines(l -> { }), Clock.systemUTC());
        try (LogCapture log = LogCapture.start()) {
            StreamsEventResponse response = handler.handleRequest(streamEvent(), context("stream-forwarder", "req-forwarder"));

            assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly(SEQ);
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET));
            return log.json().stream().filter(l -> l.get(LogFields.MESSAGE).asText().contains("batch item failure"))
                    .findFirst().orElseThrow();
        }
    }

    /** The worker's line for a message whose body is not a change envelope; OpenSearch is not reachable. */
    private static JsonNode workerLine() throws Exception {
        URI closed = closedPort();
        WorkerConfig config = WorkerConfig.builder(SearchTargetConfig.plain(closed), LocalAws.REGION.id()).build();
        try (SearchTarget http = SearchTargetFactory.plain(closed); LogCapture log = LogCapture.start()) {
            IndexWorkerHandler handler = new IndexWorkerHandler(WorkerParts.builder(config, http)
                    .metrics(new EmfMetricsSink(EmfEnvironments.lines(l -> { }), Clock.systemUTC()))
                    .parallelism(1).reserveMillis(1_000).build());
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m-1");
            message.setBody("{\"title\":\"" + SECRET + "\"");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(message));

            assertThat(handler.handleRequest(event, context("index-worker", "req-worker")).getBatchItemFailures()).hasSize(1);
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET));
            return log.json().stream().filter(l -> l.get(LogFields.MESSAGE).asText().equals("message rejected"))
                    .findFirst().orElseThrow();
        }
    }

    /** A line of the ddbsync command: a backfill of a small table. */
    private static JsonNode cliLine() {
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(LocalDynamoDb.shared().endpoint());
             SqsClient sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
             LogCapture log = LogCapture.start()) {
            String table = "Logs" + UUID.randomUUID().toString().substring(0, 8);
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
            LocalAws.awaitActive(dynamo, table);
            dynamo.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("p1"),
                    "title", AttributeValue.fromS(SECRET))));
            String queue = sqs.createQueue(b -> b.queueName(table)).queueUrl();

            Backfill.Result result = new Backfill(dynamo, SqsChangeQueue.withDefaults(sqs, queue), Clock.systemUTC())
                    .run(BackfillSettings.of(table, queue, 1), BackfillListener.NONE);

            assertThat(result.itemsSent()).isEqualTo(1);
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET));
            JsonNode line = log.json().stream().filter(l -> l.get(LogFields.MESSAGE).asText().equals("backfill finished"))
                    .findFirst().orElseThrow();
            assertThat(line.get(LogFields.TABLE).asText()).isEqualTo(table);
            return line;
        }
    }

    private static DynamodbEvent streamEvent() {
        String json = """
                {"Records":[{"eventID":"e1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
                 "awsRegion":"us-east-1",
                 "eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/Posts/stream/2026-01-01T00:00:00.000",
                 "dynamodb":{"ApproximateCreationDateTime":1767225600,"Keys":{"id":{"S":"p1"}},
                  "NewImage":{"id":{"S":"p1"},"title":{"S":"%s"}},
                  "SequenceNumber":"%s","SizeBytes":60,"StreamViewType":"NEW_AND_OLD_IMAGES"}}]}
                """.formatted(SECRET, SEQ);
        return LambdaEventSerializers.serializerFor(DynamodbEvent.class, LogSchemaIT.class.getClassLoader())
                .fromJson(json);
    }

    private static LambdaContext context(String function, String requestId) {
        return new LambdaContext(function, "arn:aws:lambda:us-east-1:123456789012:function:" + function, requestId,
                Duration.ofSeconds(30), System::nanoTime);
    }

    private static URI closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static Set<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }
}

package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalS3;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The stream poller against dynalite behind the Streams emulator, with on-failure destinations on ElasticMQ and S3Mock. */
class StreamPollerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbStreamsEmulator emulator;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static SqsClient sqs;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
        dynamoDb = LocalAws.dynamoDb(emulator.endpoint());
        streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build();
        sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
        s3 = LocalAws.s3(LocalS3.shared().endpoint());
    }

    @AfterAll
    static void stop() {
        s3.close();
        sqs.close();
        streams.close();
        dynamoDb.close();
        emulator.close();
    }

    /** A test function: keeps each batch as "EVENT:pk:v" strings plus sequence numbers, answers what {@code answer} says. */
    private static final class Recorder implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<List<String>> sequenceNumbers = new CopyOnWriteArrayList<>();
        final List<DynamodbEvent.DynamodbStreamRecord> records = new CopyOnWriteArrayList<>();
        private final AtomicInteger invocations = new AtomicInteger();
        private final BiFunction<Integer, List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> answer;

        Recorder(BiFunction<Integer, List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> answer) {
            this.answer = answer;
        }

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            batches.add(event.getRecords().stream().map(Recorder::describe).toList());
            sequenceNumbers.add(event.getRecords().stream().map(r -> r.getDynamodb().getSequenceNumber()).toList());
            records.addAll(event.getRecords());
            return answer.apply(invocations.incrementAndGet(), event.getRecords());
        }

        private static String describe(DynamodbEvent.DynamodbStreamRecord record) {
            var image = record.getDynamodb().getNewImage();
            String value = image == null || image.get("v") == null ? "-" : image.get("v").getN();
            return record.getEventName() + ":" + record.getDynamodb().getKeys().get("pk").getS() + ":" + value;
        }

        List<String> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private static String createTable() {
        String table = "esm-" + UUID.randomUUID();
        dynamoDb.createTable(c -> c.tableName(table)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        return table;
    }

    private static String streamArn(String table) {
        return dynamoDb.describeTable(d -> d.tableName(table)).table().latestStreamArn();
    }

    private static void put(String table, String pk, int v) {
        dynamoDb.putItem(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromN(Integer.toString(v)))));
    }

    private static StreamPollerConfig.Builder config(String table) {
        return StreamPollerConfig.builder("forwarder", streamArn(table)).pollInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(10));
    }

    private static List<String> receiveAll(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            got.forEach(m -> bodies.add(m.body()));
        } while (!got.isEmpty());
        return bodies;
    }

    @Test
    void poll_writesBeforeAndWhileRunning_handlerSeesEveryWriteInOrder() {
        String table = createTable();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            put(table, "a" + i, i);
            expected.add("INSERT:a" + i + ":" + i);
        }
        Recorder handler = new Recorder((n, records) -> null);

        try (StreamPoller poller = StreamPoller.start(streams, config(table).batchSize(4).build(), handler, OnFailureDestination.none())) {
            for (int i = 0; i < 5; i++) {
                put(table, "a" + i, 100 + i);
                expected.add("MODIFY:a" + i + ":" + (100 + i));
            }
            dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("pk", AttributeValue.fromS("a2"))));
            expected.add("REMOVE:a2:-");
            put(table, "a2", 7);
            expected.add("INSERT:a2:7");
            Await.until("handler saw all " + expected.size() + " writes", () -> handler.all().size() >= expected.size()
                    && poller.stats().succeededRecords() == expected.size());

            assertThat(poller.stats().succeededRecords()).isEqualTo(expected.size());
        }

        assertThat(handler.all()).containsExactlyElementsOf(expected);
        assertThat(handler.batches).allSatisfy(batch -> assertThat(batch.size()).isBetween(1, 4));
        List<BigInteger> sequence = handler.sequenceNumbers.stream().flatMap(List::stream).map(BigInteger::new).toList();
        assertThat(sequence).isSorted().doesNotHaveDuplicates();
        DynamodbEvent.DynamodbStreamRecord modify = handler.records.get(5);
        assertThat(modify.getEventSourceARN()).isEqualTo(streamArn(table));
        assertThat(modify.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(modify.getDynamodb().getOldImage().get("v").getN()).isEqualTo("0");
        assertThat(modify.getDynamodb().getApproximateCreationDateTime()).isNotNull();
        assertThat(modify.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void poll_reportedFailure_retriedFromThatSequenceNumber() {
        String table = createTable();
        for (int i = 1; i <= 5; i++) {
            put(table, "r" + i, i);
        }
        Recorder handler = new Recorder((n, records) -> n == 1
                ? new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(records.get(2).getDynamodb().getSequenceNumber())))
                : null);

        try (StreamPoller poller = StreamPoller.start(streams, config(table).batchSize(10).batchingWindow(Duration.ofSeconds(1)).build(),
                handler, OnFailureDestination.none())) {
            Await.until("the retry returned", () -> handler.batches.size() >= 2 && poller.stats().succeededRecords() == 5);
        }

        assertThat(handler.batches).containsExactly(
                List.of("INSERT:r1:1", "INSERT:r2:2", "INSERT:r3:3", "INSERT:r4:4", "INSERT:r5:5"),
                List.of("INSERT:r3:3", "INSERT:r4:4", "INSERT:r5:5"));
        assertThat(handler.sequenceNumbers.get(1).get(0)).isEqualTo(handler.sequenceNumbers.get(0).get(2));
    }

    @Test
    void poll_handlerAlwaysFails_exhaustsRetriesSendsOneOnFailureMessageAndMovesOn() throws Exception {
        String table = createTable();
        String failureQueue = sqs.createQueue(c -> c.queueName("stream-failures-" + UUID.randomUUID())).queueUrl();
        for (int i = 1; i <= 3; i++) {
            put(table, "poison" + i, i);
        }
        Recorder handler = new Recorder((n, records) -> {
            if (records.stream().anyMatch(r -> r.getDynamodb().getKeys().get("pk").getS().startsWith("poison"))) {
                throw new IllegalStateException("cannot handle poison");
            }
            return null;
        });
        String shardId = streams.describeStream(d -> d.streamArn(streamArn(table))).streamDescription().shards().get(0).shardId();

        try (StreamPoller poller = StreamPoller.start(streams, config(table).batchSize(10).batchingWindow(Duration.ofSeconds(1))
                .bisectBatchOnFunctionError(false).maximumRetryAttempts(2).build(), handler, OnFailureDestination.sqs(sqs, failureQueue))) {
            Await.until("the poison batch given up", () -> poller.stats().discardedRecords() == 3);
            put(table, "after", 9);
            Await.until("the next write processed", () -> handler.all().contains("INSERT:after:9"));
        }

        assertThat(handler.batches.subList(0, 3)).allSatisfy(batch ->
                assertThat(batch).containsExactly("INSERT:poison1:1", "INSERT:poison2:2", "INSERT:poison3:3"));
        List<String> messages = receiveAll(failureQueue);
        assertThat(messages).hasSize(1);
        JsonNode record = JSON.readTree(messages.get(0));
        assertThat(record.get("requestContext").get("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.get("requestContext").get("functionArn").asText()).isEqualTo(
                "arn:aws:lambda:" + LocalAws.REGION.id() + ":" + LocalAws.ACCOUNT_ID + ":function:forwarder");
        assertThat(record.get("responseContext").get("functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.get("version").asText()).isEqualTo("1.0");
        JsonNode info = record.get("DDBStreamBatchInfo");
        assertThat(info.get("shardId").asText()).isEqualTo(shardId);
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(handler.sequenceNumbers.get(0).get(0));
        assertThat(info.get("endSequenceNumber").asText()).isEqualTo(handler.sequenceNumbers.get(0).get(2));
        assertThat(info.get("batchSize").asInt()).isEqualTo(3);
        assertThat(info.get("streamArn").asText()).isEqualTo(streamArn(table));
        assertThat(info.get("approximateArrivalOfFirstRecord").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void poll_batchAlwaysFailing_wholeInvocationRecordInS3UnderLambdasKeyAndShardMovesOn() throws Exception {
        String table = createTable();
        String bucket = "stream-failures-" + UUID.randomUUID();
        s3.createBucket(c -> c.bucket(bucket));
        String uuid = UUID.randomUUID().toString();
        for (int i = 1; i <= 3; i++) {
            put(table, "poison" + i, i);
        }
        Recorder handler = new Recorder((n, records) -> {
            if (records.stream().anyMatch(r -> r.getDynamodb().getKeys().get("pk").getS().startsWith("poison"))) {
                throw new IllegalStateException("cannot handle poison");
            }
            return null;
        });
        String shardId = streams.describeStream(d -> d.streamArn(streamArn(table))).streamDescription().shards().get(0).shardId();

        try (StreamPoller poller = StreamPoller.start(streams, config(table).batchSize(10).batchingWindow(Duration.ofSeconds(1))
                .bisectBatchOnFunctionError(false).maximumRetryAttempts(1).uuid(uuid).build(), handler,
                OnFailureDestination.s3(s3, bucket))) {
            Await.until("the poison batch given up", () -> poller.stats().discardedRecords() == 3);
            put(table, "after", 9);
            Await.until("the next write processed", () -> handler.all().contains("INSERT:after:9"));
        }

        List<S3Object> objects = s3.listObjectsV2(l -> l.bucket(bucket)).contents();
        assertThat(objects).hasSize(1);
        String key = objects.get(0).key();
        JsonNode record = JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String());
        String timestamp = record.get("timestamp").asText(); // 2026-11-24T10:00:09.700Z
        String day = timestamp.substring(0, 10).replace('-', '/');
        String time = timestamp.substring(0, 19).replace(':', '.');
        assertThat(key).matches("aws/lambda/" + uuid + "/" + shardId + "/" + day + "/" + time
                + "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(record.get("requestContext").get("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(record.get("responseContext").get("functionError").asText()).isEqualTo("Unhandled");
        JsonNode info = record.get("DDBStreamBatchInfo");
        assertThat(info.get("shardId").asText()).isEqualTo(shardId);
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(handler.sequenceNumbers.get(0).get(0));
        assertThat(info.get("endSequenceNumber").asText()).isEqualTo(handler.sequenceNumbers.get(0).get(2));
        assertThat(info.get("batchSize").asInt()).isEqualTo(3);
        DynamodbEvent payload = LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamodbEvent.class.getClassLoader())
                .fromJson(record.get("payload").toString());
        assertThat(payload.getRecords()).extracting(r -> r.getEventName() + ":" + r.getDynamodb().getKeys().get("pk").getS()
                + ":" + r.getDynamodb().getNewImage().get("v").getN())
                .containsExactly("INSERT:poison1:1", "INSERT:poison2:2", "INSERT:poison3:3");
        assertThat(payload.getRecords()).extracting(r -> r.getDynamodb().getSequenceNumber())
                .containsExactlyElementsOf(handler.sequenceNumbers.get(0));
        assertThat(payload.getRecords()).allSatisfy(r -> assertThat(r.getEventSourceARN()).isEqualTo(streamArn(table)));
    }

    @Test
    void start_latest_skipsRecordsWrittenBeforeStart() {
        String table = createTable();
        put(table, "old", 1);
        Recorder handler = new Recorder((n, records) -> null);

        try (StreamPoller poller = StreamPoller.start(streams, config(table).startingPosition(StartingPosition.LATEST).build(),
                handler, OnFailureDestination.none())) {
            put(table, "new", 2);
            Await.until("the new write processed", () -> !handler.all().isEmpty());
        }

        assertThat(handler.all()).containsExactly("INSERT:new:2");
    }

    @Test
    void close_stopsEveryPollerThread() {
        String table = createTable();
        StreamPoller poller = StreamPoller.start(streams, StreamPollerConfig.builder("closing", streamArn(table)).build(),
                new Recorder((n, r) -> null), OnFailureDestination.none());

        poller.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("esm-stream-closing"));
    }
}

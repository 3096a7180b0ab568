package io.ddbsync.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.forwarder.internal.map.MappedRecord;
import io.ddbsync.forwarder.internal.map.StreamRecordMapper;
import io.ddbsync.aws.sqs.MessageAttributes;
import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.forwarder.testing.FaultInjectingSqsClient;
import io.ddbsync.forwarder.testing.LambdaEvents;
import io.ddbsync.forwarder.testing.QueueReader;
import io.ddbsync.forwarder.testing.StreamEventJson;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.log.LogCapture;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The handler against a real SQS-protocol server (ElasticMQ), fed events through the Lambda runtime's serializer. */
class StreamForwarderHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SqsClient sqs;
    private static QueueReader queues;

    private final List<String> metricLines = new ArrayList<>();
    private LogCapture log;
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @BeforeAll
    static void connect() {
        sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
        queues = new QueueReader(sqs);
    }

    @AfterAll
    static void disconnect() {
        sqs.close();
    }

    /**
     * Plain bodies, for the fault tests: 1,000 padded records then make enough messages for the k-th
     * to fail (gzip packs them into a few).
     */
    private static final Compression PLAIN = Compression.NONE;

    private static ForwarderConfig config(String queueUrl, int maxMessageBytes, Compression compression) {
        return new ForwarderConfig(URI.create(queueUrl), maxMessageBytes, Optional.of(LocalSqs.shared().endpoint()),
                LocalAws.REGION.id(), compression);
    }

    /** The handler with the default configuration: gzip bodies. */
    private StreamForwarderHandler handler(String queueUrl, int maxMessageBytes, SqsClient client) {
        return handler(queueUrl, maxMessageBytes, client, Compression.DEFAULT);
    }

    private StreamForwarderHandler handler(String queueUrl, int maxMessageBytes, SqsClient client, Compression compression) {
        StreamRecordForwarder forwarder = StreamForwarderHandler.forwarder(config(queueUrl, maxMessageBytes, compression), client, sleeps::add);
        return new StreamForwarderHandler(forwarder, EmfEnvironments.lines(metricLines::add), Clock.systemUTC());
    }

    private long metric(String name) throws Exception {
        assertThat(metricLines).isNotEmpty();
        return JSON.readTree(metricLines.get(metricLines.size() - 1)).get(name).asLong();
    }

    /** What the forwarder should have put on the queue for these records, per table, in stream order. */
    private static Map<String, List<WireRecord>> expected(List<DynamodbStreamRecord> records) {
        StreamRecordMapper mapper = new StreamRecordMapper(Integer.MAX_VALUE);
        Map<String, List<WireRecord>> byTable = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            MappedRecord m = mapper.map(i, records.get(i));
            byTable.computeIfAbsent(m.table(), t -> new ArrayList<>()).add(m.record());
        }
        return byTable;
    }

    /** Received records per table: envelopes ordered by first sequence number, records as carried. */
    private static Map<String, List<WireRecord>> received(List<Message> messages) {
        Map<String, List<ChangeEnvelope>> envelopes = new TreeMap<>();
        for (Message m : messages) {
            ChangeEnvelope e = WireCodec.decode(m.body());
            envelopes.computeIfAbsent(e.table(), t -> new ArrayList<>()).add(e);
        }
        Map<String, List<WireRecord>> out = new TreeMap<>();
        envelopes.forEach((table, list) -> {
            list.sort(Comparator.comparing(e -> new BigInteger(e.records().get(0).sequenceNumber())));
            out.put(table, list.stream().flatMap(e -> e.records().stream()).toList());
        });
        return out;
    }

    private static List<String> seqs(List<Message> messages) {
        return messages.stream().flatMap(m -> WireCodec.decode(m.body()).records().stream()).map(WireRecord::sequenceNumber).toList();
    }

    @Test
    void handle_documentedEvent_queueHoldsExactlyTheRecordsWithTheirAttributes() throws Exception {
        String queue = queues.newQueue("documented");
        DynamodbEvent event = LambdaEvents.resource("events/insert-modify-remove.json");

        StreamForwarderHandler handler =
                new StreamForwarderHandler(config(queue, 262_144, Compression.DEFAULT), sqs, EmfEnvironments.lines(metricLines::add), Clock.systemUTC());

        StreamsEventResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Message> messages = queues.drain(queue);
        assertThat(messages).hasSize(1);
        assertThat(received(messages)).isEqualTo(expected(event.getRecords()));
        Message m = messages.get(0);
        assertThat(m.body()).as("compressed by default").startsWith("{\"v\":2,");
        assertThat(m.messageAttributes().get(MessageAttributes.TABLE).stringValue()).isEqualTo("ExampleTableWithStream");
        assertThat(m.messageAttributes().get(MessageAttributes.RECORD_COUNT).stringValue()).isEqualTo("3");
        assertThat(m.messageAttributes().get(MessageAttributes.OLDEST_TS).stringValue()).isEqualTo("1428537600");
        assertThat(metric(ForwarderMetricNames.RECORDS_FORWARDED)).isEqualTo(3);
        assertThat(metric(ForwarderMetricNames.MESSAGES_SENT)).isEqualTo(1);
        assertThat(metric(ForwarderMetricNames.SEND_REQUESTS)).isEqualTo(1);
        assertThat(metric(ForwarderMetricNames.BYTES_SENT)).isEqualTo(m.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void handle_thousandRecordsOfTwoTables_bodiesDecodeToTheInputInStreamOrderPerTable() throws Exception {
        String queue = queues.newQueue("thousand");
        StreamEventJson json = new StreamEventJson();
        for (int i = 0; i < 1000; i++) {
            json.add(i % 4 == 0 ? "Comments" : "Posts", i, 1_000);
        }
        DynamodbEvent event = LambdaEvents.fromJson(json.toJson());

        StreamsEventResponse response = handler(queue, 16_384, sqs).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Message> messages = queues.drain(queue);
        assertThat(received(messages)).isEqualTo(expected(event.getRecords()));
        assertThat(seqs(messages)).hasSize(1000).doesNotHaveDuplicates();
        long bytes = messages.stream().mapToLong(m -> m.body().getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(messages).allSatisfy(m -> assertThat(m.body().getBytes(StandardCharsets.UTF_8).length
                + MessageAttributes.MAX_BYTES).isLessThanOrEqualTo(16_384));
        assertThat(metric(ForwarderMetricNames.RECORDS_FORWARDED)).isEqualTo(1000);
        assertThat(metric(ForwarderMetricNames.MESSAGES_SENT)).isEqualTo(messages.size());
        assertThat(metric(ForwarderMetricNames.BYTES_SENT)).isEqualTo(bytes);
        assertThat(metric(ForwarderMetricNames.SEND_REQUESTS)).isEqualTo((messages.size() + 9) / 10);
        assertThat(metric(ForwarderMetricNames.SEND_RETRIES)).isZero();
    }

    @Test
    void handle_uninterpretableRecords_travelToTheQueueFlaggedWithTheirData() throws Exception {
        String queue = queues.newQueue("raw");
        DynamodbEvent event = LambdaEvents.resource("events/uninterpretable.json");

        StreamsEventResponse response = handler(queue, 262_144, sqs).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Message> messages = queues.drain(queue);
        assertThat(messages).hasSize(8);
        List<RawRecord> raws = new ArrayList<>();
        for (Message m : messages) {
            ChangeEnvelope e = WireCodec.decode(m.body());
            if (e.records().get(0) instanceof RawRecord raw) {
                assertThat(e.records()).hasSize(1);
                raws.add(raw);
            }
        }
        raws.sort(Comparator.comparing(r -> r.raw().get("eventID").asText()));
        assertThat(raws).extracting(r -> r.raw().get("eventID").asText()).containsExactly("u1", "u2", "u3", "u4", "u5", "u6");
        assertThat(raws).extracting(RawRecord::reason).containsExactly(
                "no eventSourceARN",
                "unknown eventName: UPSERT",
                "attribute NewImage.vector: no known type (expected one of S, N, B, SS, NS, BS, M, L, NULL, BOOL)",
                "attribute NewImage.count: not a number: \"twelve\"",
                "no Keys",
                "no SequenceNumber");
        assertThat(raws.get(3).raw().at("/dynamodb/NewImage/count/N").asText()).isEqualTo("twelve");
        assertThat(raws.get(0).raw().at("/dynamodb/SequenceNumber").asText()).isEqualTo("910000000000000000000002");
        assertThat(log.json()).anyMatch(l -> l.path(LogFields.SEQUENCE_NUMBER).asText().equals("910000000000000000000004")
                && l.get(LogFields.MESSAGE).asText().contains("not interpretable"));
        assertThat(metric(ForwarderMetricNames.RECORDS_FORWARDED)).isEqualTo(8);
    }

    @Test
    void handle_kthEntryRejectedPermanently_reportsItsFirstSeqAndAResumeDeliversEverything() throws Exception {
        String queue = queues.newQueue("reject");
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 1000, 1_000));
        FaultInjectingSqsClient faulty = new FaultInjectingSqsClient(sqs).failEntry(23, true, "InvalidMessageContents", 1);

        StreamsEventResponse response = handler(queue, 16_384, faulty, PLAIN).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
        String resume = response.getBatchItemFailures().get(0).getItemIdentifier();
        int resumeAt = new BigInteger(resume).subtract(StreamEventJson.FIRST_SEQ).intValueExact();
        List<Message> first = queues.drain(queue);
        List<String> sent = seqs(first);
        for (int i = 0; i < resumeAt; i++) {
            assertThat(sent).as("record %d, before the reported one", i).contains(StreamEventJson.seq(i));
        }
        assertThat(sent).doesNotContain(resume);
        assertThat(resumeAt).isPositive();
        assertThat(sleeps).isEmpty(); // a sender fault is not retried
        assertThat(metric(ForwarderMetricNames.SEND_RETRIES)).isZero();

        // Lambda re-invokes from the reported record; together the two invocations enqueue every record.
        DynamodbEvent rest = new DynamodbEvent();
        rest.setRecords(event.getRecords().subList(resumeAt, 1000));
        StreamsEventResponse second = handler(queue, 16_384, sqs, PLAIN).handleRequest(rest, null);
        assertThat(second.getBatchItemFailures()).isEmpty();
        List<String> all = new ArrayList<>(sent);
        all.addAll(seqs(queues.drain(queue)));
        for (int i = 0; i < 1000; i++) {
            assertThat(all).contains(StreamEventJson.seq(i));
        }
    }

    @Test
    void handle_kthEntryThrottledTwice_isRetriedWithBackoffAndEverythingArrives() throws Exception {
        String queue = queues.newQueue("throttled");
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 300, 1_000));
        FaultInjectingSqsClient faulty = new FaultInjectingSqsClient(sqs).failEntry(7, false, "ThrottlingException", 2);

        StreamsEventResponse response = handler(queue, 16_384, faulty, PLAIN).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(seqs(queues.drain(queue))).hasSize(300).doesNotHaveDuplicates();
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(100)));
        assertThat(metric(ForwarderMetricNames.SEND_RETRIES)).isEqualTo(2);
        assertThat(metric(ForwarderMetricNames.RECORDS_FORWARDED)).isEqualTo(300);
    }

    @Test
    void handle_kthEntryAlwaysFailingTransiently_exhaustsRetriesAndReportsIt() throws Exception {
        String queue = queues.newQueue("exhausted");
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 300, 1_000));
        FaultInjectingSqsClient faulty = new FaultInjectingSqsClient(sqs)
                .failEntry(12, false, "InternalError", Integer.MAX_VALUE);

        StreamsEventResponse response = handler(queue, 16_384, faulty, PLAIN).handleRequest(event, null);

        String resume = response.getBatchItemFailures().get(0).getItemIdentifier();
        int resumeAt = new BigInteger(resume).subtract(StreamEventJson.FIRST_SEQ).intValueExact();
        List<String> sent = seqs(queues.drain(queue));
        for (int i = 0; i < resumeAt; i++) {
            assertThat(sent).contains(StreamEventJson.seq(i));
        }
        assertThat(sent).doesNotContain(resume);
        assertThat(sleeps).hasSize(5);
        assertThat(metric(ForwarderMetricNames.SEND_RETRIES)).isEqualTo(5);
        assertThat(log.json()).anyMatch(l -> l.get(LogFields.MESSAGE).asText().contains("reporting batch item failure")
                && l.path(LogFields.SEQUENCE_NUMBER).asText().equals(resume));
    }

    @Test
    void handle_callFailsWith503Once_isRetriedAndEverythingArrives() throws Exception {
        String queue = queues.newQueue("call503");
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 200, 1_000));
        FaultInjectingSqsClient faulty = new FaultInjectingSqsClient(sqs)
                .failCall(1, FaultInjectingSqsClient.serviceError(503, "ServiceUnavailable"));

        StreamsEventResponse response = handler(queue, 16_384, faulty, PLAIN).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(seqs(queues.drain(queue))).hasSize(200).doesNotHaveDuplicates();
        assertThat(metric(ForwarderMetricNames.SEND_RETRIES)).isEqualTo(1);
    }

    @Test
    void handle_callRejectedWith400_reportsTheFirstRecordOfThatCall() throws Exception {
        String queue = queues.newQueue("call400");
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 200, 1_000));
        FaultInjectingSqsClient faulty = new FaultInjectingSqsClient(sqs)
                .failCall(1, FaultInjectingSqsClient.serviceError(400, "AccessDenied"));

        StreamsEventResponse response = handler(queue, 16_384, faulty, PLAIN).handleRequest(event, null);

        List<String> sent = seqs(queues.drain(queue));
        String resume = response.getBatchItemFailures().get(0).getItemIdentifier();
        int resumeAt = new BigInteger(resume).subtract(StreamEventJson.FIRST_SEQ).intValueExact();
        assertThat(sent).hasSize(resumeAt); // the first call's records, exactly the ones before the reported record
        for (int i = 0; i < resumeAt; i++) {
            assertThat(sent).contains(StreamEventJson.seq(i));
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void handle_400KbItem_arrivesAsKeysOnlyFetchRecord() throws Exception {
        String queue = queues.newQueue("oversize");
        DynamodbEvent event = LambdaEvents.fromJson(new StreamEventJson().add("Posts", 0, 400_000).add("Posts", 2, 200).toJson());

        StreamsEventResponse response = handler(queue, 262_144, sqs).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<WireRecord> records = received(queues.drain(queue)).get("Posts");
        assertThat(records).extracting(WireRecord::sequenceNumber).containsExactly(StreamEventJson.seq(0), StreamEventJson.seq(2));
        ChangeRecord big = (ChangeRecord) records.get(0);
        assertThat(big.fetch()).isTrue();
        assertThat(big.image()).isNull();
        assertThat(((ChangeRecord) records.get(1)).image()).isNotNull();
        assertThat(metric(ForwarderMetricNames.OVERSIZE_RECORDS)).isEqualTo(1);
    }

    @Test
    void handle_everyInvocation_writesOneMetricsLinePerInvocationEvenWhenNothingIsSent() throws Exception {
        String queue = queues.newQueue("empty");
        StreamForwarderHandler handler = handler(queue, 262_144, sqs);

        handler.handleRequest(new DynamodbEvent(), null);

        assertThat(metricLines).hasSize(1);
        JsonNode line = JSON.readTree(metricLines.get(0));
        assertThat(line.get(ForwarderMetricNames.MESSAGES_SENT).asLong()).isZero();
        assertThat(queues.drain(queue)).isEmpty();
    }

    @Test
    void handle_stringWithNonCharacters_travelsEscapedAndArrivesIntact() throws Exception {
        String queue = queues.newQueue("nonchar");
        String json = new StreamEventJson().add("Posts", 0, 200).toJson().replace("\"xxxx", "\"\\uffff\\ufffe\\u0001xxxx");
        DynamodbEvent event = LambdaEvents.fromJson(json);

        StreamsEventResponse response = handler(queue, 262_144, sqs).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Message> messages = queues.drain(queue);
        assertThat(messages).allSatisfy(m -> assertThat(m.body()).doesNotContain("\uffff", "\ufffe"));
        List<WireRecord> records = received(messages).get("Posts");
        assertThat(((ChangeRecord) records.get(0)).image().at("/body/S").asText()).startsWith("\uffff\ufffe\u0001xxxx");
        assertThat(records).isEqualTo(expected(event.getRecords()).get("Posts"));
    }

    @Test
    void handle_entryFailsWithTooLittleTimeLeftToRetry_reportsItWithoutRetrying() throws Exception {
        String queue = queues.newQueue("shorttime");
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 100, 1_000));
        FaultInjectingSqsClient faulty = new FaultInjectingSqsClient(sqs)
                .failEntry(3, false, "InternalError", Integer.MAX_VALUE);
        int remaining = (int) StreamForwarderHandler.RESERVE_MILLIS - 1;

        StreamsEventResponse response = handler(queue, 16_384, faulty, PLAIN).handleRequest(event, LambdaContext.of("stream-forwarder", () -> remaining));

        String resume = response.getBatchItemFailures().get(0).getItemIdentifier();
        int resumeAt = new BigInteger(resume).subtract(StreamEventJson.FIRST_SEQ).intValueExact();
        List<String> sent = seqs(queues.drain(queue));
        for (int i = 0; i < resumeAt; i++) {
            assertThat(sent).contains(StreamEventJson.seq(i));
        }
        assertThat(sent).doesNotContain(resume);
        assertThat(sleeps).isEmpty();
        assertThat(metric(ForwarderMetricNames.SEND_RETRIES)).isZero();
        assertThat(metric(ForwarderMetricNames.SEND_REQUESTS)).isEqualTo(1);
    }
}

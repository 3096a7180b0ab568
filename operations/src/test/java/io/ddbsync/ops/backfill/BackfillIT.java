package io.ddbsync.ops.backfill;

import io.ddbsync.aws.sqs.SqsChangeQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.aws.dynamodb.DynamoJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The backfill against dynalite and ElasticMQ: every item arrives once as a backfill record; a resumed run skips done segments. */
class BackfillIT {

    static final int ITEMS = 1_000;
    static final Instant SCAN_START = Instant.parse("2026-11-24T12:00:00Z");

    static DynamoDbClient dynamo;
    static SqsClient sqs;
    static String table;
    static Map<String, ObjectNode> itemsById = new HashMap<>();

    @BeforeAll
    static void createTable() {
        dynamo = LocalAws.dynamoDb(LocalDynamoDb.shared().endpoint());
        sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
        table = "Backfill" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        LocalAws.awaitActive(dynamo, table);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = Map.of(
                    "pk", AttributeValue.fromS("user|" + (i % 97)),
                    "sk", AttributeValue.fromN(Integer.toString(i)),
                    "title", AttributeValue.fromS("포스트 " + i + " 검색"),
                    "price", AttributeValue.fromN(i + ".50"),
                    "tags", AttributeValue.fromSs(List.of("a" + i % 3, "b")),
                    "blocks", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                            "type", AttributeValue.fromS("paragraph"), "text", AttributeValue.fromS("본문 " + i))))));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                List<WriteRequest> send = batch;
                dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
                batch = new ArrayList<>();
            }
        }
        // what the table holds (numbers as DynamoDB normalised them), not what was sent
        dynamo.scanPaginator(b -> b.tableName(table)).items().forEach(item -> itemsById.put(key(item), DynamoJson.fromItem(item)));
        assertThat(itemsById).hasSize(ITEMS);
    }

    @AfterAll
    static void close() {
        dynamo.close();
        sqs.close();
    }

    @Test
    void run_wholeTable_everyItemArrivesOnceAsARecordOfTheReadOfItsPage() {
        String queue = newQueue();
        Backfill.Result result = backfill(queue).run(BackfillSettings.of(table, queue, 4).withPageSize(70), BackfillListener.NONE);

        List<ChangeRecord> records = drain(queue);
        assertThat(result.itemsSent()).isEqualTo(ITEMS);
        assertThat(records).hasSize(ITEMS);
        Map<String, ObjectNode> received = new HashMap<>();
        for (ChangeRecord r : records) {
            assertThat(r.op()).isEqualTo(Op.INSERT);
            assertThat(r.sequenceNumber()).isEqualTo(Versions.BACKFILL_SEQ);
            assertThat(r.ts()).isEqualTo(SCAN_START.getEpochSecond() - 300);
            assertThat(r.fetch()).isFalse();
            assertThat(Versions.of(r)).isEqualTo(Versions.ofRead(SCAN_START));
            assertThat(r.keys().properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("pk", "sk");
            received.put(key(r.keys()), r.image());
        }
        assertThat(received).isEqualTo(itemsById);
    }

    @Test
    void run_resumedFromCheckpoint_skipsDoneSegmentsAndDatesPagesWhenTheyAreRead(@TempDir Path dir) {
        Path checkpoint = dir.resolve("backfill.json");
        String first = newQueue();
        BackfillSettings settings = BackfillSettings.of(table, first, 4).withThreads(1).withPageSize(60).withCheckpoint(checkpoint);
        BackfillListener crashInSegment2 = new BackfillListener() {
            @Override
            public void beforeSend(int segment, int items) {
                if (segment == 2) {
                    throw new IllegalStateException("simulated crash before segment 2 sent anything");
                }
            }
        };
        assertThatThrownBy(() -> backfill(first).run(settings, crashInSegment2))
                .isInstanceOf(BackfillException.class).hasMessageContaining("simulated crash");
        List<ChangeRecord> firstRecords = drain(first);

        String second = newQueue();
        Clock later = Clock.fixed(SCAN_START.plusSeconds(3600), ZoneOffset.UTC);
        Backfill.Result resumed = new Backfill(dynamo, SqsChangeQueue.withDefaults(sqs, second), later)
                .run(new BackfillSettings(table, second, 4, 1, 0, 60, BackfillSettings.DEFAULT_MAX_MESSAGE_BYTES,
                        java.util.Optional.of(checkpoint)), BackfillListener.NONE);
        List<ChangeRecord> secondRecords = drain(second);

        assertThat(resumed.segmentsSkipped()).isEqualTo(2);
        assertThat(ids(firstRecords)).containsExactlyInAnyOrderElementsOf(idsOfSegments(0, 1));
        assertThat(ids(secondRecords)).containsExactlyInAnyOrderElementsOf(idsOfSegments(2, 3));
        // a resumed run's pages are reads of now, not of the first run's start
        assertThat(secondRecords).allSatisfy(r -> assertThat(r.ts()).isEqualTo(SCAN_START.getEpochSecond() + 3600 - 300));
        List<String> all = new ArrayList<>(ids(firstRecords));
        all.addAll(ids(secondRecords));
        assertThat(all).containsExactlyInAnyOrderElementsOf(itemsById.keySet());

        String third = newQueue();
        Backfill.Result again = backfill(third).run(settings.withItemsPerSecond(0), BackfillListener.NONE);
        assertThat(again.segmentsSkipped()).isEqualTo(4);
        assertThat(drain(third)).isEmpty();
    }

    @Test
    void run_checkpointOfOtherTable_failsNamingBoth(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("other.json");
        Files.writeString(checkpoint, "{\"table\":\"Other\",\"segments\":4,\"scanStart\":1,\"done\":[],\"items\":{},\"next\":{}}");
        String queue = newQueue();
        assertThatThrownBy(() -> backfill(queue).run(BackfillSettings.of(table, queue, 4).withCheckpoint(checkpoint),
                BackfillListener.NONE))
                .isInstanceOf(BackfillException.class).hasMessageContaining("Other").hasMessageContaining(table);
    }

    private static List<String> idsOfSegments(int... segments) {
        List<String> ids = new ArrayList<>();
        for (int s : segments) {
            int segment = s;
            dynamo.scanPaginator(b -> b.tableName(table).segment(segment).totalSegments(4)).items()
                    .forEach(item -> ids.add(key(item)));
        }
        return ids;
    }

    private static List<String> ids(List<ChangeRecord> records) {
        return records.stream().map(r -> key(r.keys())).toList();
    }

    private static Backfill backfill(String queue) {
        return new Backfill(dynamo, SqsChangeQueue.withDefaults(sqs, queue), Clock.fixed(SCAN_START, ZoneOffset.UTC));
    }

    private static String newQueue() {
        return sqs.createQueue(b -> b.queueName("backfill-" + UUID.randomUUID())).queueUrl();
    }

    /** Every record on the queue (messages deleted), decoded with the wire codec. */
    static List<ChangeRecord> drain(String queue) {
        List<ChangeRecord> records = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                return records;
            }
            for (Message m : messages) {
                ChangeEnvelope envelope = WireCodec.decode(m.body());
                assertThat(envelope.table()).isEqualTo(table);
                assertThat(m.messageAttributes().get("table").stringValue()).isEqualTo(table);
                assertThat(m.messageAttributes().get("recordCount").stringValue())
                        .isEqualTo(Integer.toString(envelope.records().size()));
                for (WireRecord r : envelope.records()) {
                    records.add((ChangeRecord) r);
                }
                sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static String key(Map<String, AttributeValue> item) {
        return item.get("pk").s() + "#" + item.get("sk").n();
    }

    private static String key(ObjectNode keysOrImage) {
        return keysOrImage.path("pk").path("S").asText() + "#" + keysOrImage.path("sk").path("N").asText();
    }
}

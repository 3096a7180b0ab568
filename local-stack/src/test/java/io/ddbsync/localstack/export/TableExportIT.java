package io.ddbsync.localstack.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalS3;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Exports written by the Streams emulation into S3Mock, read back object by object against DynamoDB's documented
 * export layout ("DynamoDB table export output format"): the files, their JSON, checksums and items.
 */
class TableExportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SUMMARY_FIELDS = List.of("version", "exportArn", "startTime", "endTime", "tableArn",
            "tableId", "exportTime", "s3Bucket", "s3Prefix", "s3SseAlgorithm", "s3SseKmsKeyId", "manifestFilesS3Key",
            "billedSizeBytes", "itemCount", "outputFormat");

    private static DynamoDbStreamsEmulator emulator;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
        dynamoDb = LocalAws.dynamoDb(emulator.endpoint());
        streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build();
        s3 = LocalAws.s3(LocalS3.shared().endpoint());
    }

    @AfterAll
    static void stop() {
        s3.close();
        streams.close();
        dynamoDb.close();
        emulator.close();
    }

    @Test
    void exportTableToPointInTime_everyAttributeType_documentedLayoutWithTheTablesItems() throws Exception {
        String table = createTable(null);
        for (int p = 0; p < 10; p++) {
            for (int s = 0; s < 4; s++) {
                Map<String, AttributeValue> item = richItem(p, s);
                dynamoDb.putItem(i -> i.tableName(table).item(item));
            }
        }
        String bucket = bucket();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        TableExport export = emulator.exportTableToPointInTime(s3,
                TableExportRequest.builder(table, bucket).s3Prefix("exports/2026-12").dataFiles(3).build());

        Instant after = Instant.now();
        String dir = "exports/2026-12/AWSDynamoDB/" + export.exportId();
        assertThat(export.exportId()).matches("\\d{14}-[0-9a-f]{8}");
        List<String> keys = s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix("exports/2026-12/")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(keys).hasSize(8).contains(dir + "/_started", dir + "/manifest-summary.json", dir + "/manifest-summary.checksum",
                dir + "/manifest-files.json", dir + "/manifest-files.checksum");
        assertThat(keys.stream().filter(k -> k.startsWith(dir + "/data/")))
                .hasSize(3).allMatch(k -> k.matches(dir + "/data/[a-z2-7]{26}\\.json\\.gz"));
        assertThat(bytes(bucket, dir + "/_started")).isEmpty();

        // manifest-summary.json: one line, the documented fields in the documented order
        String summaryText = text(bucket, dir + "/manifest-summary.json");
        assertThat(summaryText.strip()).doesNotContain("\n");
        JsonNode summary = JSON.readTree(summaryText);
        List<String> fields = new ArrayList<>();
        summary.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(SUMMARY_FIELDS);
        String tableArn = dynamoDb.describeTable(d -> d.tableName(table)).table().tableArn();
        String tableId = dynamoDb.describeTable(d -> d.tableName(table)).table().tableId();
        assertThat(summary.get("version").asText()).isEqualTo("2020-06-30");
        assertThat(summary.get("exportArn").asText()).isEqualTo(tableArn + "/export/" + export.exportId()).isEqualTo(export.exportArn());
        assertThat(summary.get("tableArn").asText()).isEqualTo(tableArn);
        assertThat(summary.get("tableId").asText()).isEqualTo(tableId);
        Instant startTime = Instant.parse(summary.get("startTime").asText());
        Instant exportTime = Instant.parse(summary.get("exportTime").asText());
        Instant endTime = Instant.parse(summary.get("endTime").asText());
        assertThat(summary.get("exportTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(exportTime).isEqualTo(export.exportTime().truncatedTo(ChronoUnit.MILLIS))
                .isBetween(startTime, endTime).isBetween(before, after);
        assertThat(summary.get("s3Bucket").asText()).isEqualTo(bucket);
        assertThat(summary.get("s3Prefix").asText()).isEqualTo("exports/2026-12");
        assertThat(summary.get("s3SseAlgorithm").asText()).isEqualTo("AES256");
        assertThat(summary.get("s3SseKmsKeyId").isNull()).isTrue();
        assertThat(summary.get("manifestFilesS3Key").asText()).isEqualTo(dir + "/manifest-files.json");
        assertThat(summary.get("itemCount").asLong()).isEqualTo(40);
        assertThat(summary.get("billedSizeBytes").asLong()).isPositive().isEqualTo(export.billedSizeBytes());
        assertThat(summary.get("outputFormat").asText()).isEqualTo("DYNAMODB_JSON");
        assertThat(text(bucket, dir + "/manifest-summary.checksum")).isEqualTo(base64Md5(summaryText.getBytes(StandardCharsets.UTF_8)));

        // manifest-files.json: JSON lines, one per data file, with its count, MD5 and ETag
        String filesText = text(bucket, dir + "/manifest-files.json");
        assertThat(text(bucket, dir + "/manifest-files.checksum")).isEqualTo(base64Md5(filesText.getBytes(StandardCharsets.UTF_8)));
        List<JsonNode> lines = filesText.lines().map(TableExportIT::json).toList();
        assertThat(lines).hasSize(3);
        List<Map<String, AttributeValue>> exported = new ArrayList<>();
        Map<String, Set<String>> filesOfPartitionKey = new HashMap<>();
        for (JsonNode line : lines) {
            List<String> lineFields = new ArrayList<>();
            line.fieldNames().forEachRemaining(lineFields::add);
            assertThat(lineFields).containsExactly("itemCount", "md5Checksum", "etag", "dataFileS3Key");
            String key = line.get("dataFileS3Key").asText();
            byte[] gz = bytes(bucket, key);
            assertThat(line.get("md5Checksum").asText()).isEqualTo(base64Md5(gz));
            assertThat(line.get("etag").asText()).isEqualTo(s3.headObject(h -> h.bucket(bucket).key(key)).eTag().replace("\"", ""));
            List<String> itemLines = gunzip(gz).lines().toList();
            assertThat(itemLines).hasSize(line.get("itemCount").asInt());
            for (String itemLine : itemLines) {
                JsonNode node = JSON.readTree(itemLine);
                assertThat(node.size()).isEqualTo(1);
                Map<String, AttributeValue> item = DynamoJson.toItem((ObjectNode) node.get("Item"));
                exported.add(item);
                filesOfPartitionKey.computeIfAbsent(item.get("pk").s(), pk -> new HashSet<>()).add(key);
            }
        }
        assertThat(lines).extracting(l -> l.get("dataFileS3Key").asText())
                .containsExactlyElementsOf(export.dataFiles().stream().map(TableExport.DataFile::dataFileS3Key).toList());
        List<Map<String, AttributeValue>> scanned = dynamoDb.scanPaginator(s -> s.tableName(table)).items().stream().toList();
        assertThat(exported).hasSize(40).containsExactlyInAnyOrderElementsOf(scanned);
        assertThat(filesOfPartitionKey.values()).as("a partition's items are in one file").allMatch(files -> files.size() == 1);
        assertThat(exported).contains(richItem(7, 3));
    }

    @Test
    void exportTableToPointInTime_writesRacingIt_exportIsTheTableAtItsExportTime() throws Exception {
        String table = createTable(StreamViewType.NEW_IMAGE);
        int keys = 20;
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        // one writer, in order: write g goes to key g % 20 with value g, so the order of the values is the order of the writes
        Thread writer = new Thread(() -> {
            for (int g = 1; !stop.get(); g++) {
                int value = g;
                dynamoDb.putItem(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("k" + value % keys),
                        "sk", AttributeValue.fromN("0"), "g", AttributeValue.fromN(Integer.toString(value)))));
                written.set(g);
            }
        }, "racing-writer");
        writer.start();
        String bucket = bucket();
        TableExport export;
        try {
            await(() -> written.get() >= 60);
            export = emulator.exportTableToPointInTime(s3, TableExportRequest.builder(table, bucket).dataFiles(2).build());
            int atExport = written.get();
            await(() -> written.get() >= atExport + 20);
        } finally {
            stop.set(true);
            writer.join(30_000);
        }

        Map<String, Integer> exported = new HashMap<>();
        for (TableExport.DataFile file : export.dataFiles()) {
            gunzip(bytes(bucket, file.dataFileS3Key())).lines().map(TableExportIT::json).forEach(line ->
                    exported.put(line.get("Item").get("pk").get("S").asText(), line.get("Item").get("g").get("N").asInt()));
        }
        int cut = exported.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(cut).isGreaterThanOrEqualTo(60).isLessThan(written.get());
        for (int k = 0; k < keys; k++) {
            int lastBeforeCut = cut - Math.floorMod(cut - k, keys);
            assertThat(exported.get("k" + k)).as("key k%d: its last write up to the cut %d", k, cut).isEqualTo(lastBeforeCut);
        }
        Map<Integer, Record> recordsByValue = new HashMap<>();
        streamRecords(table).forEach(r -> recordsByValue.put(Integer.parseInt(r.dynamodb().newImage().get("g").n()), r));
        Instant exportSecond = export.exportTime().truncatedTo(ChronoUnit.SECONDS);
        assertThat(recordsByValue.get(cut).dynamodb().approximateCreationDateTime()).isBeforeOrEqualTo(exportSecond);
        assertThat(recordsByValue.get(cut + 1).dynamodb().approximateCreationDateTime()).isAfterOrEqualTo(exportSecond);
    }

    @Test
    void exportTableToPointInTime_emptyPartitions_emptyGzipFilesWithCountZero() throws Exception {
        String table = createTable(null);
        dynamoDb.putItem(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("only"), "sk", AttributeValue.fromN("1"))));
        String bucket = bucket();

        TableExport export = emulator.exportTableToPointInTime(s3, TableExportRequest.builder(table, bucket).dataFiles(3).build());

        assertThat(export.manifestSummaryKey()).matches("AWSDynamoDB/\\d{14}-[0-9a-f]{8}/manifest-summary\\.json");
        assertThat(JSON.readTree(text(bucket, export.manifestSummaryKey())).get("s3Prefix").isNull()).isTrue();
        assertThat(export.dataFiles()).extracting(TableExport.DataFile::itemCount).containsExactlyInAnyOrder(1L, 0L, 0L);
        for (TableExport.DataFile file : export.dataFiles()) {
            String content = gunzip(bytes(bucket, file.dataFileS3Key()));
            assertThat(content.lines().count()).isEqualTo(file.itemCount());
        }
        assertThat(export.itemCount()).isEqualTo(1);
    }

    @Test
    void exportTableToPointInTime_missingBucketOrTable_failsNamingIt() {
        String table = createTable(null);
        String missingBucket = "missing-" + UUID.randomUUID();
        String bucket = bucket();

        assertThatThrownBy(() -> emulator.exportTableToPointInTime(s3, TableExportRequest.builder(table, missingBucket).build()))
                .isInstanceOf(ExportException.class).hasMessageContaining(missingBucket);
        assertThatThrownBy(() -> emulator.exportTableToPointInTime(s3, TableExportRequest.builder("no-such-table", bucket).build()))
                .isInstanceOf(ExportException.class).hasMessageContaining("no-such-table");
    }

    private static String createTable(StreamViewType streamView) {
        String table = "export-" + UUID.randomUUID();
        dynamoDb.createTable(c -> c.tableName(table)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(streamView != null).streamViewType(streamView)));
        return table;
    }

    /** An item with every attribute type, numbers beyond a double's precision and text beyond ASCII. */
    private static Map<String, AttributeValue> richItem(int p, int s) {
        return Map.of(
                "pk", AttributeValue.fromS("post-" + p),
                "sk", AttributeValue.fromN(Integer.toString(s)),
                "title", AttributeValue.fromS("제목 " + p + "/" + s + " é"),
                "views", AttributeValue.fromN("12345678901234567890.0123456789"),
                "raw", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff, (byte) p})),
                "tags", AttributeValue.fromSs(List.of("a", "b" + s)),
                "scores", AttributeValue.fromNs(List.of("1", "2.5")),
                "blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
                "blocks", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("type", AttributeValue.fromS("p"),
                        "draft", AttributeValue.fromBool(false), "deletedAt", AttributeValue.fromNul(true))))));
    }

    private static List<Record> streamRecords(String table) {
        String arn = dynamoDb.describeTable(d -> d.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(d -> d.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(g -> g.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            var page = streams.getRecords(g -> g.shardIterator(current));
            records.addAll(page.records());
            iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
        return records;
    }

    private static String bucket() {
        String name = "exports-" + UUID.randomUUID();
        s3.createBucket(c -> c.bucket(name));
        return name;
    }

    private static byte[] bytes(String bucket, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    private static String text(String bucket, String key) {
        return new String(bytes(bucket, key), StandardCharsets.UTF_8);
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String base64Md5(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(10);
        }
    }
}

package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.localstack.esm.StreamPollerConfig;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.aws.dynamodb.DynamoJson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.LocalS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A forwarder whose sends keep failing exhausts its retries, the stream poller leaves an on-failure record;
 * replay-stream-failures re-forwards the range and the index converges, or, when the range is trimmed, reports it
 * for reconcile and deletes it only with --delete-trimmed.
 */
class StreamReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replay_forwarderRetriesExhausted_rangeReforwardedAndIndexConverges() throws Exception {
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
             DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build()) {
            Pipeline p = new Pipeline("Replay", emulator.endpoint(), true);
            String failureQueueUrl = failedRange(p, streams, List.of("s1", "s2", "s3"));
            assertThat(p.searchAllOrEmpty()).isEmpty();

            TestRoot.Run run = TestRoot.run(replayArgs(p, failureQueueUrl, emulator).toArray(String[]::new));

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("(3 record(s))").contains("trimmed 0, failed 0");
            assertThat(p.depth(failureQueueUrl)).isZero();
            p.drain();
            assertThat(p.searchAll()).containsOnlyKeys(ReconcileIT.id("s1"), ReconcileIT.id("s2"), ReconcileIT.id("s3"));
            assertThat(p.searchAll().get(ReconcileIT.id("s2")).path("title").asText()).isEqualTo("스트림 s2");
        }
    }

    /**
     * OPERATIONS.md's recipe for a trimmed range, as written: the range is older than the stream keeps records (a
     * 3 s retention stands for 24 h), so {@code replay-stream-failures} reports it and leaves it on the queue;
     * {@code reconcile --repair} finds and fixes what it held; a rerun with {@code --delete-trimmed} removes it.
     */
    @Test
    void replay_rangeTrimmed_reportedAndKeptThenReconcileRepairsAndDeleteTrimmedClears() throws Exception {
        Duration retention = Duration.ofSeconds(3);
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.builder(LocalDynamoDb.shared().endpoint())
                .retention(retention).start();
             DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build()) {
            Pipeline p = new Pipeline("Trimmed", emulator.endpoint(), true);
            String failureQueueUrl = failedRange(p, streams, List.of("t1", "t2"));
            // an item the pipeline did index, so the index exists when the operator reconciles
            var synced = ReconcileIT.post("t0", "색인된 글", "1");
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(synced)));
            p.send(List.of(Pipeline.insert(synced, java.time.Instant.now().getEpochSecond())));
            p.drain();
            Thread.sleep(retention.plusSeconds(2).toMillis());
            List<String> replayArgs = replayArgs(p, failureQueueUrl, emulator);

            TestRoot.Run first = TestRoot.run(replayArgs.toArray(String[]::new));

            assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(OpsCommand.ATTENTION);
            assertThat(first.out()).contains("TRIMMED").contains("(left on the queue)").contains("trimmed 1, failed 0")
                    .contains("then rerun with --delete-trimmed");
            assertThat(p.depth(failureQueueUrl)).isEqualTo(1);
            assertThat(p.searchAll()).containsOnlyKeys(ReconcileIT.id("t0"));

            TestRoot.Run repair = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "1s",
                    "--repair", "--change-queue-url", p.changeQueueUrl)));
            assertThat(repair.exitCode()).as(repair.out() + repair.err()).isEqualTo(OpsCommand.ATTENTION);
            assertThat(repair.out()).contains("missing 2").contains("enqueued 2 corrective record(s)");
            p.drain();
            assertThat(p.searchAll()).containsOnlyKeys(ReconcileIT.id("t0"), ReconcileIT.id("t1"), ReconcileIT.id("t2"));

            List<String> rerun = new java.util.ArrayList<>(replayArgs);
            rerun.add("--delete-trimmed");
            TestRoot.Run second = TestRoot.run(rerun.toArray(String[]::new));

            assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(OpsCommand.ATTENTION);
            assertThat(second.out()).contains("(record deleted)").contains("trimmed 1, failed 0");
            assertThat(p.depth(failureQueueUrl)).isZero();
            TestRoot.Run clean = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
            assertThat(clean.exitCode()).as(clean.out()).isZero();
        }
    }

    /**
     * OPERATIONS.md's recipe for an S3 on-failure destination: two batches the forwarder gave up on are in the bucket as
     * Lambda writes them (whole invocation records, AWS's key layout); one keeps its records, the other only its metadata
     * (its records are missing from S3), and the stream has trimmed both. replay-stream-failures re-forwards the first
     * from the object itself, names the second (table, shard, range) and runs reconcile --repair of the table; the index
     * converges, both objects are moved under replayed/, and a second run finds nothing to do.
     */
    @Test
    void replay_s3RecordsPastRetentionAndOneRangeMissing_reforwardedFromS3AndTableRepaired() throws Exception {
        Duration retention = Duration.ofSeconds(3);
        String bucket = "ddbsync-failures-" + Long.toString(System.nanoTime(), 36);
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.builder(LocalDynamoDb.shared().endpoint())
                .retention(retention).start();
             DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build();
             S3Client s3 = LocalAws.s3(LocalS3.shared().endpoint())) {
            s3.createBucket(b -> b.bucket(bucket));
            Pipeline p = new Pipeline("ReplayS3", emulator.endpoint(), true);
            List<String> keys = failedToS3(p, streams, s3, bucket, List.of(List.of("k1", "k2", "k3"), List.of("m1", "m2")));
            assertThat(keys).hasSize(2).allMatch(k -> k.matches("aws/lambda/[0-9a-f-]{36}/[^/]+/\\d{4}/\\d{2}/\\d{2}/"
                    + "\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}"));
            // the second batch's object keeps only the metadata: its records are missing from S3
            ObjectNode stripped = (ObjectNode) JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(keys.get(1))).asUtf8String());
            assertThat(stripped.path("payload").path("Records")).hasSize(2);
            stripped.remove("payload");
            s3.putObject(b -> b.bucket(bucket).key(keys.get(1)), RequestBody.fromString(stripped.toString()));
            var synced = ReconcileIT.post("k0", "색인된 글", "1");
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(synced)));
            p.send(List.of(Pipeline.insert(synced, java.time.Instant.now().getEpochSecond())));
            p.drain();
            Thread.sleep(retention.plusSeconds(2).toMillis());
            assertThat(p.searchAll()).containsOnlyKeys(ReconcileIT.id("k0"));
            List<String> args = s3ReplayArgs(p, bucket, emulator);

            TestRoot.Run run;
            try (var worker = p.pump()) { // the worker applies the replayed records while the repair's reconcile settles
                run = TestRoot.run(args.toArray(String[]::new));
            }

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(OpsCommand.ATTENTION);
            assertThat(run.out()).contains("(3 record(s))").contains("trimmed 1, failed 0")
                    .contains("TRIMMED   table " + p.table + ", shardId-")
                    .contains("the object has no records and the stream has trimmed the range")
                    .contains("Repair of table " + p.table).contains("enqueued 2 corrective record(s)")
                    .contains("moved under replayed/");
            p.drain();
            assertThat(p.searchAll()).containsOnlyKeys(ReconcileIT.id("k0"), ReconcileIT.id("k1"), ReconcileIT.id("k2"),
                    ReconcileIT.id("k3"), ReconcileIT.id("m1"), ReconcileIT.id("m2"));
            assertThat(p.searchAll().get(ReconcileIT.id("k2")).path("title").asText()).isEqualTo("스트림 k2");
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                    .containsExactlyInAnyOrder("replayed/" + keys.get(0), "replayed/" + keys.get(1));

            TestRoot.Run second = TestRoot.run(args.toArray(String[]::new));

            assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
            assertThat(second.out()).contains("No on-failure records to replay.");
            TestRoot.Run clean = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
            assertThat(clean.exitCode()).as(clean.out()).isZero();
        }
    }

    private static List<String> s3ReplayArgs(Pipeline p, String bucket, DynamoDbStreamsEmulator emulator) {
        List<String> args = new java.util.ArrayList<>(List.of("replay-stream-failures", "--failure-bucket", bucket,
                "--s3-endpoint-url", LocalS3.shared().endpoint().toString(), "--change-queue-url", p.changeQueueUrl,
                "--settle", "1s"));
        args.addAll(p.flags());
        int at = args.indexOf("--dynamodb-endpoint-url");
        args.set(at + 1, emulator.endpoint().toString());
        return args;
    }

    /**
     * Writes each group of items through a forwarder whose every send fails, one group at a time, so the poller leaves
     * one S3 on-failure object per group; returns their keys in the order written.
     */
    private static List<String> failedToS3(Pipeline p, DynamoDbStreamsClient streams, S3Client s3, String bucket,
                                           List<List<String>> groups) throws Exception {
        String streamArn = p.dynamoDb.describeTable(b -> b.tableName(p.table)).table().latestStreamArn();
        ForwarderConfig broken = new ForwarderConfig(URI.create(p.changeQueueUrl + "-missing"), 262_144,
                Optional.of(Pipeline.sqsEndpoint()), "us-east-1");
        StreamForwarderHandler forwarder = new StreamForwarderHandler(broken, p.sqs,
                EmfEnvironments.lines(System.out::println), Clock.systemUTC());
        StreamPollerConfig config = StreamPollerConfig.builder("stream-forwarder", streamArn)
                .batchSize(100).batchingWindow(Duration.ofSeconds(1)).maximumRetryAttempts(1)
                .bisectBatchOnFunctionError(false).build();
        List<String> keys = new java.util.ArrayList<>();
        try (StreamPoller poller = StreamPoller.start(streams, config, forwarder, OnFailureDestination.s3(s3, bucket))) {
            int expected = 0;
            for (List<String> ids : groups) {
                expected += ids.size();
                List<WriteRequest> puts = ids.stream()
                        .map(id -> WriteRequest.builder().putRequest(PutRequest.builder()
                                .item(DynamoJson.toItem(ReconcileIT.post(id, "스트림 " + id, "4"))).build()).build())
                        .toList();
                p.dynamoDb.batchWriteItem(b -> b.requestItems(java.util.Map.of(p.table, puts)));
                for (int i = 0; i < 600 && poller.stats().discardedRecords() < expected; i++) {
                    Thread.sleep(100);
                }
                assertThat(poller.stats().discardedRecords()).isEqualTo(expected);
                List<String> now = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key())
                        .filter(k -> !keys.contains(k)).toList();
                assertThat(now).hasSize(1);
                keys.add(now.get(0));
            }
        }
        return keys;
    }

    private static List<String> replayArgs(Pipeline p, String failureQueueUrl, DynamoDbStreamsEmulator emulator) {
        return List.of("replay-stream-failures", "--stream-failure-queue-url", failureQueueUrl, "--change-queue-url",
                p.changeQueueUrl, "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--dynamodb-endpoint-url",
                emulator.endpoint().toString(), "--region", "us-east-1");
    }

    /** Writes the items through a forwarder whose every send fails, so the poller leaves one on-failure record. */
    private static String failedRange(Pipeline p, DynamoDbStreamsClient streams, List<String> ids) throws Exception {
        String failureQueueUrl = p.sqs.createQueue(b -> b.queueName(p.index + "-stream-failures")).queueUrl();
        String streamArn = p.dynamoDb.describeTable(b -> b.tableName(p.table)).table().latestStreamArn();
        ForwarderConfig broken = new ForwarderConfig(URI.create(p.changeQueueUrl + "-missing"), 262_144,
                Optional.of(Pipeline.sqsEndpoint()), "us-east-1");
        StreamForwarderHandler forwarder = new StreamForwarderHandler(broken, p.sqs,
                EmfEnvironments.lines(System.out::println), Clock.systemUTC());
        StreamPollerConfig config = StreamPollerConfig.builder("stream-forwarder", streamArn)
                .batchSize(100).batchingWindow(Duration.ofSeconds(1)).maximumRetryAttempts(1)
                .bisectBatchOnFunctionError(false).build();
        try (StreamPoller poller = StreamPoller.start(streams, config, forwarder, OnFailureDestination.sqs(p.sqs, failureQueueUrl))) {
            List<WriteRequest> puts = ids.stream()
                    .map(id -> WriteRequest.builder().putRequest(PutRequest.builder()
                            .item(DynamoJson.toItem(ReconcileIT.post(id, "스트림 " + id, "4"))).build()).build())
                    .toList();
            p.dynamoDb.batchWriteItem(b -> b.requestItems(java.util.Map.of(p.table, puts)));
            for (int i = 0; i < 600 && poller.stats().discardedRecords() < ids.size(); i++) {
                Thread.sleep(100);
            }
            assertThat(poller.stats().discardedRecords()).isEqualTo(ids.size());
        }
        assertThat(p.depth(failureQueueUrl)).isEqualTo(1);
        return failureQueueUrl;
    }
}

package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.backfill.BackfillHandler;
import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalS3;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.SqsPollerConfig;
import io.ddbsync.localstack.esm.StartingPosition;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.localstack.esm.StreamPollerConfig;
import io.ddbsync.localstack.export.TableExport;
import io.ddbsync.localstack.export.TableExportRequest;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Export mode: a table whose first items only an export holds (the pipeline starts at the stream's LATEST), an export
 * in DynamoDB's layout taken by the Streams emulation while writes race it, {@code ddbsync backfill --export-prefix}
 * putting one work item per data file on the backfill queue, the backfill Lambda's handler importing them through the
 * change queue (invoked as its event source mapping would), the stream forwarder and the worker running all along: the
 * index converges to the table, 0 missing, 0 stale, 0 ghosts.
 */
class ExportBackfillIT {

    private static final int EXPORTED_ONLY = 100;
    private static final int RACED = 60;

    @Test
    void backfill_exportPrefixWhileWritesRace_indexConvergesToTheTable() throws Exception {
        String bucket = "ddbsync-exports-" + Long.toString(System.nanoTime(), 36);
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
             DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build();
             S3Client s3 = LocalAws.s3(LocalS3.shared().endpoint())) {
            s3.createBucket(b -> b.bucket(bucket));
            Pipeline p = new Pipeline("Export", emulator.endpoint(), true);
            for (int i = 0; i < EXPORTED_ONLY + 20; i++) {
                put(p, "e" + i, "내보낸 글 " + i, "1");
            }
            String backfillQueueUrl = p.sqs.createQueue(b -> b.queueName(p.index + "-backfill")).queueUrl();
            AtomicBoolean racing = new AtomicBoolean(true);
            AtomicLong raced = new AtomicLong();
            try (StreamPoller forwarder = forwarder(p, streams); SqsPoller worker = p.pump()) {
                Thread writer = new Thread(() -> race(p, racing, raced), "racing-writes");
                writer.start();
                Thread.sleep(1500);
                TableExport export = emulator.exportTableToPointInTime(s3,
                        TableExportRequest.builder(p.table, bucket).s3Prefix("exports").dataFiles(4).build());
                Thread.sleep(1500);
                // the items only the export holds are not in the index before it is imported
                assertThat(p.searchAllOrEmpty()).doesNotContainKeys(IntStream.range(0, EXPORTED_ONLY)
                        .mapToObj(i -> ReconcileIT.id("e" + i)).toArray(String[]::new));
                String dir = export.manifestSummaryKey().substring(0, export.manifestSummaryKey().lastIndexOf('/') + 1);

                TestRoot.Run run = TestRoot.run(ReconcileIT.args("backfill", List.of("--table", p.table,
                        "--export-prefix", "s3://" + bucket + "/" + dir, "--backfill-queue-url", backfillQueueUrl,
                        "--s3-endpoint-url", LocalS3.shared().endpoint().toString(),
                        "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(),
                        "--dynamodb-endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1")));

                assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
                assertThat(run.out()).contains("4 work item(s)").contains(export.exportTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
                try (SqsPoller backfill = SqsPoller.start(p.sqs, SqsPollerConfig.builder("backfill-worker", backfillQueueUrl)
                        .pollWait(Duration.ofSeconds(1)).build(), handler(p, s3, bucket, backfillQueueUrl))) {
                    for (int i = 0; i < 600 && p.depth(backfillQueueUrl) > 0; i++) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(2000);
                    racing.set(false);
                    writer.join();
                    for (int i = 0; i < 600 && (p.depth(backfillQueueUrl) > 0 || p.depth(p.changeQueueUrl) > 0); i++) {
                        Thread.sleep(100);
                    }
                }
                Thread.sleep(3000); // the forwarder's last batch and the worker's last bulk
                assertThat(p.depth(backfillQueueUrl)).isZero();
            }
            assertThat(raced.get()).as("writes raced the export").isGreaterThan(20);
            TestRoot.Run reconcile = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "2s")));
            assertThat(reconcile.exitCode()).as(reconcile.out() + reconcile.err()).isZero();
            assertThat(reconcile.out()).contains("missing 0   stale 0   ghosts 0");
            assertThat(p.searchAll()).containsKeys(IntStream.range(0, EXPORTED_ONLY)
                    .mapToObj(i -> ReconcileIT.id("e" + i)).toArray(String[]::new));
        }
    }

    /** Puts, updates and deletes on e100.. (some exported, some new) until told to stop. */
    private static void race(Pipeline p, AtomicBoolean racing, AtomicLong raced) {
        Random random = new Random(42);
        while (racing.get()) {
            String id = "e" + (EXPORTED_ONLY + random.nextInt(RACED));
            switch (random.nextInt(3)) {
                case 0 -> put(p, id, "경주 " + raced.get(), Integer.toString(random.nextInt(5)));
                case 1 -> p.dynamoDb.updateItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS(id)))
                        .updateExpression("SET rating = :r").expressionAttributeValues(Map.of(":r", AttributeValue.fromN(
                                Integer.toString(random.nextInt(100))))));
                default -> p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS(id))));
            }
            raced.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void put(Pipeline p, String id, String title, String rating) {
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(ReconcileIT.post(id, title, rating))));
    }

    /** The stream forwarder from the stream's LATEST: the items written before are the export's to bring. */
    private static StreamPoller forwarder(Pipeline p, DynamoDbStreamsClient streams) {
        String streamArn = p.dynamoDb.describeTable(b -> b.tableName(p.table)).table().latestStreamArn();
        ForwarderConfig config = new ForwarderConfig(URI.create(p.changeQueueUrl), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                Optional.of(Pipeline.sqsEndpoint()), "us-east-1");
        StreamForwarderHandler handler = new StreamForwarderHandler(config, p.sqs, EmfEnvironments.lines(s -> { }), Clock.systemUTC());
        return StreamPoller.start(streams, StreamPollerConfig.builder("stream-forwarder", streamArn)
                .startingPosition(StartingPosition.LATEST).batchingWindow(Duration.ofMillis(200)).build(), handler,
                OnFailureDestination.none());
    }

    private static BackfillHandler handler(Pipeline p, S3Client s3, String bucket, String backfillQueueUrl) {
        BackfillConfig config = new BackfillConfig(URI.create(p.changeQueueUrl), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                Compression.DEFAULT, URI.create(backfillQueueUrl), bucket, Optional.of(Pipeline.sqsEndpoint()), Optional.empty(),
                Optional.of(LocalS3.shared().endpoint()), "us-east-1");
        return new BackfillHandler(config, null, p.sqs, s3, Clock.systemUTC());
    }
}

package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.backfill.BackfillRunStore;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.backfill.BackfillHandler;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalS3;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.esm.SqsPollerConfig;
import io.ddbsync.model.backfill.BackfillStatus;
import io.ddbsync.model.backfill.BackfillWorkItem;
import io.ddbsync.model.backfill.SegmentProgress;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.Op;
import io.ddbsync.testbench.local.BackfillQueues;
import io.ddbsync.testbench.local.Convergence;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ddbsync backfill --on-lambda}, {@code --status} and {@code --cancel} against the local services: the backfill
 * Lambda behind the emulated SQS mapping on its queue, its state in S3Mock, the worker behind its own mapping.
 */
class BackfillOnLambdaIT {

    private static final Pattern RUN_ID = Pattern.compile("backfill run (\\S+) of");
    /** Short enough that a segment of the throttled run needs continuations. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private Pipeline p;
    private S3Client s3;
    private String bucket;
    private BackfillQueues queues;

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private void start(String prefix, int visibilitySeconds, int maxReceiveCount) {
        p = new Pipeline(prefix);
        s3 = LocalAws.s3(LocalS3.shared().endpoint());
        closing.add(s3);
        bucket = ("lb-" + p.index).replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
        queues = BackfillQueues.create(p.sqs, p.index, visibilitySeconds, maxReceiveCount);
        BackfillConfig config = new BackfillConfig(URI.create(p.changeQueueUrl), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                Compression.DEFAULT, URI.create(queues.queueUrl()), bucket, Optional.of(Pipeline.sqsEndpoint()),
                Optional.of(Pipeline.dynamoDbEndpoint()), Optional.of(LocalS3.shared().endpoint()), "us-east-1");
        BackfillHandler handler = new BackfillHandler(config, p.dynamoDb, p.sqs, s3, Clock.systemUTC());
        closing.add(SqsPoller.start(p.sqs, SqsPollerConfig.builder("backfill-worker", queues.queueUrl()).batchSize(1)
                .concurrency(2).functionTimeout(FUNCTION_TIMEOUT).build(), handler));
        closing.add(p.pump());
    }

    private List<String> flags(String... more) {
        List<String> flags = new ArrayList<>(List.of("--on-lambda", "--backfill-bucket", bucket,
                "--s3-endpoint-url", LocalS3.shared().endpoint().toString(),
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(),
                "--dynamodb-endpoint-url", Pipeline.dynamoDbEndpoint().toString(), "--region", "us-east-1"));
        flags.addAll(List.of(more));
        return flags;
    }

    private TestRoot.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("backfill"));
        all.addAll(flags(args));
        return TestRoot.run(all.toArray(String[]::new));
    }

    private String startRun(String... options) {
        List<String> args = new ArrayList<>(List.of("--table", p.table, "--backfill-queue-url", queues.queueUrl()));
        args.addAll(List.of(options));
        TestRoot.Run started = cli(args.toArray(String[]::new));
        assertThat(started.exitCode()).as(started.out() + started.err()).isZero();
        Matcher m = RUN_ID.matcher(started.out());
        assertThat(m.find()).as(started.out()).isTrue();
        return m.group(1);
    }

    private BackfillStatus status(String run) {
        return new BackfillRunStore(s3, bucket).status(run, Instant.now()).orElseThrow();
    }

    private void load(int items) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("i" + i, "first " + i)).build()).build());
            if (batch.size() == 25 || i == items - 1) {
                List<WriteRequest> request = List.copyOf(batch);
                p.dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(p.table, request)));
                batch.clear();
            }
        }
    }

    private static Map<String, AttributeValue> item(String id, String title) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("title", AttributeValue.fromS(title));
        item.put("body", AttributeValue.fromS("x".repeat(150)));
        return item;
    }

    private static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    @Test
    void onLambda_tableWithWritesRacingIt_convergesAndStatusSaysDone() throws Exception {
        start("LambdaBackfill", 60, 3);
        int items = 3_000;
        load(items);
        // the stream's part, as the forwarder would send it: each write to the table, then its change record
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (writing.get()) {
                String id = "i" + r.nextInt(items + 200);
                ObjectNode keys = JsonNodeFactory.instance.objectNode();
                keys.putObject("id").put("S", id);
                long ts = Instant.now().getEpochSecond();
                if (r.nextInt(10) == 0) {
                    p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS(id))));
                    p.send(List.of(new ChangeRecord(Op.REMOVE, keys, null, Pipeline.nextSeq(), ts, false, false)));
                } else {
                    Map<String, AttributeValue> image = item(id, "changed " + writes.get());
                    p.dynamoDb.putItem(b -> b.tableName(p.table).item(image));
                    p.send(List.of(new ChangeRecord(Op.MODIFY, keys, DynamoJson.fromItem(image), Pipeline.nextSeq(), ts, false, false)));
                }
                writes.incrementAndGet();
            }
        }, "racing-writes");
        writer.start();
        try {
            String run = startRun("--segments", "4", "--page-size", "100");

            await("the run to finish", Duration.ofSeconds(90), () -> status(run).finished());
            TestRoot.Run shown = cli("--status", run);
            assertThat(shown.exitCode()).isZero();
            assertThat(shown.out()).contains("backfill run " + run + " of " + p.table + ": DONE, segments 4/4 done");
            // by table name too: its latest run
            assertThat(cli("--status", p.table).out()).contains("backfill run " + run);
            assertThat(status(run).itemsSent()).isGreaterThanOrEqualTo(items - writes.get());
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(writes.get()).as("writes raced the backfill").isPositive();
        await("the change queue to drain", Duration.ofSeconds(60), () -> p.depth(p.changeQueueUrl) == 0);
        assertThat(p.depth(queues.queueUrl())).as("no continuation left").isZero();
        assertThat(p.depth(queues.deadLetterQueueUrl())).isZero();

        p.refresh();
        Convergence.Report report = Convergence.compare(p.dynamoDb, p.table, p.openSearch, p.index,
                WorkerConfig.builder(SearchTargetConfig.plain(Pipeline.openSearchEndpoint()), "us-east-1").build().converterFor(p.table));
        assertThat(report.equal()).as(report.describe()).isTrue();
        assertThat(report.tableItems()).isGreaterThan(items / 2);
    }

    @Test
    void cancel_throttledRun_itemsStopGrowingAndNoContinuationIsLeft() throws Exception {
        start("LambdaCancel", 60, 3);
        load(1_000);
        // pages of 10 items of ~200 bytes: 0.5 RCU each (dynalite reports Scan's ConsumedCapacity); 0.5 RCU/s per segment
        String run = startRun("--segments", "2", "--page-size", "10", "--read-units-per-second", "1");
        await("pages to be sent", Duration.ofSeconds(30), () -> status(run).itemsSent() >= 20);

        TestRoot.Run cancelled = cli("--cancel", run);
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).contains("backfill run " + run + " of " + p.table + " cancelled");

        await("every segment to stop", Duration.ofSeconds(10), () -> new BackfillRunStore(s3, bucket).segments(run).stream()
                .filter(s -> s.state() == SegmentProgress.State.CANCELLED).count() == 2);
        long stopped = status(run).itemsSent();
        Thread.sleep(3_000);
        assertThat(status(run).itemsSent()).as("items sent after the cancel").isEqualTo(stopped);
        assertThat(stopped).isLessThan(1_000);
        assertThat(p.depth(queues.queueUrl())).as("no continuation on the backfill queue").isZero();
        TestRoot.Run shown = cli("--status", run);
        assertThat(shown.out()).contains("CANCELLED");
    }

    @Test
    void workItemOfAMissingTable_failsUntilTheBackfillDlqTakesIt_andRedriveMovesItBack() throws Exception {
        start("LambdaDlq", 1, 2);
        BackfillWorkItem item = BackfillWorkItem.first("run-missing", "no_such_table_" + p.index, 0, 1, 0, 100, Instant.now());
        p.sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody(item.toJson()));

        await("the work item in the backfill DLQ", Duration.ofSeconds(30), () -> p.depth(queues.deadLetterQueueUrl()) == 1);
        String body = p.sqs.receiveMessage(b -> b.queueUrl(queues.deadLetterQueueUrl()).visibilityTimeout(0)).messages().get(0).body();
        assertThat(BackfillWorkItem.fromJson(body)).isEqualTo(item);

        TestRoot.Run redrive = TestRoot.run("redrive", "--dlq-url", queues.deadLetterQueueUrl(), "--sqs-endpoint-url",
                Pipeline.sqsEndpoint().toString(), "--region", "us-east-1");
        assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
        assertThat(redrive.out()).contains("1 of 1 message(s) moved");
        // back on the backfill queue, it fails again and returns to the DLQ: the pair is redrivable
        await("the work item back in the backfill DLQ", Duration.ofSeconds(30), () -> p.depth(queues.deadLetterQueueUrl()) == 1);
    }
}

package io.ddbsync.testbench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.faults.HttpFaultProxy.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Replay past the stream's retention: SQS refuses the forwarder's sends for longer than its table's stream keeps records
 * (shortened to {@value #RETENTION_SECONDS} s, standing for DynamoDB's 24 h); the stream mapping gives up on the
 * batches and its S3 on-failure destination keeps them whole; the stream trims them. One object is then stripped to its
 * metadata (a range whose records are missing from S3). {@code replay-stream-failures --failure-bucket} re-forwards the
 * records of the others from S3, names the stripped range (table, shard, sequence range) and runs
 * {@code reconcile --repair} of the table itself; the shared recovery then converges. Each step is proven: objects
 * written with their records, every failed range trimmed from the stream (TrimmedDataAccessException), the stripped
 * object read back without records, the replay's report of it and the repair's corrective records, and a second replay
 * that finds nothing to do.
 */
final class S3Replay extends Scenario {

    static final int RETENTION_SECONDS = 10;
    private static final ObjectMapper M = new ObjectMapper();
    private static final Pattern REPLAYED = Pattern.compile("Replayed (\\d+) range\\(s\\) \\((\\d+) record\\(s\\)\\), trimmed (\\d+)");
    private static final Pattern REPAIRED = Pattern.compile("enqueued (\\d+) corrective record");
    /** The replay's own settling of the replayed keys of a table with a lost range (ReplayedKeys). */
    private static final Pattern SETTLED = Pattern.compile("read again: (\\d+) item\\(s\\) to re-read, (\\d+) gone");

    /** SQS's answer (JSON protocol) for a queue that does not exist: not retried by the SDK. */
    private static final String QUEUE_GONE =
            "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}";

    final AtomicLong refused = new AtomicLong();
    long objects;
    long recordsInS3;
    long rangesTrimmed;
    long rangesMissingFromS3;
    long rangesReplayed;
    long recordsRepaired;

    S3Replay() {
        super("s3-replay", "the forwarder's sends refused for longer than the stream's (shortened) retention: whole records "
                + "in S3, replayed from there; a range missing from S3 repaired by reconcile");
    }

    @Override
    ScenarioPipeline.Options options() {
        return new ScenarioPipeline.Options(2, 1).failuresToS3();
    }

    @Override
    void inject(ScenarioRun run) throws InterruptedException {
        ScenarioPipeline p = run.pipeline;
        p.stack.streams.retention(p.streamArn, Duration.ofSeconds(RETENTION_SECONDS));
        run.awaitLoad(0.1);
        Duration outage = run.size.outage().compareTo(Duration.ofSeconds(RETENTION_SECONDS + 5)) > 0 ? run.size.outage()
                : Duration.ofSeconds(RETENTION_SECONDS + 5);
        // refused at once (a non-retryable error), so each batch is given up on quickly and the mapping moves on
        p.stack.sqsProxy.handle((request, upstream) -> {
            refused.incrementAndGet();
            return Response.json(400, QUEUE_GONE);
        });
        run.say("SQS refuses every send of the forwarder for " + outage.toSeconds() + " s; the stream keeps records "
                + RETENTION_SECONDS + " s");
        Scenarios.hold(outage, () -> !keys(p).isEmpty());
        // on until the load is written, so the last failed range holds items' last changes (the repair has work to do)
        long loadDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!run.isLoadDone() && System.nanoTime() < loadDeadline) {
            Thread.sleep(200);
        }
        p.stack.sqsProxy.passThrough();
        // the batch being retried when SQS came back may still exhaust its retries: give it the time
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (keys(p).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Thread.sleep(3000);
        run.say("SQS accepts sends again; " + keys(p).size() + " on-failure object(s) in s3://" + p.failureBucket);
    }

    @Override
    void afterLoad(ScenarioRun run) throws InterruptedException {
        ScenarioPipeline p = run.pipeline;
        S3Client s3 = p.stack.s3();
        List<String> keys = keys(p);
        if (keys.isEmpty()) {
            throw new FaultSuiteException("no on-failure object reached s3://" + p.failureBucket);
        }
        objects = keys.size();
        JsonNode[] ranges = new JsonNode[keys.size()];
        int last = 0;
        for (int i = 0; i < keys.size(); i++) {
            JsonNode object = read(s3, p.failureBucket, keys.get(i));
            int records = object.path("payload").path("Records").size();
            if (records == 0 || records != object.path("DDBStreamBatchInfo").path("batchSize").asInt()) {
                throw new FaultSuiteException("s3://" + p.failureBucket + "/" + keys.get(i) + " does not hold its batch's records");
            }
            recordsInS3 += records;
            ranges[i] = object.path("DDBStreamBatchInfo");
            if (end(ranges[i]).compareTo(end(ranges[last])) > 0) {
                last = i;
            }
        }
        // the latest failed range: it holds the last change of some items, so losing it leaves the index behind
        String stripped = keys.get(last);
        JsonNode strippedRange = ranges[last];
        ObjectNode metadataOnly = (ObjectNode) read(s3, p.failureBucket, stripped);
        metadataOnly.remove("payload");
        s3.putObject(b -> b.bucket(p.failureBucket).key(stripped), RequestBody.fromString(metadataOnly.toString()));
        if (read(s3, p.failureBucket, stripped).has("payload")) {
            throw new FaultSuiteException("the records of " + stripped + " are still in S3");
        }
        rangesMissingFromS3 = 1;
        run.say(objects + " object(s) with " + recordsInS3 + " record(s) in S3; the records of " + strippedRange.path("shardId").asText()
                + " " + strippedRange.path("startSequenceNumber").asText() + ".." + strippedRange.path("endSequenceNumber").asText()
                + " removed from S3");
        rangesTrimmed = awaitTrimmed(p, ranges);
        run.say(rangesTrimmed + " of " + ranges.length + " failed range(s) trimmed from the stream");
        if (rangesTrimmed != ranges.length) {
            throw new FaultSuiteException("the stream still holds " + (ranges.length - rangesTrimmed) + " failed range(s) after "
                    + (RETENTION_SECONDS * 3) + " s");
        }

        run.say("ddbsync replay-stream-failures --failure-bucket " + p.failureBucket);
        Runbook.Run r = new Runbook(p, p.stack.log).replayS3Failures();
        Matcher m = REPLAYED.matcher(r.output());
        if (!m.find()) {
            throw new FaultSuiteException("replay-stream-failures printed no summary (exit " + r.exitCode() + ")");
        }
        rangesReplayed = Long.parseLong(m.group(1));
        String strippedLine = "TRIMMED   table " + p.table + ", " + strippedRange.path("shardId").asText() + " "
                + strippedRange.path("startSequenceNumber").asText() + ".." + strippedRange.path("endSequenceNumber").asText();
        if (rangesReplayed != objects - 1 || Long.parseLong(m.group(3)) != 1 || !r.output().contains(strippedLine)) {
            throw new FaultSuiteException("replay-stream-failures replayed " + rangesReplayed + " of " + (objects - 1)
                    + " range(s) and did not name only the range missing from S3 (exit " + r.exitCode() + ")");
        }
        if (!r.output().contains("Repair of table " + p.table)) {
            throw new FaultSuiteException("replay-stream-failures did not repair " + p.table + " for the range missing from S3");
        }
        Matcher repaired = REPAIRED.matcher(r.output());
        long corrective = repaired.find() ? Long.parseLong(repaired.group(1)) : 0;
        Matcher settled = SETTLED.matcher(r.output());
        long reread = settled.find() ? Long.parseLong(settled.group(1)) + Long.parseLong(settled.group(2)) : 0;
        recordsRepaired = corrective + reread;
        run.say(rangesReplayed + " range(s) (" + m.group(2) + " record(s)) replayed from S3; the range missing from S3 reported; "
                + "the replayed keys of " + p.table + " read again (" + reread + " record(s) versioned as that read), the reconcile's "
                + "repair enqueued " + corrective + " corrective record(s)");
    }

    @Override
    String afterConverged(ScenarioRun run) {
        ScenarioPipeline p = run.pipeline;
        if (!keys(p).isEmpty()) {
            return keys(p).size() + " on-failure object(s) left under aws/lambda/ after the replay";
        }
        Runbook.Run again = new Runbook(p, p.stack.log).replayS3Failures();
        if (again.exitCode() != 0 || !again.output().contains("No on-failure records to replay.")) {
            return "a second replay-stream-failures did not find the bucket done (exit " + again.exitCode() + ")";
        }
        return "";
    }

    @Override
    Map<String, Long> faults(ScenarioRun run) {
        return Map.of("sends refused", refused.get(), "S3 on-failure objects", objects, "records in S3", recordsInS3,
                "ranges trimmed", rangesTrimmed, "ranges missing from S3", rangesMissingFromS3,
                "ranges replayed from S3", rangesReplayed, "records repaired", recordsRepaired);
    }

    private static java.math.BigInteger end(JsonNode range) {
        return new java.math.BigInteger(range.path("endSequenceNumber").asText());
    }

    /** Keys of the on-failure objects not yet replayed, in key order (oldest first per mapping and shard). */
    private static List<String> keys(ScenarioPipeline p) {
        return p.stack.s3().listObjectsV2Paginator(b -> b.bucket(p.failureBucket).prefix("aws/lambda/")).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static JsonNode read(S3Client s3, String bucket, String key) {
        try {
            return M.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not JSON", e);
        }
    }

    /** Waits (up to three retentions) until the stream has trimmed the start of every range; returns how many are. */
    private static long awaitTrimmed(ScenarioPipeline p, JsonNode[] ranges) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(RETENTION_SECONDS * 3L).toNanos();
        try (DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), p.stack.streams.endpoint()).build()) {
            while (true) {
                long trimmed = 0;
                for (JsonNode range : ranges) {
                    try {
                        streams.getShardIterator(b -> b.streamArn(range.path("streamArn").asText())
                                .shardId(range.path("shardId").asText()).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                                .sequenceNumber(range.path("startSequenceNumber").asText()));
                    } catch (TrimmedDataAccessException e) {
                        trimmed++;
                    }
                }
                if (trimmed == ranges.length || System.nanoTime() > deadline) {
                    return trimmed;
                }
                Thread.sleep(1000);
            }
        }
    }
}

package io.ddbsync.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.forwarder.internal.map.StreamRecordMapper;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.aws.sqs.MessageAttributes;
import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.forwarder.testing.LambdaEvents;
import io.ddbsync.forwarder.testing.RecordingQueue;
import io.ddbsync.forwarder.testing.StreamEventJson;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prints SQS billed request units (every 64 KB chunk of a request's payload is one unit) for 1,000
 * changes at the deployed batch settings, plain and compressed; and prints how many SQS messages and SendMessageBatch requests 1,000 stream records (INSERT/MODIFY
 * with NEW_IMAGE) take, per item size and maximum message size, and checks the packing is tight:
 * no more messages than the bytes require plus one per message for the last partly filled one.
 */
class SendVolumeReportTest {

    private static final int[] ITEM_BYTES = {200, 1_000, 10_000, 100_000};
    private static final int[] MAX_MESSAGE_BYTES = {262_144, 1_048_576};

    @Test
    void report_thousandRecordsPerItemSize_printsMessagesAndRequests() {
        StringBuilder table = new StringBuilder()
                .append("| item size | MAX_MESSAGE_BYTES | messages / 1,000 records | SendMessageBatch requests / 1,000 records | avg message bytes |\n")
                .append("|---:|---:|---:|---:|---:|\n");
        StringBuilder[] rows = {new StringBuilder(), new StringBuilder()};
        for (int item : ITEM_BYTES) {
            StreamEventJson json = new StreamEventJson();
            for (int i = 0; i < 1000; i++) {
                json.add("Posts", i, item, i % 2 == 0 ? "INSERT" : "MODIFY");
            }
            List<DynamodbStreamRecord> records = LambdaEvents.fromJson(json.toJson()).getRecords();
            for (int k = 0; k < MAX_MESSAGE_BYTES.length; k++) {
                int max = MAX_MESSAGE_BYTES[k];
                RecordingQueue queue = new RecordingQueue(Set.of());
                InvocationMetrics metrics = new InvocationMetrics();
                int maxBody = max - MessageAttributes.MAX_BYTES;
                StreamRecordForwarder forwarder = new StreamRecordForwarder(new StreamRecordMapper(maxBody - 2048), new EnvelopePacker(maxBody), queue,
                        3_000);

                ForwardResult result = forwarder.forward(records, metrics, () -> Long.MAX_VALUE);

                assertThat(result.isComplete()).isTrue();
                List<PackedMessage> messages = queue.enqueued();
                long bodyBytes = messages.stream().mapToLong(PackedMessage::bodyBytes).sum();
                int requests = queue.requests().size();
                assertThat(messages).allSatisfy(m -> assertThat(m.bodyBytes()).isLessThanOrEqualTo(maxBody));
                assertThat(metrics.get(ForwarderMetricNames.OVERSIZE_RECORDS)).isZero();
                // Tight packing: every message but the last could not have taken the next record.
                assertThat((long) messages.size()).isLessThanOrEqualTo(bodyBytes / (maxBody - item - 200) + 1);
                assertThat(requests).isGreaterThanOrEqualTo((messages.size() + SendBatches.MAX_ENTRIES - 1) / SendBatches.MAX_ENTRIES);
                assertThat((long) requests * SendBatches.MAX_TOTAL_BYTES).isGreaterThanOrEqualTo(bodyBytes);
                assertThat(requests).isLessThanOrEqualTo(messages.size());
                rows[k].append(String.format("| %,d B | %,d | %,d | %,d | %,d |%n", item, max, messages.size(), requests,
                        bodyBytes / messages.size()));
            }
        }
        table.append(rows[0]).append(rows[1]);
        System.out.println("stream-forwarder send volume per 1,000 records:\n" + table);
    }

    /** SQS bills each 64 KB chunk (65,536 bytes) of a request's payload as one request. */
    static final int CHUNK = 65_536;
    /** A Lambda event (the stream batch) is at most 6 MB: large items cap the records per invocation. */
    static final int MAX_EVENT_BYTES = 6_000_000;

    record Volume(int messages, int sendRequests, long sendUnits, int receiveRequests, long receiveUnits, int deleteRequests,
                  long payloadBytes, int records) {
        long total() {
            return sendUnits + receiveUnits + deleteRequests;
        }
    }

    /** What SQS counts of a message: body plus attribute names, types and values. */
    static int sqsBytes(PackedMessage m) {
        return m.bodyBytes() + MessageAttributes.TABLE.length() + "String".length()
                + m.envelope().table().getBytes(StandardCharsets.UTF_8).length
                + MessageAttributes.RECORD_COUNT.length() + "Number".length() + Integer.toString(m.envelope().records().size()).length()
                + MessageAttributes.OLDEST_TS.length() + "Number".length() + Long.toString(m.oldestTs()).length();
    }

    /**
     * 1,000 changes through forwarder invocations of {@code forwarderBatch} records (fewer when 6 MB
     * of event would be exceeded), then worker batches of {@code workerBatch} messages: each
     * ReceiveMessage returns at most 10 messages, and each batch's messages are deleted with one
     * DeleteMessageBatch per 10 (a delete's payload is receipt handles only: one unit).
     */
    static Volume simulate(List<DynamodbStreamRecord> records, int itemBytes, int forwarderBatch, int workerBatch,
                           int maxMessageBytes, Compression compression) {
        int perInvocation = Math.max(1, Math.min(forwarderBatch, MAX_EVENT_BYTES / (itemBytes + 600)));
        int maxBody = maxMessageBytes - MessageAttributes.MAX_BYTES;
        List<PackedMessage> messages = new ArrayList<>();
        int sendRequests = 0;
        long sendUnits = 0;
        for (int i = 0; i < records.size(); i += perInvocation) {
            RecordingQueue queue = new RecordingQueue(Set.of());
            StreamRecordForwarder forwarder = new StreamRecordForwarder(new StreamRecordMapper(maxBody - 2048), new EnvelopePacker(maxBody, compression),
                    queue, 3_000);
            ForwardResult result = forwarder.forward(records.subList(i, Math.min(records.size(), i + perInvocation)),
                    new InvocationMetrics(), () -> Long.MAX_VALUE);
            assertThat(result.isComplete()).isTrue();
            for (List<PackedMessage> request : queue.requests()) {
                sendRequests++;
                sendUnits += units(request.stream().mapToLong(SendVolumeReportTest::sqsBytes).sum());
            }
            messages.addAll(queue.enqueued());
        }
        int receiveRequests = 0;
        long receiveUnits = 0;
        int deleteRequests = 0;
        for (int b = 0; b < messages.size(); b += workerBatch) {
            List<PackedMessage> batch = messages.subList(b, Math.min(messages.size(), b + workerBatch));
            for (int r = 0; r < batch.size(); r += SendBatches.MAX_ENTRIES) {
                List<PackedMessage> received = batch.subList(r, Math.min(batch.size(), r + SendBatches.MAX_ENTRIES));
                receiveRequests++;
                receiveUnits += units(received.stream().mapToLong(SendVolumeReportTest::sqsBytes).sum());
                deleteRequests++;
            }
        }
        int decoded = 0;
        for (PackedMessage m : messages) {
            assertThat(m.bodyBytes()).isLessThanOrEqualTo(maxBody);
            assertThat(m.body()).startsWith(compression == Compression.GZIP ? "{\"v\":2," : "{\"v\":1,");
            decoded += WireCodec.decode(m.body()).records().size();
        }
        long payload = messages.stream().mapToLong(SendVolumeReportTest::sqsBytes).sum();
        return new Volume(messages.size(), sendRequests, sendUnits, receiveRequests, receiveUnits, deleteRequests, payload, decoded);
    }

    static long units(long payloadBytes) {
        return Math.max(1, (payloadBytes + CHUNK - 1) / CHUNK);
    }

    static List<DynamodbStreamRecord> posts(int itemBytes) {
        StreamEventJson json = new StreamEventJson();
        for (int i = 0; i < 1000; i++) {
            json.addPost("Posts", i, itemBytes, i % 2 == 0 ? "INSERT" : "MODIFY");
        }
        return LambdaEvents.fromJson(json.toJson()).getRecords();
    }

    @Test
    void billedUnits_thousandChangesAtDeployedSettings_compressionCutsUnitsAndPrints() {
        // infra-cdk defaults: forwarder BatchSize 500, worker BatchSize 10, MAX_MESSAGE_BYTES 1048576; forwarder
        // BatchSize 100 and 1,000 to compare, and the 262144 deployed before SQS took 1 MiB
        int deployed = ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES;
        int[][] settings = {{100, 10, deployed}, {500, 10, deployed}, {1000, 10, deployed}, {500, 10, 262_144}};
        StringBuilder table = new StringBuilder()
                .append("| item | forwarder batch | MAX_MESSAGE_BYTES | body | messages | send requests | send units "
                        + "| receive requests | receive units | delete requests | billed units | payload bytes |\n")
                .append("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int item : new int[] {1_000, 10_000, 100_000}) {
            List<DynamodbStreamRecord> records = posts(item);
            for (int[] s : settings) {
                if (item == 100_000 && s[0] > 100) {
                    continue; // 6 MB of event hold ~55 such records: larger batches change nothing
                }
                Volume plain = simulate(records, item, s[0], s[1], s[2], Compression.NONE);
                Volume gzip = simulate(records, item, s[0], s[1], s[2], Compression.GZIP);
                assertThat(plain.records()).isEqualTo(1000);
                assertThat(gzip.records()).isEqualTo(1000);
                assertThat(gzip.total()).isLessThan(plain.total());
                assertThat(gzip.payloadBytes()).isLessThan(plain.payloadBytes() / 2);
                for (Volume v : List.of(plain, gzip)) {
                    table.append(String.format("| %,d B | %,d | %,d | %s | %,d | %,d | %,d | %,d | %,d | %,d | **%,d** | %,d |%n",
                            item, s[0], s[2], v == plain ? "plain (v1)" : "gzip (v2)", v.messages(), v.sendRequests(), v.sendUnits(),
                            v.receiveRequests(), v.receiveUnits(), v.deleteRequests(), v.total(), v.payloadBytes()));
                }
            }
        }
        System.out.println("SQS billed request units per 1,000 changes (worker BatchSize 10):\n" + table);
    }
}

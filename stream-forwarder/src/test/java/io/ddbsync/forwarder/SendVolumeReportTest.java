package io.ddbsync.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.forwarder.log.JsonLog;
import io.ddbsync.forwarder.map.StreamRecordMapper;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.forwarder.metrics.MetricNames;
import io.ddbsync.forwarder.send.MessageAttributes;
import io.ddbsync.forwarder.testing.LambdaEvents;
import io.ddbsync.forwarder.testing.RecordingQueue;
import io.ddbsync.forwarder.testing.StreamEventJson;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prints how many SQS messages and SendMessageBatch requests 1,000 stream records (INSERT/MODIFY
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
                Forwarder forwarder = new Forwarder(new StreamRecordMapper(maxBody - 2048), new EnvelopePacker(maxBody), queue,
                        new JsonLog(line -> { }, Clock.systemUTC()), 3_000);

                ForwardResult result = forwarder.forward(records, metrics, () -> Long.MAX_VALUE);

                assertThat(result.isComplete()).isTrue();
                List<PackedMessage> messages = queue.enqueued();
                long bodyBytes = messages.stream().mapToLong(PackedMessage::bodyBytes).sum();
                int requests = queue.requests().size();
                assertThat(messages).allSatisfy(m -> assertThat(m.bodyBytes()).isLessThanOrEqualTo(maxBody));
                assertThat(metrics.get(MetricNames.OVERSIZE_RECORDS)).isZero();
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
}

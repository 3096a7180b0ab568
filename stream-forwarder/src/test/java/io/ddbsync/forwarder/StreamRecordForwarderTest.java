package io.ddbsync.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.forwarder.internal.map.StreamRecordMapper;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.forwarder.testing.LambdaEvents;
import io.ddbsync.forwarder.testing.RecordingQueue;
import io.ddbsync.forwarder.testing.StreamEventJson;
import io.ddbsync.model.log.LogCapture;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamRecordForwarderTest {

    private LogCapture log;

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private StreamRecordForwarder forwarder(int maxMessageBytes, RecordingQueue queue) {
        return new StreamRecordForwarder(new StreamRecordMapper(maxMessageBytes - 2048), new EnvelopePacker(maxMessageBytes), queue, 3_000);
    }

    private static List<ChangeEnvelope> decoded(RecordingQueue queue) {
        return queue.enqueued().stream().map(m -> WireCodec.decode(m.body())).toList();
    }

    /** Sequence numbers of every record in an enqueued message. */
    private static Set<String> enqueuedSeqs(RecordingQueue queue) {
        Set<String> seqs = new HashSet<>();
        decoded(queue).forEach(e -> e.records().forEach(r -> seqs.add(r.sequenceNumber())));
        return seqs;
    }

    @Test
    void forward_twoTablesInterleaved_sendsOneTablePerEnvelopeInStreamOrder() {
        RecordingQueue queue = new RecordingQueue(Set.of());

        ForwardResult result = forwarder(262_144, queue)
                .forward(LambdaEvents.resource("events/two-tables.json").getRecords(), new InvocationMetrics(), () -> 60_000);

        assertThat(result.isComplete()).isTrue();
        List<ChangeEnvelope> envelopes = decoded(queue);
        assertThat(envelopes).extracting(ChangeEnvelope::table).containsExactly("Alpha", "Beta");
        assertThat(envelopes.get(0).records()).extracting(WireRecord::sequenceNumber)
                .containsExactly("920000000000000000000001", "920000000000000000000002");
        assertThat(envelopes.get(1).records()).extracting(WireRecord::sequenceNumber)
                .containsExactly("930000000000000000000001", "930000000000000000000002");
    }

    @Test
    void forward_uninterpretableRecords_eachTravelsAloneFlaggedAndIsLoggedWithItsSeq() {
        RecordingQueue queue = new RecordingQueue(Set.of());

        ForwardResult result = forwarder(262_144, queue)
                .forward(LambdaEvents.resource("events/uninterpretable.json").getRecords(), new InvocationMetrics(), () -> 60_000);

        assertThat(result.isComplete()).isTrue();
        List<ChangeEnvelope> envelopes = decoded(queue);
        assertThat(envelopes).hasSize(8);
        assertThat(envelopes).allSatisfy(e -> assertThat(e.records()).hasSize(1));
        assertThat(envelopes).extracting(e -> e.records().get(0) instanceof RawRecord)
                .containsExactly(false, true, true, true, true, true, true, false);
        assertThat(envelopes.get(1).table()).isEqualTo(StreamRecordMapper.UNKNOWN_TABLE);
        RawRecord unknownType = (RawRecord) envelopes.get(3).records().get(0);
        assertThat(unknownType.reason()).startsWith("attribute NewImage.vector: no known type");
        assertThat(unknownType.raw().at("/eventID").asText()).isEqualTo("u3");
        assertThat(log.json()).filteredOn(l -> l.get(LogFields.LEVEL).asText().equals("ERROR")
                && l.get(LogFields.MESSAGE).asText().contains("not interpretable")).hasSize(6);
        assertThat(log.json()).anyMatch(l -> l.path(LogFields.SEQUENCE_NUMBER).asText().equals("910000000000000000000004")
                && l.has(LogFields.TABLE));
        // ids only: no attribute value of the batch's items reaches the log
        assertThat(log.lines()).noneMatch(l -> l.contains("ok-1"));
    }

    @Test
    void forward_kthMessageFails_reportsItsFirstRecordAndEverythingBeforeIsEnqueued() {
        List<DynamodbStreamRecord> records = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 1000, 1000)).getRecords();
        RecordingQueue queue = new RecordingQueue(Set.of(23));

        ForwardResult result = forwarder(16_384, queue).forward(records, new InvocationMetrics(), () -> 60_000);

        PackedMessage failed = queue.requests().stream().flatMap(List::stream).toList().get(23);
        assertThat(result.resumeSequenceNumber()).contains(failed.firstSequenceNumber());
        Set<String> enqueued = enqueuedSeqs(queue);
        for (int i = 0; i < result.resumePosition(); i++) {
            assertThat(enqueued).as("record %d before the resume point", i).contains(StreamEventJson.seq(i));
        }
        assertThat(enqueued).doesNotContain(result.resumeSequenceNumber().orElseThrow());
        assertThat(queue.requests()).hasSize(3); // stopped after the request holding message 23
    }

    @Test
    void forward_failureAcrossTablesAndRequests_reportsTheEarliestUnsentPosition() {
        StreamEventJson json = new StreamEventJson();
        for (int i = 0; i < 300; i++) {
            json.add(i % 3 == 0 ? "Beta" : "Alpha", i, 2_000);
        }
        List<DynamodbStreamRecord> records = LambdaEvents.fromJson(json.toJson()).getRecords();
        RecordingQueue queue = new RecordingQueue(Set.of(14));

        ForwardResult result = forwarder(16_384, queue).forward(records, new InvocationMetrics(), () -> 60_000);

        List<PackedMessage> offered = queue.requests().stream().flatMap(List::stream).toList();
        assertThat(offered.get(14).envelope().records().get(0).sequenceNumber()).isEqualTo(result.resumeSequenceNumber().orElseThrow());
        Set<String> enqueued = enqueuedSeqs(queue);
        for (int i = 0; i < result.resumePosition(); i++) {
            assertThat(enqueued).as("record %d before the resume point", i).contains(StreamEventJson.seq(i));
        }
        assertThat(enqueued).doesNotContain(result.resumeSequenceNumber().orElseThrow());
        assertThat(decoded(queue)).allSatisfy(e -> assertThat(e.records())
                .allSatisfy(r -> assertThat(new java.math.BigInteger(r.sequenceNumber()).intValue() % 3 == 0)
                        .isEqualTo(e.table().equals("Beta"))));
    }

    @Test
    void forward_failedRecordHasNoSequenceNumber_resumesFromTheRecordBefore() {
        DynamodbEvent event = LambdaEvents.resource("events/uninterpretable.json");
        RecordingQueue queue = new RecordingQueue(Set.of(6)); // message 6 holds record u6, which has no SequenceNumber

        ForwardResult result = forwarder(262_144, queue).forward(event.getRecords(), new InvocationMetrics(), () -> 60_000);

        assertThat(result.resumeSequenceNumber()).contains("910000000000000000000006");
        assertThat(result.resumePosition()).isEqualTo(5);
    }

    @Test
    void forward_firstRecordWithoutSequenceNumberNotSent_failsTheWholeBatch() {
        DynamodbEvent event = LambdaEvents.resource("events/uninterpretable.json");
        List<DynamodbStreamRecord> records = List.of(event.getRecords().get(6), event.getRecords().get(7));

        assertThatThrownBy(() -> forwarder(262_144, new RecordingQueue(Set.of(0)))
                .forward(records, new InvocationMetrics(), () -> 60_000))
                .isInstanceOf(ForwardingException.class)
                .hasMessageContaining("could not enqueue record 0 of table Posts");
    }

    @Test
    void forward_400KbItem_travelsAsFetchRecordAndCountsAsOversize() {
        StreamEventJson json = new StreamEventJson().add("Posts", 0, 200).add("Posts", 2, 400_000).add("Posts", 4, 200);
        RecordingQueue queue = new RecordingQueue(Set.of());
        InvocationMetrics metrics = new InvocationMetrics();

        ForwardResult result = forwarder(262_144, queue).forward(LambdaEvents.fromJson(json.toJson()).getRecords(), metrics,
                () -> 60_000);

        assertThat(result.isComplete()).isTrue();
        List<WireRecord> sent = decoded(queue).stream().flatMap(e -> e.records().stream()).toList();
        assertThat(sent).extracting(WireRecord::sequenceNumber).containsExactly(
                StreamEventJson.seq(0), StreamEventJson.seq(2), StreamEventJson.seq(4));
        ChangeRecord big = (ChangeRecord) sent.get(1);
        assertThat(big.fetch()).isTrue();
        assertThat(big.image()).isNull();
        assertThat(big.keys().at("/id/S").asText()).isEqualTo("item-2");
        assertThat(metrics.get(ForwarderMetricNames.OVERSIZE_RECORDS)).isEqualTo(1);
        assertThat(queue.enqueued()).allSatisfy(m -> assertThat(m.bodyBytes()).isLessThanOrEqualTo(262_144));
    }

    @Test
    void forward_timeRunsOut_stopsBeforeTheNextRequestAndReportsItsFirstRecord() {
        List<DynamodbStreamRecord> records = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 200, 1000)).getRecords();
        RecordingQueue queue = new RecordingQueue(Set.of());

        ForwardResult result = forwarder(16_384, queue).forward(records, new InvocationMetrics(), () -> 1_000);

        assertThat(queue.requests()).hasSize(1);
        List<PackedMessage> sent = queue.requests().get(0);
        PackedMessage last = sent.get(sent.size() - 1);
        int next = new java.math.BigInteger(last.lastSequenceNumber()).subtract(StreamEventJson.FIRST_SEQ).intValueExact() + 1;
        assertThat(result.resumeSequenceNumber()).contains(StreamEventJson.seq(next));
    }

    @Test
    void forward_emptyBatch_sendsNothing() {
        RecordingQueue queue = new RecordingQueue(Set.of());

        assertThat(forwarder(262_144, queue).forward(List.of(), new InvocationMetrics(), () -> 60_000).isComplete()).isTrue();
        assertThat(queue.requests()).isEmpty();
    }
}

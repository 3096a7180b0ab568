package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.FailureNotes;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The retry rows name the record that failed, as the worker's failure note says ({@code failedKey}, {@code failedSeq}),
 * not the message's first record; without a note they fall back to the first record.
 */
class RetryWatchTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void handleRequest_noteNamesSecondRecord_rowShowsItsKeyAndSequenceNumber() throws Exception {
        SQSEvent event = event("m-1", envelope("env-1"));
        List<Collection<String>> asked = new ArrayList<>();
        RetryWatch watch = new RetryWatch((e, c) -> failed("m-1"), Duration.ofSeconds(30), 5, CLOCK, ids -> {
            asked.add(ids);
            return Map.of("env-1", new FailureNotes.Note("mapper_parsing_exception", "{\"id\":{\"S\":\"second\"}}", "200"));
        });

        watch.handleRequest(event, null);

        assertThat(asked).containsExactly(List.of("env-1"));
        RetryWatch.Retrying row = watch.retrying().get(0);
        assertThat(row.key()).isEqualTo("{\"id\":{\"S\":\"second\"}}");
        assertThat(row.sequenceNumber()).isEqualTo("200");
        assertThat(row.records()).isEqualTo(2);
        assertThat(row.receiveCount()).isEqualTo(1);
        assertThat(row.nextReceive()).isEqualTo(CLOCK.instant().plusSeconds(30));
    }

    @Test
    void handleRequest_notesUnreadable_rowFallsBackToFirstRecord() throws Exception {
        RetryWatch watch = new RetryWatch((e, c) -> failed("m-1"), Duration.ofSeconds(30), 5, CLOCK, ids -> {
            throw new IllegalStateException("index not reachable");
        });

        watch.handleRequest(event("m-1", envelope("env-1")), null);

        RetryWatch.Retrying row = watch.retrying().get(0);
        assertThat(row.key()).isEqualTo("{\"id\":{\"S\":\"first\"}}");
        assertThat(row.sequenceNumber()).isEqualTo("100");
    }

    private static String envelope(String id) throws Exception {
        return WireCodec.encode(new ChangeEnvelope(1, id, "Posts", List.of(
                new ChangeRecord(Op.INSERT, keys("first"), keys("first"), "100", 1L, false, false),
                new ChangeRecord(Op.INSERT, keys("second"), keys("second"), "200", 2L, false, false))));
    }

    private static ObjectNode keys(String id) throws Exception {
        return (ObjectNode) M.readTree("{\"id\":{\"S\":\"" + id + "\"}}");
    }

    private static SQSEvent event(String messageId, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setBody(body);
        m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        return event;
    }

    private static SQSBatchResponse failed(String messageId) {
        return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(messageId)));
    }
}

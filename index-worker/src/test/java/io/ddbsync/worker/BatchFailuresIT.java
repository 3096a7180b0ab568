package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.ddbsync.model.log.LogFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.LocalQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests 5 and 6: a bad message or a rejected record fails its own message, never the batch. */
class BatchFailuresIT {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void handleRequest_malformedBodyAndRawRecordAmongTen_exactlyThoseTwoReported() throws Exception {
        Fixture f = new Fixture("Poison");
        Changes changes = f.changes();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            bodies.add(changes.body(List.of(changes.put(Op.INSERT, "ok-" + i, 1))));
        }
        String malformed = "{\"v\":1,\"id\":\"x\",\"table\":\"" + f.table + "\",\"records\":[{\"op\":\"INSERT\"";
        JsonNode rawStreamRecord = M.readTree("{\"eventName\":\"MODIFY\",\"dynamodb\":{\"SequenceNumber\":\"100000000000000000999\"}}");
        String raw = WireCodec.encode(new ChangeEnvelope(ChangeEnvelope.VERSION, "raw-envelope", f.table,
                List.of(new RawRecord(rawStreamRecord, "NewImage is not DynamoDB JSON", "100000000000000000999"))));
        bodies.add(3, malformed);
        bodies.add(7, raw);

        List<LambdaSqsEvents.Delivered> delivered;
        try (LocalQueue queue = new LocalQueue("poison-" + f.index)) {
            queue.send(bodies);
            delivered = queue.receive(10, 60);
        }
        SQSBatchResponse response = f.handler().handleRequest(LambdaSqsEvents.event(delivered), LambdaContext.of("index-worker", () -> 600_000));

        List<String> expectedFailed = delivered.stream()
                .filter(d -> d.body().equals(malformed) || d.body().equals(raw))
                .map(LambdaSqsEvents.Delivered::messageId).toList();
        assertThat(expectedFailed).hasSize(2);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrderElementsOf(expectedFailed);
        assertThat(f.searchIndex().searchAll()).hasSize(8);
        assertThat(f.logLines()).anySatisfy(l -> assertThat(l).contains("\"messageId\":\"" + idOf(delivered, raw) + "\"")
                .contains("NewImage is not DynamoDB JSON").contains("100000000000000000999"));
        assertThat(f.logLines()).anySatisfy(l -> assertThat(l).contains("\"messageId\":\"" + idOf(delivered, malformed) + "\"")
                .contains("malformed message body"));
    }

    private static String idOf(List<LambdaSqsEvents.Delivered> delivered, String body) {
        return delivered.stream().filter(d -> d.body().equals(body)).findFirst().orElseThrow().messageId();
    }

    @Test
    void handleRequest_recordRejectedByMapping_onlyItsMessageFailsWithReasonLogged() {
        // quarantine off: the refused record fails whole, as every record did before quarantine (QUARANTINE=off)
        Fixture f = new Fixture("Mapping").quarantine(io.ddbsync.model.config.WorkerConfig.Quarantine.OFF);
        Changes changes = f.changes();
        ObjectNode first = Changes.image("a", 1);
        first.putObject("author").putObject("M").putObject("name").put("S", "kim");
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, first)))))).isEmpty();

        ObjectNode conflicting = Changes.image("b", 1);
        conflicting.putObject("author").put("S", "lee");
        ChangeRecord bad = changes.put(Op.INSERT, conflicting);
        String badBody = changes.body(List.of(bad, changes.put(Op.INSERT, "c", 1)));
        List<String> bodies = List.of(changes.body(List.of(changes.put(Op.INSERT, "d", 1))), badBody,
                changes.body(List.of(changes.put(Op.INSERT, "e", 1))));
        var event = LambdaSqsEvents.fromBodies(bodies);
        String badMessageId = event.getRecords().get(1).getMessageId();

        SQSBatchResponse response = handler.handleRequest(event, LambdaContext.of("index-worker", () -> 600_000));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(badMessageId);
        Map<String, ObjectNode> docs = f.searchIndex().searchAll();
        assertThat(docs.keySet()).containsExactlyInAnyOrder(Changes.docId("a"), Changes.docId("c"), Changes.docId("d"), Changes.docId("e"));
        assertThat(f.metrics.sum(WorkerMetricNames.RECORDS_FAILED)).isEqualTo(1);
        assertThat(f.logLines()).anySatisfy(l -> {
            JsonNode line = read(l);
            assertThat(line.path(LogFields.MESSAGE).asText()).isEqualTo("record failed");
            assertThat(line.path(LogFields.MESSAGE_ID).asText()).isEqualTo(badMessageId);
            assertThat(line.path(LogFields.TABLE).asText()).isEqualTo(f.table);
            assertThat(line.path(LogFields.ITEM_KEY).asText()).contains("\"b\"");
            assertThat(line.path(LogFields.DOCUMENT_ID).asText()).isEqualTo(Changes.docId("b"));
            assertThat(line.path(LogFields.SEQUENCE_NUMBER).asText()).isEqualTo(bad.sequenceNumber());
            assertThat(line.path(LogFields.REASON).asText()).contains("mapper_parsing_exception");
        });
    }

    @Test
    void handleRequest_valueRejectedByMapping_valueInNoLogLineAndNoFailureNote() {
        Fixture f = new Fixture("Marker").quarantine(io.ddbsync.model.config.WorkerConfig.Quarantine.OFF);
        Changes changes = f.changes();
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, "a", 1)))))).isEmpty();
        String marker = "SECRET-VALUE-4f1c9e";
        ObjectNode bad = Changes.image("b", 1);
        bad.putObject("rev").put("S", marker);
        String body = changes.body(List.of(changes.put(Op.INSERT, bad)));
        var event = LambdaSqsEvents.fromBodies(List.of(body));

        SQSBatchResponse response = handler.handleRequest(event, LambdaContext.of("index-worker", () -> 600_000));

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(f.logLines()).anySatisfy(l -> assertThat(l).contains("record failed").contains("mapper_parsing_exception")
                .contains("[rev]"));
        assertThat(f.logLines()).noneSatisfy(l -> assertThat(l).contains(marker));
        String noteId = io.ddbsync.aws.search.FailureNotes.noteId(body, event.getRecords().get(0).getMessageId());
        var note = Fixture.openSearch().getDocument(io.ddbsync.aws.search.FailureNotes.INDEX, noteId);
        assertThat(note.ok()).as(note.describe()).isTrue();
        assertThat(note.body().at("/_source/reason").asText()).contains("mapper_parsing_exception").doesNotContain(marker);
    }

    @Test
    void handleRequest_immenseKeywordTerm_valueBytesInNoLogLineAndNoFailureNote() {
        ObjectNode template = M.createObjectNode();
        template.putObject("mappings").putObject("properties").putObject("code").put("type", "keyword"); // no ignore_above
        Fixture f = new Fixture("Immense").template(template);
        Changes changes = f.changes();
        var handler = f.handler();
        ObjectNode bad = Changes.image("big", 1);
        bad.putObject("code").put("S", "q".repeat(40_000)); // over Lucene's 32,766-byte term limit
        String body = changes.body(List.of(changes.put(Op.INSERT, bad)));
        var event = LambdaSqsEvents.fromBodies(List.of(body));

        SQSBatchResponse response = handler.handleRequest(event, LambdaContext.of("index-worker", () -> 600_000));

        assertThat(response.getBatchItemFailures()).hasSize(1);
        String valueBytes = "113, 113, 113"; // how Lucene quotes the term's first bytes ('q' = 113)
        assertThat(f.logLines()).anySatisfy(l -> assertThat(l).contains("record failed").contains("immense term")
                .contains("code"));
        assertThat(f.logLines()).noneSatisfy(l -> assertThat(l).contains(valueBytes));
        String noteId = io.ddbsync.aws.search.FailureNotes.noteId(body, event.getRecords().get(0).getMessageId());
        var note = Fixture.openSearch().getDocument(io.ddbsync.aws.search.FailureNotes.INDEX, noteId);
        assertThat(note.ok()).as(note.describe()).isTrue();
        assertThat(note.body().at("/_source/reason").asText()).contains("immense term").doesNotContain(valueBytes)
                .doesNotContain("qqq");
    }

    private static JsonNode read(String line) {
        try {
            return M.readTree(line);
        } catch (Exception e) {
            return M.createObjectNode();
        }
    }
}

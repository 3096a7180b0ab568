package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.ddbsync.aws.search.SearchReply;

/** Test 1: a change the worker cannot index lands in the DLQ; dlq peek shows why; after the fix, redrive converges. */
class DlqRedriveIT {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void peekAndRedrive_mappingConflictInDlq_reasonShownThenIndexConvergesAfterFix() throws Exception {
        // quarantine off: the worker dead-letters a record the mapping refuses (QUARANTINE=off)
        Pipeline p = new Pipeline("Dlq", io.ddbsync.model.config.WorkerConfig.Quarantine.OFF);
        long ts = Instant.now().getEpochSecond() - 60;
        p.send(List.of(Pipeline.insert(ReconcileIT.post("a", "첫 글", "5"), ts)));
        p.drain();
        assertThat(p.searchAll()).containsKey(ReconcileIT.id("a"));

        ObjectNode bad = ReconcileIT.post("b", "둘째 글", "1");
        bad.set("rating", M.createObjectNode().put("S", "five")); // the index maps rating as a number
        ChangeRecord badRecord = Pipeline.insert(bad, ts + 1);
        // one message: a record the index takes first, then the one it refuses
        ChangeRecord goodRecord = Pipeline.insert(ReconcileIT.post("c", "셋째 글", "3"), ts + 1);
        p.send(List.of(goodRecord, badRecord));
        p.drain();
        assertThat(p.depth(p.dlqUrl)).isEqualTo(1);
        assertThat(p.searchAll()).doesNotContainKey(ReconcileIT.id("b"));

        TestRoot.Run peek = TestRoot.run(concat(new String[] {"dlq", "peek", "--dlq-url", p.dlqUrl}, List.of(
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--opensearch-endpoint", Pipeline.openSearchEndpoint().toString(),
                "--opensearch-auth", "none", "--region", "us-east-1")));
        assertThat(peek.exitCode()).isZero();
        assertThat(peek.out()).contains(p.table).contains("\"b\"").contains(badRecord.sequenceNumber())
                .contains("rating").contains("mapper_parsing_exception");
        // table and the failed record's key as columns of one row (not the message's first record); the reason names them too
        assertThat(peek.out().lines()).anySatisfy(line -> assertThat(line.split("\\s{2,}")).startsWith(
                "MESSAGE ID", "TABLE", "KEY", "SEQUENCE NUMBER", "RECORDS", "RECEIVES", "REASON"));
        assertThat(peek.out().lines().map(line -> line.split("\\s{2,}")).filter(cols -> cols.length >= 7
                && cols[1].equals(p.table))).singleElement().satisfies(cols -> {
                    assertThat(cols[2]).isEqualTo(badRecord.keys().toString());
                    assertThat(cols[3]).isEqualTo(badRecord.sequenceNumber());
                    assertThat(cols[4]).isEqualTo("2");
                    assertThat(cols[6]).contains("key " + badRecord.keys() + ", sequence number " + badRecord.sequenceNumber());
                });
        assertThat(p.depth(p.dlqUrl)).as("peek leaves the message in the queue").isEqualTo(1);

        SearchReply fixed = p.openSearch.putMapping(p.index + "_write", (com.fasterxml.jackson.databind.node.ObjectNode) M.readTree("{\"properties\":{\"rating\":{\"type\":\"double\",\"ignore_malformed\":true}}}"));
        assertThat(fixed.ok()).as(fixed.describe()).isTrue();

        TestRoot.Run redrive = TestRoot.run(concat(new String[] {"redrive", "--dlq-url", p.dlqUrl}, List.of(
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--region", "us-east-1")));
        assertThat(redrive.exitCode()).isZero();
        assertThat(redrive.out()).contains("COMPLETED").contains("1 of 1 message(s) moved");
        assertThat(p.depth(p.dlqUrl)).isZero();

        p.drain();
        Map<String, JsonNode> docs = p.searchAll();
        assertThat(docs).containsKeys(ReconcileIT.id("a"), ReconcileIT.id("b"), ReconcileIT.id("c"));
        assertThat(docs.get(ReconcileIT.id("b")).path("rating").asText()).isEqualTo("five");
        assertThat(p.depth(p.dlqUrl)).isZero();
    }

    private static String[] concat(String[] head, List<String> tail) {
        String[] out = new String[head.length + tail.size()];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < tail.size(); i++) {
            out[head.length + i] = tail.get(i);
        }
        return out;
    }
}

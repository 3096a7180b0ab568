package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.LocalQueue;
import io.ddbsync.worker.support.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upgrade drains: a queue holding plain (version 1) and compressed (version 2) messages, as an old
 * and a new forwarder wrote them, is drained through the real handler into the real OpenSearch.
 */
class CompressedEnvelopesIT {

    private static List<String> bodies(List<PackedMessage> messages) {
        return messages.stream().map(PackedMessage::body).toList();
    }

    @Test
    void handleRequest_queueWithBothFormats_drainsAndIndexHoldsTheNewestOfEveryItem() {
        Fixture f = new Fixture("Mixed");
        Changes changes = f.changes();
        List<ChangeRecord> old = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            old.add(changes.put(Op.INSERT, "p" + i, 1));
        }
        List<ChangeRecord> upgraded = new ArrayList<>();
        for (int i = 0; i < 40; i += 2) {
            upgraded.add(changes.put(Op.MODIFY, "p" + i, 2)); // newer than the plain INSERT of the same item
        }
        for (int i = 40; i < 60; i++) {
            upgraded.add(changes.put(Op.INSERT, "p" + i, 1));
        }
        upgraded.add(changes.remove("p1"));
        List<String> plain = bodies(new EnvelopePacker(4096, Compression.NONE).pack(f.table, old));
        List<String> compressed = bodies(new EnvelopePacker(1100, Compression.GZIP).pack(f.table, upgraded));
        assertThat(plain.stream().map(b -> b.substring(0, 7)).toList()).hasSize(3).containsOnly("{\"v\":1,");
        assertThat(compressed.stream().map(b -> b.substring(0, 7)).toList()).hasSizeGreaterThan(1).containsOnly("{\"v\":2,");
        List<String> all = new ArrayList<>(compressed); // the newer, compressed messages first: order must not matter
        all.addAll(plain);
        var handler = f.handler();

        try (LocalQueue queue = new LocalQueue("mixed-" + f.index)) {
            queue.send(all);
            List<LambdaSqsEvents.Delivered> delivered = queue.receive(all.size(), 120);
            for (int i = 0; i < delivered.size(); i += 10) {
                List<LambdaSqsEvents.Delivered> batch = delivered.subList(i, Math.min(delivered.size(), i + 10));
                SQSBatchResponse response = handler.handleRequest(LambdaSqsEvents.event(batch), LambdaContext.of("index-worker", () -> 600_000));
                assertThat(response.getBatchItemFailures()).isEmpty();
            }
        }

        Map<String, ObjectNode> docs = f.searchIndex().searchAll();
        assertThat(docs).hasSize(59).doesNotContainKey(Changes.docId("p1"));
        for (int i = 0; i < 60; i++) {
            if (i == 1) {
                continue;
            }
            ObjectNode doc = docs.get(Changes.docId("p" + i));
            int rev = i < 40 && i % 2 == 0 ? 2 : 1;
            assertThat(doc).as("p" + i).isNotNull();
            assertThat(doc.get("rev").asInt()).as("p" + i).isEqualTo(rev);
            assertThat(doc.get("body").asText()).isEqualTo(Changes.image("p" + i, rev).get("body").get("S").asText());
        }
        assertThat(f.searchIndex().allIncludingTombstones()).hasSize(60);
    }

    @Test
    void handleRequest_sameRecordsPlainThenCompressed_secondIsADuplicateOfTheFirst() {
        Fixture f = new Fixture("MixedIdem");
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        f.idempotencyTable(idempotencyTable);
        Changes changes = f.changes();
        List<ChangeRecord> records = List.of(changes.put(Op.INSERT, "a", 1), changes.put(Op.INSERT, "b", 1));
        PackedMessage plain = new EnvelopePacker(262_144, Compression.NONE).pack(f.table, records).get(0);
        PackedMessage compressed = new EnvelopePacker(262_144, Compression.GZIP).pack(f.table, records).get(0);
        assertThat(compressed.envelope().id()).isEqualTo(plain.envelope().id());
        assertThat(compressed.body()).isNotEqualTo(plain.body());
        var handler = f.handler();

        SQSBatchResponse first = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(plain.body())), LambdaContext.of("index-worker", () -> 600_000));
        SQSBatchResponse second = handler.handleRequest(LambdaSqsEvents.fromBodies(List.of(compressed.body())), LambdaContext.of("index-worker", () -> 600_000));

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED)).isEqualTo(2);
        assertThat(f.metrics.sum(WorkerMetricNames.DUPLICATE_MESSAGES_SKIPPED)).isEqualTo(1);
        assertThat(f.searchIndex().searchAll()).containsOnlyKeys(Changes.docId("a"), Changes.docId("b"));
    }
}

package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.dynamodb.DynamoJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Test 3: reconcile finds missing, stale and ghost documents made behind the pipeline's back, and --repair fixes them. */
class ReconcileIT {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void reconcile_missingStaleAndGhostMadeBehindThePipeline_reportedThenRepairedToZero() {
        Pipeline p = new Pipeline("Reconcile");
        long past = Instant.now().getEpochSecond() - 600;
        List<ChangeRecord> synced = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            ObjectNode image = post("p" + i, "제목 " + i, i % 3 == 0 ? "1.50" : Integer.toString(i));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            synced.add(Pipeline.insert(image, past));
        }
        // p30 deleted through the pipeline: its tombstone is not a ghost
        p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS("p30"))));
        synced.add(new ChangeRecord(Op.REMOVE, keys("p30"), null, Pipeline.nextSeq(), past + 1, false, false));
        p.send(synced.subList(0, 16));
        p.send(synced.subList(16, synced.size()));
        p.drain();
        assertThat(p.searchAll()).hasSize(29);

        List<String> flags = p.flags("--table", p.table, "--batch", "7", "--segments", "3", "--settle", "1s");
        TestRoot.Run clean = TestRoot.run(args("reconcile", flags));
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.out()).contains("missing 0   stale 0   ghosts 0").contains("Table 29 item(s)");

        // behind the pipeline's back: a new item, an edited item, a deleted item
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(post("p31", "새 글", "7"))));
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(post("p2", "고친 제목", "2"))));
        p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS("p5"))));

        TestRoot.Run found = TestRoot.run(args("reconcile", flags));
        assertThat(found.exitCode()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(found.out()).contains("missing 1   stale 1   ghosts 1")
                .contains(id("p31")).contains(id("p2")).contains("title").contains(id("p5"));

        TestRoot.Run repaired = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s", "--repair",
                "--change-queue-url", p.changeQueueUrl)));
        assertThat(repaired.exitCode()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(repaired.out()).contains("enqueued 3 corrective record(s)");
        p.drain();

        TestRoot.Run again = TestRoot.run(args("reconcile", flags));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("missing 0   stale 0   ghosts 0");
        Map<String, JsonNode> docs = p.searchAll();
        assertThat(docs).containsKey(id("p31")).doesNotContainKey(id("p5")).doesNotContainKey(id("p30"));
        assertThat(docs.get(id("p2")).path("title").asText()).isEqualTo("고친 제목");
        assertThat(p.depth(p.dlqUrl)).isZero();
    }

    @Test
    void reconcileRepair_ttlDeletesKeep_keepsDocumentsOfItemsTtlRemovedAndRemovesOtherGhosts() {
        Pipeline p = new Pipeline("ReconcileKeep");
        long now = Instant.now().getEpochSecond();
        List<ChangeRecord> synced = new ArrayList<>();
        for (String id : List.of("expired", "deleted", "future", "live")) {
            ObjectNode image = post(id, "제목 " + id, "1");
            if (id.equals("expired")) {
                image.putObject("expires").put("N", Long.toString(now - 3_600));
            } else if (id.equals("future")) {
                image.putObject("expires").put("N", Long.toString(now + 86_400));
            }
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            synced.add(Pipeline.insert(image, now - 600));
        }
        p.send(synced);
        p.drain();
        // TTL removed "expired" (the worker keeps its document under keep); "deleted" and "future" were deleted by a
        // user and their REMOVE records were lost
        for (String id : List.of("expired", "deleted", "future")) {
            p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS(id))));
        }
        List<String> flags = p.flags("--table", p.table, "--ttl-deletes", "keep", "--ttl-attribute", "expires", "--settle", "1s");

        TestRoot.Run found = TestRoot.run(args("reconcile", flags));
        assertThat(found.exitCode()).as(found.err()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(found.out()).contains("missing 0   stale 0   ghosts 2").contains("kept 1 document(s)")
                .contains(id("deleted")).contains(id("future")).doesNotContain(id("expired"));

        List<String> repair = new ArrayList<>(flags);
        repair.addAll(List.of("--repair", "--change-queue-url", p.changeQueueUrl));
        TestRoot.Run repaired = TestRoot.run(args("reconcile", repair));
        assertThat(repaired.out()).contains("enqueued 2 corrective record(s)");
        p.drain();

        TestRoot.Run again = TestRoot.run(args("reconcile", flags));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("missing 0   stale 0   ghosts 0").contains("kept 1 document(s)");
        assertThat(p.searchAll()).containsKeys(id("expired"), id("live"))
                .doesNotContainKeys(id("deleted"), id("future"));
    }

    @Test
    void reconcile_duringWriteLoad_reportsNothingAfterSettlingButStillADocumentBrokenByHand() throws Exception {
        Pipeline p = ReindexIT.seeded("ReconcileLoad");
        io.ddbsync.localstack.esm.SqsPoller worker = p.pump();
        ReindexIT.Load load = new ReindexIT.Load(p);
        load.start();
        try {
            // default settle time: from the lag the index shows
            TestRoot.Run settled = TestRoot.run(args("reconcile", p.flags("--table", p.table)));
            assertThat(settled.exitCode()).as(settled.out()).isZero();
            assertThat(settled.out()).contains("missing 0   stale 0   ghosts 0").contains("The index matches the table.");

            String broken = id("s5");
            ObjectNode source = (ObjectNode) p.openSearch.getDocument(p.index + "_write", broken).body().get("_source");
            source.put("title", "changed by hand");
            assertThat(p.openSearch.indexDocument(p.index + "_write", broken, source, java.util.Optional.empty(), true).ok()).isTrue();

            TestRoot.Run drift = TestRoot.run(args("reconcile", p.flags("--table", p.table)));
            assertThat(drift.exitCode()).as(drift.out()).isEqualTo(OpsCommand.ATTENTION);
            assertThat(drift.out()).contains("missing 0   stale 1   ghosts 0").contains(broken);
            assertThat(load.changes.get()).isPositive();
        } finally {
            load.stopAndJoin();
            worker.close();
        }
    }

    static ObjectNode post(String id, String title, String rating) {
        ObjectNode image = M.createObjectNode();
        image.putObject("id").put("S", id);
        image.putObject("title").put("S", title);
        image.putObject("rating").put("N", rating);
        ObjectNode block = M.createObjectNode();
        block.putObject("type").put("S", "paragraph");
        block.putObject("text").put("S", "본문 " + id);
        image.putObject("blocks").putArray("L").addObject().set("M", block);
        return image;
    }

    static ObjectNode keys(String id) {
        ObjectNode keys = M.createObjectNode();
        keys.putObject("id").put("S", id);
        return keys;
    }

    static String id(String key) {
        return DocumentIds.of(keys(key)).value();
    }

    static String[] args(String command, List<String> flags) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(flags);
        return all.toArray(String[]::new);
    }
}

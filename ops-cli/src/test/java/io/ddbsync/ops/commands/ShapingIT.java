package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.wire.ChangeRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One shaping definition, on the real services, drives the worker's writes, reconcile's comparison and the reindex
 * alike: the documents the worker wrote and the documents a reindex with the same definition rebuilt from the table
 * are equal, and reconcile compares shaped documents (with the definition: clean; without it: every document stale).
 */
class ShapingIT {

    /** Flatten the blocks, rename, drop, copy, compute: every kind of step once. */
    static final String STEPS = "[{\"flatten_blocks\":{\"from\":\"blocks\",\"to\":\"body_text\"}},"
            + "{\"rename\":{\"from\":\"title\",\"to\":\"headline\"}},"
            + "{\"drop\":{\"fields\":[\"rating\"]}},"
            + "{\"copy_to\":{\"from\":\"headline\",\"to\":\"headline_copy\"}},"
            + "{\"computed_keyword\":{\"to\":\"id_upper\",\"from\":[\"id\"],\"separator\":\"|\"}}]";
    private static final int ITEMS = 20;

    @TempDir
    Path dir;

    @Test
    void oneDefinition_workerAndReindexWriteEqualDocuments_reconcileComparesShapedDocuments() throws Exception {
        Pipeline p = new Pipeline("Shaped", Pipeline.dynamoDbEndpoint(), false, WorkerConfig.TtlDeletes.DELETE, STEPS);
        long ts = Instant.now().getEpochSecond() - 60;
        List<ChangeRecord> records = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            ObjectNode image = ReconcileIT.post("s" + i, "제목 s" + i, Integer.toString(i));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            records.add(Pipeline.insert(image, ts));
        }
        p.send(records);
        p.drain();

        Map<String, JsonNode> byWorker = contents(p);
        assertThat(byWorker).hasSize(ITEMS);
        JsonNode s3 = byWorker.get(ReconcileIT.id("s3"));
        assertThat(s3.path("body_text").asText()).isEqualTo("본문 s3");
        assertThat(s3.path("headline").asText()).isEqualTo("제목 s3");
        assertThat(s3.path("headline_copy").asText()).isEqualTo("제목 s3");
        assertThat(s3.path("id_upper").asText()).isEqualTo("s3");
        assertThat(s3.has("title")).isFalse();
        assertThat(s3.has("rating")).isFalse();

        TestRoot.Run shaped = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "0",
                "--shaping", p.shapingJson)));
        assertThat(shaped.exitCode()).as(shaped.out() + shaped.err()).isZero();
        assertThat(shaped.out()).contains("missing 0   stale 0   ghosts 0");
        TestRoot.Run unshaped = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "0")));
        assertThat(unshaped.exitCode()).as(unshaped.out()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(unshaped.out()).contains("missing 0   stale " + ITEMS + "   ghosts 0").contains("body_text (only in the index)");

        Path definition = dir.resolve("shaping.json");
        java.nio.file.Files.writeString(definition, p.shapingJson);
        try (SqsPoller worker = p.pump()) {
            TestRoot.Run reindex = TestRoot.run(ReconcileIT.args("reindex", p.flags("--table", p.table,
                    "--change-queue-url", p.changeQueueUrl, "--segments", "2", "--settle", "2s",
                    "--checkpoint", dir.resolve("cp.json").toString(), "--shaping", "@" + definition)));
            assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
            assertThat(reindex.out()).contains("search and writes now use " + p.index + "_v2");
        }
        p.drain();

        assertThat(ReindexIT.aliasTargets(p, p.index)).containsExactly(p.index + "_v2");
        assertThat(contents(p)).as("the reindexed documents equal the worker's").isEqualTo(byWorker);
    }

    /** The live documents' content (the metadata left out), by id. */
    private static Map<String, JsonNode> contents(Pipeline p) {
        Map<String, JsonNode> out = new TreeMap<>();
        p.searchAll().forEach((id, source) -> {
            ObjectNode content = source.deepCopy();
            content.remove("ddbsync");
            out.put(id, content);
        });
        return out;
    }
}

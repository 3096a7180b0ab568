package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.localstack.esm.SqsPoller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.dynamodb.DynamoJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.ddbsync.aws.search.SearchReply;

/** {@code ddbsync reindex} against the real local services, with the worker running and the table changing. */
class ReindexIT {

    private static final ObjectMapper M = new ObjectMapper();
    private static final int SEEDED = 40;
    private static final int LOADED = 15;

    @TempDir
    Path dir;

    @Test
    void reindex_duringWriteLoad_searchNeverBlinksThenServedFromV2MatchingTheTable_rollbackReturnsToV1() throws Exception {
        Pipeline p = seeded("Reindex");
        Path template = dir.resolve("template.json");
        Files.writeString(template, "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"text\",\"fields\":{\"raw\":{\"type\":\"keyword\"}}}}}}");
        SqsPoller worker = p.pump();
        Load load = new Load(p);
        Searcher searcher = new Searcher(p);
        load.start();
        searcher.start();

        TestRoot.Run run = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--template", template.toString(), "--segments", "2", "--settle", "2s",
                "--checkpoint", dir.resolve("cp.json").toString())));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains(p.index + "_v1 -> " + p.index + "_v2").contains("search and writes now use " + p.index + "_v2");
        load.stopAndJoin();
        searcher.stopAndJoin();
        worker.close();
        p.drain();

        assertThat(aliasTargets(p, p.index)).containsExactly(p.index + "_v2");
        assertThat(aliasTargets(p, p.index + "_write")).containsExactly(p.index + "_v2");
        assertThat(p.openSearch.aliasExists(p.index + "_reindex").status()).isEqualTo(404);
        assertThat(load.changes.get()).isPositive();
        assertThat(searcher.searches.get()).isPositive();
        assertThat(searcher.problems).isEmpty();
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("missing 0   stale 0   ghosts 0");
        // the new template took effect: a keyword sub-field, searchable through the search alias
        ObjectNode term = M.createObjectNode();
        term.putObject("query").putObject("term").put("title.raw", "제목 s7");
        SearchReply found = p.openSearch.search(p.index, term);
        assertThat(found.body().at("/hits/hits")).extracting(h -> h.path("_id").asText()).containsExactly(ReconcileIT.id("s7"));

        // changes made after the swap reach only v2; the rollback brings them to v1
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(ReconcileIT.post("s3", "swapped then edited", "9"))));
        p.send(List.of(Pipeline.insert(ReconcileIT.post("s3", "swapped then edited", "9"), Instant.now().getEpochSecond())));
        p.drain();
        SqsPoller again = p.pump();
        TestRoot.Run rollback = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--rollback", "--settle", "1s")));
        again.close();
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        p.drain();
        assertThat(aliasTargets(p, p.index)).containsExactly(p.index + "_v1");
        assertThat(aliasTargets(p, p.index + "_write")).containsExactly(p.index + "_v1");
        assertThat(p.openSearch.indexExists(p.index + "_v2").status()).isEqualTo(404);
        TestRoot.Run after = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(p.searchAll().get(ReconcileIT.id("s3")).path("title").asText()).isEqualTo("swapped then edited");
    }

    @Test
    void reindex_interruptedThenSecondStarted_refusedThenResumedToTheSwap_finishDeletesTheOldIndex() throws Exception {
        Pipeline p = seeded("ReindexResume");
        List<String> flags = p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl, "--settle", "1s",
                "--checkpoint", dir.resolve("cp.json").toString());

        // no worker runs: the backfill is enqueued but never applied, so the check finds every item missing, repairs
        // them (through the queue, where nothing applies them either) and stops unswapped
        List<String> interrupted = new ArrayList<>(flags);
        interrupted.addAll(List.of("--drain-timeout", "1s"));
        TestRoot.Run first = TestRoot.run(args("reindex", interrupted));
        assertThat(first.exitCode()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(first.out()).contains("missing " + SEEDED).contains("not swapped");
        assertThat(aliasTargets(p, p.index)).containsExactly(p.index + "_v1");

        TestRoot.Run second = TestRoot.run(args("reindex", flags));
        assertThat(second.exitCode()).isEqualTo(OpsCommand.FAILED);
        assertThat(second.err()).contains("a reindex of " + p.index + " is already in progress").contains("--resume");
        List<String> finishFlags = new ArrayList<>(flags);
        finishFlags.add("--finish");
        TestRoot.Run early = TestRoot.run(args("reindex", finishFlags));
        assertThat(early.exitCode()).isEqualTo(OpsCommand.FAILED);
        assertThat(early.err()).contains("not swapped");
        assertThat(p.openSearch.indexExists(p.index + "_v1").status()).isEqualTo(200);

        SqsPoller worker = p.pump();
        List<String> resumeFlags = new ArrayList<>(flags);
        resumeFlags.add("--resume");
        TestRoot.Run resumed = TestRoot.run(args("reindex", resumeFlags));
        worker.close();
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming").contains("search and writes now use " + p.index + "_v2");
        assertThat(aliasTargets(p, p.index)).containsExactly(p.index + "_v2");
        assertThat(p.searchAll()).hasSize(SEEDED);

        TestRoot.Run finished = TestRoot.run(args("reindex", finishFlags));
        assertThat(finished.exitCode()).as(finished.err()).isZero();
        assertThat(p.openSearch.indexExists(p.index + "_v1").status()).isEqualTo(404);
        TestRoot.Run nothing = TestRoot.run(args("reindex", finishFlags));
        assertThat(nothing.err()).contains("no reindex of " + p.index + " is in progress");
    }

    @Test
    void reindex_rolledBackBeforeTheSwap_newIndexGoneSearchOnV1AndAnotherReindexCanStart() throws Exception {
        Pipeline p = seeded("ReindexUndo");
        List<String> flags = p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl, "--settle", "1s",
                "--checkpoint", dir.resolve("cp.json").toString(), "--drain-timeout", "1s");
        TestRoot.Run interrupted = TestRoot.run(args("reindex", flags)); // no worker: stops unswapped
        assertThat(interrupted.exitCode()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(p.openSearch.indexExists(p.index + "_v2").status()).isEqualTo(200);

        List<String> rollbackFlags = new ArrayList<>(flags);
        rollbackFlags.add("--rollback");
        TestRoot.Run rollback = TestRoot.run(args("reindex", rollbackFlags));
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(p.openSearch.indexExists(p.index + "_v2").status()).isEqualTo(404);
        assertThat(p.openSearch.aliasExists(p.index + "_reindex").status()).isEqualTo(404);
        assertThat(aliasTargets(p, p.index)).containsExactly(p.index + "_v1");
        p.drain(); // the backfill messages enqueued before the rollback: the worker writes them to v1 only
        assertThat(p.searchAll()).hasSize(SEEDED);

        TestRoot.Run again = TestRoot.run(args("reindex", flags));
        assertThat(again.err()).doesNotContain("already in progress");
        assertThat(again.out()).contains(p.index + "_v1 -> " + p.index + "_v2");
    }

    @Test
    void reindex_mappingConflictInDlq_templateFixedReindexedRedriven_converges() throws Exception {
        // quarantine off: the runbook for what the worker dead-letters (QUARANTINE=off, or what quarantine cannot fix)
        Pipeline p = new Pipeline("ReindexDlq", WorkerConfig.Quarantine.OFF);
        writeGoodThenRatingFive(p);
        assertThat(p.depth(p.dlqUrl)).isEqualTo(1);

        Path template = dir.resolve("fixed.json");
        Files.writeString(template, "{\"mappings\":{\"properties\":{\"rating\":{\"type\":\"keyword\"}}}}");
        SqsPoller worker = p.pump();
        TestRoot.Run run = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--template", template.toString(), "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString())));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        TestRoot.Run redrive = TestRoot.run(args("redrive", List.of("--dlq-url", p.dlqUrl,
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--region", "us-east-1")));
        assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
        worker.close();
        p.drain();

        assertThat(p.depth(p.dlqUrl)).isZero();
        Map<String, JsonNode> docs = p.searchAll();
        assertThat(docs).containsKeys(ReconcileIT.id("a"), ReconcileIT.id("b"));
        assertThat(docs.get(ReconcileIT.id("b")).path("rating").asText()).isEqualTo("five");
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
    }

    @Test
    void reindex_fieldQuarantinedByTheWorker_reconcileListsItThenFixedTemplateIndexesItFully() throws Exception {
        Pipeline p = new Pipeline("ReindexQuarantine");
        writeGoodThenRatingFive(p);
        assertThat(p.depth(p.dlqUrl)).as("quarantined, not dead-lettered").isZero();
        assertThat(p.searchAll().get(ReconcileIT.id("b")).path("title").asText()).isEqualTo("둘째 글");
        // rating is mapped as a number: a lenient match is the query that could find "five" under it
        assertThat(ids(p, "{\"match\":{\"rating\":{\"query\":\"five\",\"lenient\":true}}}"))
                .as("not searchable by the quarantined field").isEmpty();
        assertThat(ids(p, "{\"match\":{\"title\":\"둘째\"}}")).as("searchable by its other fields")
                .containsExactly(ReconcileIT.id("b"));

        TestRoot.Run before = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(before.exitCode()).as(before.out()).isZero();
        assertThat(before.out()).contains("missing 0   stale 0   ghosts 0").contains("quarantined 1 document(s)")
                .contains(ReconcileIT.id("b") + "  fields: rating").doesNotContain("five");

        Path template = dir.resolve("fixed.json");
        Files.writeString(template, "{\"mappings\":{\"properties\":{\"rating\":{\"type\":\"keyword\"}}}}");
        SqsPoller worker = p.pump();
        TestRoot.Run run = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--template", template.toString(), "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString())));
        worker.close();
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        p.drain();

        assertThat(ids(p, "{\"term\":{\"rating\":\"five\"}}")).containsExactly(ReconcileIT.id("b"));
        JsonNode b = p.searchAll().get(ReconcileIT.id("b"));
        assertThat(b.path("rating").asText()).isEqualTo("five");
        assertThat(b.path("ddbsync").has("quarantined_fields")).isFalse();
        TestRoot.Run after = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(after.out()).contains("missing 0   stale 0   ghosts 0").doesNotContain("quarantined");
    }

    /** The ids a query finds through the search alias. */
    private static List<String> ids(Pipeline p, String query) throws Exception {
        ObjectNode request = M.createObjectNode();
        request.set("query", M.readTree(query));
        p.openSearch.refresh(p.index + "_write");
        SearchReply r = p.openSearch.search(p.index, request);
        assertThat(r.ok()).as(r.describe()).isTrue();
        List<String> ids = new ArrayList<>();
        r.body().at("/hits/hits").forEach(h -> ids.add(h.path("_id").asText()));
        return ids;
    }

    /** A pipeline whose table and index hold {@value #SEEDED} items s0..s39, in sync. */
    static Pipeline seeded(String prefix) {
        return seeded(prefix, WorkerConfig.Quarantine.ON);
    }

    /** As {@link #seeded(String)}, with the worker's QUARANTINE for every table. */
    static Pipeline seeded(String prefix, WorkerConfig.Quarantine quarantine) {
        Pipeline p = new Pipeline(prefix, quarantine);
        long ts = Instant.now().getEpochSecond() - 60;
        List<ChangeRecord> records = new ArrayList<>();
        for (int i = 0; i < SEEDED; i++) {
            ObjectNode image = ReconcileIT.post("s" + i, "제목 s" + i, Integer.toString(i));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            records.add(Pipeline.insert(image, ts));
        }
        p.send(records);
        p.drain();
        return p;
    }

    static List<String> aliasTargets(Pipeline p, String alias) {
        SearchReply r = p.openSearch.getAlias(alias);
        assertThat(r.ok()).as(r.describe()).isTrue();
        List<String> out = new ArrayList<>();
        r.body().fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String[] args(String command, List<String> flags) {
        return ReconcileIT.args(command, flags);
    }

    /** Puts, updates and deletes of items l0..l14, each written to the table and sent as its stream change. */
    static final class Load extends Thread {
        private final Pipeline p;
        private final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong changes = new AtomicLong();

        Load(Pipeline p) {
            super("load");
            this.p = p;
            setDaemon(true);
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                String id = "l" + (i % LOADED);
                long ts = Instant.now().getEpochSecond();
                if (i % 7 == 3) {
                    p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS(id))));
                    p.send(List.of(new ChangeRecord(Op.REMOVE, ReconcileIT.keys(id), null, Pipeline.nextSeq(), ts, false, false)));
                } else {
                    ObjectNode image = ReconcileIT.post(id, "load " + i, Integer.toString(i));
                    p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
                    p.send(List.of(Pipeline.insert(image, ts)));
                }
                changes.incrementAndGet();
                pause(25);
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            join();
        }
    }

    /** Queries the search alias in a loop; notes an empty answer, a missing seeded item or a visible tombstone. */
    private static final class Searcher extends Thread {
        private final Pipeline p;
        private final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong searches = new AtomicLong();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

        Searcher(Pipeline p) {
            super("searcher");
            this.p = p;
            setDaemon(true);
        }

        @Override
        public void run() {
            ObjectNode q = M.createObjectNode();
            q.put("size", 1000);
            q.putArray("_source").add("ddbsync.deleted");
            while (!stop.get()) {
                SearchReply r = p.openSearch.search(p.index, q);
                if (!r.ok()) {
                    problems.add("search failed: " + r.describe());
                    continue;
                }
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (JsonNode hit : r.body().at("/hits/hits")) {
                    ids.add(hit.path("_id").asText());
                    if (hit.at("/_source/ddbsync/deleted").asBoolean(false)) {
                        problems.add("tombstone visible: " + hit.path("_id").asText());
                    }
                }
                for (int i = 0; i < SEEDED; i++) {
                    if (!ids.contains(ReconcileIT.id("s" + i))) {
                        problems.add("seeded item s" + i + " missing from a search of " + ids.size() + " hit(s)");
                        break;
                    }
                }
                searches.incrementAndGet();
                pause(20);
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            join();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes and delivers post "a", then post "b" whose {@code rating} is the text "five" (the index maps it as a number). */
    private static void writeGoodThenRatingFive(Pipeline p) {
        long ts = Instant.now().getEpochSecond() - 60;
        ObjectNode good = ReconcileIT.post("a", "첫 글", "5");
        ObjectNode bad = ReconcileIT.post("b", "둘째 글", "1");
        bad.set("rating", M.createObjectNode().put("S", "five"));
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(good)));
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(bad)));
        p.send(List.of(Pipeline.insert(good, ts)));
        p.drain();
        p.send(List.of(Pipeline.insert(bad, ts + 1)));
        p.drain();
    }
}

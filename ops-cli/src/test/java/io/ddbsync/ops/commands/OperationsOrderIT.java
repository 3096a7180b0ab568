package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.localstack.esm.SqsPoller;
import io.ddbsync.localstack.faults.HttpFaultProxy;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.ops.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import io.ddbsync.ops.operations.ReindexLease;

/**
 * The operations in the orders a runbook leads to — reindex, redrive, replay, backfill, reconcile, rollback, finish —
 * against the real local services: each test builds one such order and asserts what the index holds afterwards.
 */
class OperationsOrderIT {

    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void reindex_itemDeletedWhileItsFailedInsertWaitsInTheDlq_redriveAfterTheSwapLeavesNoGhost() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderGhost", WorkerConfig.Quarantine.OFF); // the refused INSERT goes to the DLQ
        long now = Instant.now().getEpochSecond();
        ObjectNode bad = ReconcileIT.post("x", "지워질 글", "1");
        bad.set("rating", M.createObjectNode().put("S", "five")); // the index maps rating as a number
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(bad)));
        p.send(List.of(Pipeline.insert(bad, now - 100)));
        p.drain();
        assertThat(p.depth(p.dlqUrl)).isEqualTo(1);
        // the item is deleted while its INSERT waits in the DLQ; the REMOVE reaches the index: a tombstone in v1
        p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS("x"))));
        p.send(List.of(remove("x", now - 50)));
        p.drain();

        SqsPoller worker = p.pump();
        TestRoot.Run reindex = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--template", fixedRatingTemplate().toString(), "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString())));
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
        TestRoot.Run redrive = TestRoot.run(args("redrive", List.of("--dlq-url", p.dlqUrl,
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--region", "us-east-1")));
        assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
        worker.close();
        p.drain();

        assertThat(p.depth(p.dlqUrl)).isZero();
        assertThat(p.searchAll()).doesNotContainKey(ReconcileIT.id("x")).hasSize(40);
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("missing 0   stale 0   ghosts 0");
    }

    @Test
    void reindex_ttlDeletesKeep_documentsOfItemsTtlRemovedSurviveTheSwapAndTheFinish() throws Exception {
        Pipeline p = new Pipeline("OrderKeep", Pipeline.dynamoDbEndpoint(), false, WorkerConfig.TtlDeletes.KEEP);
        long now = Instant.now().getEpochSecond();
        List<ChangeRecord> records = new ArrayList<>();
        for (String id : List.of("live", "expired")) {
            ObjectNode image = ReconcileIT.post(id, "제목 " + id, "1");
            image.putObject("expires").put("N", Long.toString(id.equals("expired") ? now - 3_600 : now + 86_400));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            records.add(Pipeline.insert(image, now - 600));
        }
        p.send(records);
        p.drain();
        // DynamoDB TTL removes "expired"; under keep the worker keeps its document
        p.dynamoDb.deleteItem(b -> b.tableName(p.table).key(Map.of("id", AttributeValue.fromS("expired"))));
        p.send(List.of(new ChangeRecord(Op.REMOVE, ReconcileIT.keys("expired"), null, Pipeline.nextSeq(), now - 500, false, true)));
        p.drain();
        assertThat(p.searchAll()).containsKeys(ReconcileIT.id("live"), ReconcileIT.id("expired"));

        List<String> flags = p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl, "--ttl-deletes", "keep",
                "--ttl-attribute", "expires", "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString());
        SqsPoller worker = p.pump();
        TestRoot.Run reindex = TestRoot.run(args("reindex", flags));
        worker.close();
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
        List<String> finish = new ArrayList<>(flags);
        finish.add("--finish");
        TestRoot.Run finished = TestRoot.run(args("reindex", finish));
        assertThat(finished.exitCode()).as(finished.out() + finished.err()).isZero();

        assertThat(p.searchAll()).containsKeys(ReconcileIT.id("live"), ReconcileIT.id("expired"));
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--ttl-deletes", "keep",
                "--ttl-attribute", "expires", "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("kept 1 document(s)");
    }

    @Test
    void reindex_changeFromMinutesBeforeTheScanRedrivenAfterTheSwap_doesNotRollTheNewIndexBack() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderRedrive");
        long now = Instant.now().getEpochSecond();
        ChangeRecord older = Pipeline.insert(ReconcileIT.post("y", "옛 제목", "1"), now - 100); // waits in the DLQ
        ObjectNode newer = ReconcileIT.post("y", "새 제목", "2");
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(newer)));
        p.send(List.of(modify(newer, now - 50)));
        p.drain();

        SqsPoller worker = p.pump();
        TestRoot.Run reindex = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString())));
        worker.close();
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
        p.send(List.of(older)); // redriven after the swap
        p.drain();

        assertThat(p.searchAll().get(ReconcileIT.id("y")).path("title").asText()).isEqualTo("새 제목");
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
    }

    @Test
    void backfill_thenChangesFromJustBeforeAndMinutesBeforeTheScanReplayed_doNotRollTheDocumentsBack() {
        Pipeline p = new Pipeline("OrderBackfill");
        long now = Instant.now().getEpochSecond();
        List<ChangeRecord> replays = new ArrayList<>();
        for (String id : List.of("near", "far")) {
            replays.add(Pipeline.insert(ReconcileIT.post(id, "옛 " + id, "1"), now - (id.equals("near") ? 5 : 120)));
            ObjectNode current = ReconcileIT.post(id, "지금 " + id, "2");
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(current)));
        }
        TestRoot.Run backfill = TestRoot.run("backfill", "--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--dynamodb-endpoint-url", Pipeline.dynamoDbEndpoint().toString(),
                "--region", "us-east-1");
        assertThat(backfill.exitCode()).as(backfill.out() + backfill.err()).isZero();
        p.drain();
        p.send(replays); // a replay of changes made before the scan (a redrive, replay-stream-failures)
        p.drain();

        Map<String, JsonNode> docs = p.searchAll();
        assertThat(docs.get(ReconcileIT.id("near")).path("title").asText()).isEqualTo("지금 near");
        assertThat(docs.get(ReconcileIT.id("far")).path("title").asText()).isEqualTo("지금 far");
    }

    @Test
    void reconcile_hotKeyThatCanNeverBeIndexed_isALastingDifferenceNotChanging() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderHotStuck", WorkerConfig.Quarantine.OFF); // never indexable: no quarantine
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        Thread hot = new Thread(() -> {
            while (!stop.get()) {
                ObjectNode image = ReconcileIT.post("hot", "쓸 수 없는 글 " + writes.incrementAndGet(), "1");
                image.set("rating", M.createObjectNode().put("S", "five")); // never indexable under this mapping
                p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
                sleep(300);
            }
        }, "hot-key");
        hot.start();
        try {
            sleep(1_000);
            TestRoot.Run run = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "2s")));
            assertThat(run.exitCode()).as(run.out()).isEqualTo(OpsCommand.ATTENTION);
            assertThat(run.out()).contains("missing 1").contains(ReconcileIT.id("hot")).doesNotContain("The index matches the table.");
        } finally {
            stop.set(true);
            hot.join();
        }
        assertThat(writes.get()).isGreaterThan(5);
    }

    @Test
    void reconcile_hotKeyTheWorkerKeepsApplying_isReportedChangingWithItsOwnExitCode() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderHotMoving");
        SqsPoller worker = p.pump();
        AtomicBoolean stop = new AtomicBoolean();
        Thread hot = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                ObjectNode image = ReconcileIT.post("hot", "자주 고치는 글 " + i, Integer.toString(i));
                p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
                // each change reaches the worker two seconds later: the document is always behind the item
                p.sendDelayed(List.of(modify(image, Instant.now().getEpochSecond())), 2);
                sleep(300);
            }
        }, "hot-key");
        hot.start();
        try {
            sleep(3_000);
            TestRoot.Run run = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "3s")));
            assertThat(run.exitCode()).as(run.out()).isEqualTo(io.ddbsync.ops.cli.ExitCodes.CHANGING);
            assertThat(run.out()).contains("missing 0   stale 0   ghosts 0").contains("changing 1").contains(ReconcileIT.id("hot"));
        } finally {
            stop.set(true);
            hot.join();
            worker.close();
        }
    }

    @Test
    void reindex_hostClockTenMinutesAhead_repairRecordsCarryTheTablesTime() throws Exception {
        // quarantine off: the item the new index refuses must be dead-lettered (its repair record is what this checks)
        Pipeline p = new Pipeline("OrderClock", WorkerConfig.Quarantine.OFF);
        long now = Instant.now().getEpochSecond();
        ObjectNode item = ReconcileIT.post("c", "시계", "1");
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(item)));
        p.send(List.of(Pipeline.insert(item, now - 600)));
        p.drain();
        Path template = dir.resolve("numeric-title.json"); // the new index cannot take the item: the check repairs it
        Files.writeString(template, "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"long\"}}}}");

        SqsPoller worker = p.pump();
        CommandLine cli = Main.commandLine();
        ((ReindexCommand) cli.getSubcommands().get("reindex").getCommand()).clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--template", template.toString(), "--settle", "1s", "--drain-timeout", "5m",
                "--checkpoint", dir.resolve("cp.json").toString())));
        System.out.println(out);
        assertThat(code).as(out.toString()).isEqualTo(OpsCommand.ATTENTION);

        List<ChangeRecord> repairs = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (repairs.isEmpty() && System.nanoTime() < deadline) {
            for (Message m : p.sqs.receiveMessage(b -> b.queueUrl(p.dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                for (WireRecord r : WireCodec.decode(m.body()).records()) {
                    if (r instanceof ChangeRecord c && c.fetch() && io.ddbsync.model.version.Versions.isReadSequenceNumber(c.sequenceNumber())) {
                        repairs.add(c);
                    }
                }
            }
        }
        worker.close();
        long tableNow = Instant.now().getEpochSecond();
        assertThat(repairs).as("repair records dead-lettered").isNotEmpty();
        assertThat(repairs).allSatisfy(r -> assertThat(r.ts()).as("repair dated on the table's clock (read time - 300 s)")
                .isLessThanOrEqualTo(tableNow - 300));
    }

    @Test
    void reindex_changeQueueNeverEmptyUnderSteadyWrites_checksAndSwaps() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderSteady");
        SqsPoller worker = p.pump();
        AtomicBoolean stop = new AtomicBoolean();
        Thread steady = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                ObjectNode image = ReconcileIT.post("w" + (i % 10), "꾸준한 쓰기 " + i, Integer.toString(i));
                p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
                p.sendDelayed(List.of(modify(image, Instant.now().getEpochSecond())), 2); // always a message on the queue
                sleep(100);
            }
        }, "steady-writes");
        steady.start();
        TestRoot.Run reindex;
        try {
            reindex = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                    "--settle", "3s", "--drain-timeout", "60s", "--checkpoint", dir.resolve("cp.json").toString())));
        } finally {
            stop.set(true);
            steady.join();
        }
        sleep(3_000);
        worker.close();
        p.drain();
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
        assertThat(reindex.out()).contains("search and writes now use " + p.index + "_v2");
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
    }

    @Test
    void rollback_afterMoreChangesThanOneRequestHolds_readsTheIndexesInBoundedRequests() throws Exception {
        int items = 1_200;
        Pipeline p = new Pipeline("OrderBounded");
        long now = Instant.now().getEpochSecond();
        List<ChangeRecord> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ObjectNode image = ReconcileIT.post("b" + i, "처음 " + i, Integer.toString(i));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            batch.add(Pipeline.insert(image, now - 600));
            if (batch.size() == 100) {
                p.send(batch);
                batch = new ArrayList<>();
            }
        }
        p.drain();
        List<String> flags = p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl, "--settle", "1s",
                "--checkpoint", dir.resolve("cp.json").toString());
        SqsPoller worker = p.pump();
        TestRoot.Run reindex = TestRoot.run(args("reindex", flags));
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
        worker.close();
        // every item changes after the swap: only the new index has the changes
        long later = Instant.now().getEpochSecond();
        for (int i = 0; i < items; i++) {
            ObjectNode image = ReconcileIT.post("b" + i, "나중 " + i, Integer.toString(i));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            batch.add(modify(image, later));
            if (batch.size() == 100) {
                p.send(batch);
                batch = new ArrayList<>();
            }
        }
        p.drain();

        AtomicInteger largestMget = new AtomicInteger();
        try (HttpFaultProxy proxy = HttpFaultProxy.start("opensearch", Pipeline.openSearchEndpoint(), Duration.ofSeconds(60))) {
            proxy.handle((request, upstream) -> {
                if (request.path().endsWith("/_mget")) {
                    int ids = M.readTree(request.body()).path("ids").size() + M.readTree(request.body()).path("docs").size();
                    largestMget.accumulateAndGet(ids, Math::max);
                }
                return upstream.forward(request);
            });
            List<String> rollback = new ArrayList<>(List.of("--table", p.table, "--change-queue-url", p.changeQueueUrl, "--settle", "1s",
                    "--rollback", "--opensearch-endpoint", proxy.endpoint().toString(), "--opensearch-auth", "none",
                    "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--dynamodb-endpoint-url",
                    Pipeline.dynamoDbEndpoint().toString(), "--region", "us-east-1"));
            SqsPoller again = p.pump();
            TestRoot.Run run = TestRoot.run(args("reindex", rollback));
            again.close();
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        }
        p.drain();
        assertThat(largestMget.get()).as("ids in the largest _mget").isPositive().isLessThanOrEqualTo(1_000);
        TestRoot.Run check = TestRoot.run(args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
    }

    @Test
    void reindex_holdNotRenewedBeforeItRunsOut_runStopsBeforeItsNextStepUnswapped() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderLease");
        AtomicBoolean dualWritingSaved = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        long[] blockUntil = {Long.MAX_VALUE};
        TestRoot.Run run;
        try (HttpFaultProxy proxy = HttpFaultProxy.start("opensearch", Pipeline.openSearchEndpoint(), Duration.ofSeconds(60))) {
            // once the run has recorded that workers write to both indexes, its renewals fail for 5 s (its hold lasts 3 s)
            proxy.handle((request, upstream) -> {
                boolean stateWrite = request.method().equals("PUT") && request.path().startsWith("/ddbsync-reindex/_doc/");
                if (stateWrite && new String(request.body(), StandardCharsets.UTF_8).contains("DUAL_WRITING")
                        && dualWritingSaved.compareAndSet(false, true)) {
                    blockUntil[0] = System.nanoTime() + Duration.ofMillis(5_000).toNanos();
                    return upstream.forward(request);
                }
                if (stateWrite && System.nanoTime() < blockUntil[0]) {
                    refused.incrementAndGet();
                    return HttpFaultProxy.Response.json(503, "{\"error\":{\"type\":\"injected\",\"reason\":\"state write refused\"}}");
                }
                return upstream.forward(request);
            });
            SqsPoller worker = p.pump();
            CommandLine cli = Main.commandLine();
            ((ReindexCommand) cli.getSubcommands().get("reindex").getCommand()).leaseTerms =
                    new ReindexLease.Terms(Duration.ofSeconds(3), Duration.ofSeconds(1));
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(out, true));
            int code = cli.execute("reindex", "--table", p.table, "--change-queue-url", p.changeQueueUrl, "--settle", "1s",
                    "--checkpoint", dir.resolve("cp.json").toString(), "--opensearch-endpoint", proxy.endpoint().toString(),
                    "--opensearch-auth", "none", "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(),
                    "--dynamodb-endpoint-url", Pipeline.dynamoDbEndpoint().toString(), "--region", "us-east-1");
            worker.close();
            run = new TestRoot.Run(code, out.toString(), "");
            System.out.println(out);
        }
        assertThat(refused.get()).as("renewals refused").isPositive();
        assertThat(run.exitCode()).as(run.out()).isEqualTo(OpsCommand.FAILED);
        assertThat(run.out()).contains("lost its hold on the reindex");
        assertThat(ReindexIT.aliasTargets(p, p.index)).containsExactly(p.index + "_v1");
    }

    @Test
    void reindexFinish_withOnlyTheOpenSearchEndpoint_deletesTheOldIndex() throws Exception {
        Pipeline p = ReindexIT.seeded("OrderFinish");
        SqsPoller worker = p.pump();
        TestRoot.Run reindex = TestRoot.run(args("reindex", p.flags("--table", p.table, "--change-queue-url", p.changeQueueUrl,
                "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString())));
        worker.close();
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();

        // as OPERATIONS.md shows it: the table and the cluster, nothing else
        TestRoot.Run finish = TestRoot.run("reindex", "--table", p.table, "--finish",
                "--opensearch-endpoint", Pipeline.openSearchEndpoint().toString());
        assertThat(finish.exitCode()).as(finish.out() + finish.err()).isZero();
        assertThat(p.openSearch.indexExists(p.index + "_v1").status()).isEqualTo(404);
        assertThat(p.searchAll()).hasSize(40);
    }

    private Path fixedRatingTemplate() throws java.io.IOException {
        Path template = dir.resolve("fixed.json");
        Files.writeString(template, "{\"mappings\":{\"properties\":{\"rating\":{\"type\":\"keyword\"}}}}", StandardCharsets.UTF_8);
        return template;
    }

    static ChangeRecord remove(String id, long ts) {
        return new ChangeRecord(Op.REMOVE, ReconcileIT.keys(id), null, Pipeline.nextSeq(), ts, false, false);
    }

    static ChangeRecord modify(ObjectNode image, long ts) {
        ObjectNode keys = M.createObjectNode();
        keys.set("id", image.get("id"));
        return new ChangeRecord(Op.MODIFY, keys, image, Pipeline.nextSeq(), ts, false, false);
    }

    private static String[] args(String command, List<String> flags) {
        return ReconcileIT.args(command, flags);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

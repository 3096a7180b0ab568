package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillListener;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import io.ddbsync.aws.search.SearchReply;

/**
 * The local pipeline end to end, the same code as {@code ddbsync local}: 2,000 posts written through the
 * standard DynamoDbClient with puts, updates, deletes, batch writes and transactions — some before the
 * pipeline starts (they can only arrive through the backfill), some while the backfill runs — converge to
 * a search alias holding exactly the table's items.
 */
class LocalPipelineIT {

    static final int BEFORE = 1_000;
    static final int WHILE_BACKFILL = 1_000;

    @Test
    void pipeline_writesBeforeAndDuringBackfill_searchAliasEqualsTableAndKoreanWordFindsPost() throws Exception {
        try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Settings("Posts", 4), step -> { }, x -> { })) {
            SampleWriter writer = new SampleWriter(p.dynamo(), p.table(), Clock.systemUTC());
            Random random = new Random(7);
            writer.batchInsert(BEFORE - 100);
            for (int i = 0; i < 100; i++) {
                writer.insert();
            }
            for (int i = 0; i < 50; i++) {
                writer.edit(writer.pick(random));
                writer.delete(writer.pick(random));
            }
            int deletedBeforeStart = BEFORE - writer.liveCount();

            p.startSync();
            // True from the scan's first page sent until the backfill returns: observed, not assumed.
            AtomicBoolean backfillRunning = new AtomicBoolean(false);
            BackfillListener pages = new BackfillListener() {
                @Override
                public void sent(int segment, int items, int messages) {
                    backfillRunning.set(true);
                }
            };
            // Rate-limited so the scan lasts seconds and the writes below really race it, even on a fast machine.
            CompletableFuture<Backfill.Result> backfill =
                    CompletableFuture.supplyAsync(() -> p.backfill(pages, BACKFILL_ITEMS_PER_SECOND));
            backfill.whenComplete((r, e) -> backfillRunning.set(false));
            long waitUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!backfillRunning.get() && !backfill.isDone() && System.nanoTime() < waitUntil) {
                Thread.sleep(20); // the writes start once the scan has sent its first page
            }
            int writtenDuringBackfill = 0;
            int created = 0;
            while (created < WHILE_BACKFILL) {
                switch (created % 5) {
                    case 0 -> writer.batchInsert(20);
                    case 1 -> writer.transaction(random);
                    default -> writer.insert();
                }
                created = writer.created() - BEFORE;
                writer.edit(writer.pick(random));
                if (created % 3 == 0) {
                    writer.delete(writer.pick(random));
                }
                if (backfillRunning.get()) {
                    writtenDuringBackfill++;
                }
            }
            Backfill.Result result = backfill.join();

            Convergence.Report report = awaitConvergence(p);

            assertThat(result.itemsSent()).isGreaterThanOrEqualTo(BEFORE - deletedBeforeStart);
            assertThat(writtenDuringBackfill).as("writes raced the backfill").isPositive();
            assertThat(report.equal()).as(report.describe()).isTrue();
            assertThat(report.tableItems()).isEqualTo(writer.liveCount()).isEqualTo(report.aliasDocs());
            assertThat(Queues.depth(p.sqs(), p.queues().deadLetterQueueUrl())).isZero();
            assertThat(p.metrics().failed()).isZero();
            assertKoreanWordFindsPost(p, writer.pick(random));
        }
    }

    private static final double BACKFILL_ITEMS_PER_SECOND = 200;

    private static Convergence.Report awaitConvergence(LocalPipeline p) throws InterruptedException {
        Convergence.Report report = null;
        for (int i = 0; i < 240; i++) { // bounded: 4 minutes of polling
            if (Queues.depth(p.sqs(), p.queues().changeQueueUrl()) == 0) {
                report = p.compare();
                if (report.equal() && Queues.depth(p.sqs(), p.queues().changeQueueUrl()) == 0) {
                    return report;
                }
            }
            Thread.sleep(1000);
        }
        return report == null ? p.compare() : report;
    }

    private static void assertKoreanWordFindsPost(LocalPipeline p, int n) {
        GetItemResponse post = p.dynamo().getItem(b -> b.tableName(p.table()).key(SampleWriter.key(n)));
        assertThat(post.hasItem()).isTrue();
        // Korean analysis (the 2.x node's nori): the place alone finds "춘천에서…"; without it only the word as written does
        boolean korean = p.indexTemplates().analysisOf(p.index()) == io.ddbsync.worker.opensearch.TextAnalysis.KOREAN;
        String word = korean ? SamplePosts.placeWord(n) : SamplePosts.titleWordWith(n, SamplePosts.placeWord(n));
        assertThat(post.item().get("title").s()).contains(word);
        assertThat(post.item().get("title").s()).doesNotContain(SamplePosts.placeWord(n) + " ");
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        query.put("size", 1000);
        query.putObject("query").putObject("match").put("title", word);
        SearchReply reply = p.openSearch().search(p.index(), query);
        assertThat(reply.ok()).as(reply.describe()).isTrue();
        JsonNode hits = reply.body().path("hits").path("hits");
        assertThat(hits).isNotEmpty();
        assertThat(hits).anySatisfy(h -> assertThat(h.path("_source").path("id").asText()).isEqualTo(SamplePosts.id(n)));
        assertThat(hits).allSatisfy(h -> assertThat(h.path("_source").path("title").asText()).contains(word));
    }
}

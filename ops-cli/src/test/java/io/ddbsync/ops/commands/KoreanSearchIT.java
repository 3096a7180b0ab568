package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.testbench.local.SamplePosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Korean search with the template the stack deploys: the stack's settings for a table with {@code textAnalysis=korean}
 * give the worker's environment ({@code DdbSyncSettings.templateEnvironment}, what infra-cdk writes into the Lambda),
 * the worker reads it as in Lambda and makes the index on the real local OpenSearch, the sample posts go through the
 * change queue and the worker, and a {@code match} finds Korean words that the posts write with particles attached.
 * 2.x only: the 3.x layout has no nori plugin (local-stack's KoreanAnalysisIT shows that template refused there).
 */
@EnabledIf("noriInstalled")
class KoreanSearchIT {

    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path jars;

    static boolean noriInstalled() {
        return LocalOpenSearch.shared().plugins().contains("analysis-nori");
    }

    @Test
    void match_koreanWordWithoutParticle_findsThePostsThatWriteItWithOne() throws Exception {
        Pipeline p = new Pipeline("KoreanPosts", Pipeline.dynamoDbEndpoint(), false, WorkerConfig.TtlDeletes.DELETE,
                "[{\"flatten_blocks\":{\"from\":\"blocks\",\"to\":\"" + SamplePosts.BODY_TEXT + "\"}}]",
                table -> stackSettings(table).templateEnvironment());
        Instant now = Instant.parse("2026-12-05T09:00:00Z");
        List<ChangeRecord> records = new ArrayList<>();
        Map<String, String> titles = new HashMap<>();
        for (int n = 1; n <= 30; n++) {
            ObjectNode image = DynamoJson.fromItem(SamplePosts.post(n, 0, now));
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(image)));
            records.add(Pipeline.insert(image, now.getEpochSecond()));
            titles.put(SamplePosts.id(n), SamplePosts.title(n));
        }
        p.send(records);
        p.drain();

        // post 1: "동기화를 고민하다가 춘천에서 닭갈비를 먹었다 #1"; no title has either word standing alone
        assertThat(titles.get(SamplePosts.id(1))).contains("춘천에서").contains("닭갈비를");
        assertThat(titles.values()).noneMatch(t -> t.contains("닭갈비 ") || t.contains("춘천 "));
        Set<String> sayDakgalbi = idsWhoseTitleSays(titles, "닭갈비");
        Set<String> sayChuncheon = idsWhoseTitleSays(titles, "춘천");

        List<String> dakgalbi = titleMatches(p, "닭갈비");
        List<String> chuncheon = titleMatches(p, "춘천");

        assertThat(dakgalbi).contains(SamplePosts.id(1));
        // every post that says 닭갈비 ranks above any that only shares a part of it (떡갈비, 찜닭)
        assertThat(new HashSet<>(dakgalbi.subList(0, Math.min(dakgalbi.size(), sayDakgalbi.size())))).isEqualTo(sayDakgalbi);
        assertThat(new HashSet<>(chuncheon)).isEqualTo(sayChuncheon).contains(SamplePosts.id(1));
    }

    private static Set<String> idsWhoseTitleSays(Map<String, String> titles, String word) {
        Set<String> ids = new HashSet<>();
        titles.forEach((id, title) -> {
            if (title.contains(word)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The stack's settings for one existing table named {@code table} whose index asks for Korean analysis. */
    private static DdbSyncSettings stackSettings(String table) {
        Map<String, Object> context = new HashMap<>();
        context.put("stackName", "posts-search");
        context.put("tableName", table);
        context.put("tableStreamArn", "arn:aws:dynamodb:us-east-1:123456789012:table/" + table + "/stream/2026-12-05T00:00:00.000");
        context.put("openSearchEndpoint", "search-posts.us-east-1.es.amazonaws.com");
        context.put("openSearchDomainArn", "arn:aws:es:us-east-1:123456789012:domain/posts");
        context.put("textAnalysis", "korean");
        context.put("workerJar", jar("index-worker.jar"));
        context.put("forwarderJar", jar("stream-forwarder.jar"));
        context.put("backfillJar", jar("backfill-worker.jar"));
        return DdbSyncSettings.fromContext(context::get);
    }

    /** The settings check that the Lambda jars exist; the index templates do not need them. */
    private static String jar(String name) {
        try {
            Path file = jars.resolve(name);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ids of the posts whose title {@code match}es {@code word}, through the search alias. */
    private static List<String> titleMatches(Pipeline p, String word) throws Exception {
        ObjectNode query = M.createObjectNode();
        query.put("size", 100);
        query.putObject("query").putObject("match").put("title", word);
        SearchReply reply = p.openSearch.search(p.index, query);
        assertThat(reply.ok()).as(reply.describe()).isTrue();
        List<String> ids = new ArrayList<>();
        reply.body().path("hits").path("hits").forEach(h -> ids.add(h.path("_source").path("id").asText()));
        return ids;
    }
}

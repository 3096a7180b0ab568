package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.BuiltinScriptLanguage;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.Script;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

class LocalOpenSearchIT {
    /** Applies a change only when its version is newer; versions are decimal strings beyond the range of a long. */
    private static final String VERSIONED_UPSERT = """
            if (ctx._source.version == null
                || new BigInteger(params.version).compareTo(new BigInteger(ctx._source.version)) > 0) {
              ctx._source.putAll(params.doc);
              ctx._source.version = params.version;
            } else {
              ctx.op = 'none';
            }
            """;

    private static OpenSearchTransport transport;
    private static OpenSearchClient client;

    @BeforeAll
    static void connect() {
        URI endpoint = LocalOpenSearch.shared().endpoint();
        transport = ApacheHttpClient5TransportBuilder.builder(new HttpHost("http", endpoint.getHost(), endpoint.getPort()))
                .setMapper(new JacksonJsonpMapper())
                .build();
        client = new OpenSearchClient(transport);
    }

    @AfterAll
    static void disconnect() throws IOException {
        transport.close();
    }

    @Test
    void health_sharedNode_isGreenOrYellowOnLoopback() throws IOException {
        assertThat(LocalOpenSearch.shared()).isSameAs(LocalOpenSearch.shared());
        assertThat(LocalOpenSearch.shared().endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(client.cluster().health().status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
    }

    @Test
    void bulkScriptedUpsert_versionedChanges_keepsOnlyNewerVersions() throws IOException {
        String index = createIndex();

        BulkResponse first = client.bulk(b -> b.refresh(Refresh.True).operations(
                upsert(index, "a", "100", Map.of("name", "first")),
                upsert(index, "b", "5", Map.of("name", "bee"))));
        // "99" sorts after "100" as text: only a numeric comparison keeps document a.
        BulkResponse second = client.bulk(b -> b.refresh(Refresh.True).operations(
                upsert(index, "a", "99", Map.of("name", "stale")),
                upsert(index, "b", "170141183460469231731687303715884105727", Map.of("name", "newer"))));

        assertThat(first.errors()).isFalse();
        assertThat(first.items()).extracting(BulkResponseItem::result).containsExactly("created", "created");
        assertThat(second.errors()).isFalse();
        assertThat(second.items()).extracting(BulkResponseItem::result).containsExactly("noop", "updated");
        assertThat(source(index, "a")).containsEntry("name", "first").containsEntry("version", "100");
        assertThat(source(index, "b")).containsEntry("name", "newer")
                .containsEntry("version", "170141183460469231731687303715884105727");
    }

    @Test
    void deleteByQuery_matchingKind_removesOnlyMatchingDocuments() throws IOException {
        String index = createIndex();
        client.bulk(b -> b.refresh(Refresh.True).operations(
                upsert(index, "keep-1", "1", Map.of("kind", "keep", "name", "Crème brûlée")),
                upsert(index, "drop-1", "1", Map.of("kind", "drop", "name", "creme fraiche")),
                upsert(index, "drop-2", "1", Map.of("kind", "drop", "name", "plain"))));

        long deleted = client.deleteByQuery(d -> d.index(index).refresh(Refresh.True)
                .query(q -> q.term(t -> t.field("kind").value(FieldValue.of("drop"))))).deleted();

        assertThat(deleted).isEqualTo(2);
        List<String> remaining = client.search(s -> s.index(index).query(q -> q.matchAll(m -> m)), Map.class)
                .hits().hits().stream().map(Hit::id).toList();
        assertThat(remaining).containsExactly("keep-1");
    }

    @Test
    void search_foldingAnalyzerFromAnalysisCommon_matchesAccentedText() throws IOException {
        String index = createIndex();
        client.bulk(b -> b.refresh(Refresh.True).operations(
                upsert(index, "dessert", "1", Map.of("kind", "food", "name", "Crème brûlée")),
                upsert(index, "drink", "1", Map.of("kind", "food", "name", "Lemonade"))));

        List<String> hits = client.search(s -> s.index(index).query(q -> q.match(m -> m.field("name").query(FieldValue.of("creme")))),
                Map.class).hits().hits().stream().map(Hit::id).toList();

        assertThat(hits).containsExactly("dessert");
    }

    private static BulkOperation upsert(String index, String id, String version, Map<String, Object> doc) {
        Script script = Script.of(s -> s.inline(i -> i.lang(l -> l.builtin(BuiltinScriptLanguage.Painless))
                .source(VERSIONED_UPSERT)
                .params(Map.of("version", JsonData.of(version), "doc", JsonData.of(doc)))));
        return BulkOperation.of(op -> op.update(u -> u.index(index).id(id)
                .scriptedUpsert(true).upsert(Map.<String, Object>of()).script(script)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> source(String index, String id) throws IOException {
        return client.get(g -> g.index(index).id(id), Map.class).source();
    }

    /** An index whose {@code name} field is analysed with {@code asciifolding}, a filter from analysis-common. */
    private static String createIndex() throws IOException {
        String index = "items-" + UUID.randomUUID();
        client.indices().create(c -> c.index(index)
                .settings(s -> s.numberOfShards(1).numberOfReplicas(0)
                        .analysis(a -> a.analyzer("folded", an -> an.custom(cu -> cu.tokenizer("standard")
                                .filter("lowercase", "asciifolding")))))
                .mappings(m -> m
                        .properties("kind", p -> p.keyword(k -> k))
                        .properties("version", p -> p.keyword(k -> k))
                        .properties("name", p -> p.text(t -> t.analyzer("folded")))));
        return index;
    }
}

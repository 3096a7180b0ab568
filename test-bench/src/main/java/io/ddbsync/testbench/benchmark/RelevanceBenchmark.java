package io.ddbsync.testbench.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.testbench.local.SamplePosts;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.worker.opensearch.TextAnalysis;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Korean search relevance, in one run against one OpenSearch: the first {@code posts} sample posts (as first
 * written, converted and shaped as the worker does for the demo's table) go into one index per
 * {@link TextAnalysis} — each made by the worker's own {@link IndexBootstrap} from the template that
 * {@code TEXT_ANALYSIS=<index>=standard|cjk|korean} gives — then every query of {@link KoreanRelevance} runs as a
 * {@code multi_match} over {@code title} and {@code body_text} on each, and the top 10 hits are scored against
 * the query's relevant posts.
 *
 * <p>recall@10 = relevant posts among the top 10 / relevant posts; precision@10 = relevant posts among the top 10
 * / 10 (trec_eval's definitions; a query with fewer than 10 relevant posts cannot reach 1, so the table has an
 * "ideal" column: the best a perfect ranking reaches). The indexes are deleted after the run.
 *
 * @see KoreanRelevance for the queries and how their judgements are derived
 */
public final class RelevanceBenchmark {

    /** The cut-off of both measures. */
    public static final int K = 10;
    /** The table the sample posts stand for (the shaping is the demo's). */
    static final String TABLE = "Posts";

    /**
     * One query's (or the mean) measures; {@code matched}: the posts the query matched at all (OpenSearch's total
     * hits; for a mean, the sum over the queries), how much beyond the relevant posts an analysis lets through.
     */
    public record Score(double recall, double precision, long matched) {
    }

    /** One query: its relevant posts, and per analysis its score and the top hits' ids. */
    public record QueryResult(KoreanRelevance.Query query, int relevant, Score ideal, Map<TextAnalysis, Score> scores) {
        public QueryResult {
            scores = Map.copyOf(scores);
        }
    }

    /** Every query's result and the means over the queries. */
    public record Result(int posts, List<QueryResult> queries, Score ideal, Map<TextAnalysis, Score> means) {
        public Result {
            queries = List.copyOf(queries);
            means = Map.copyOf(means);
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SearchTarget search;
    private final URI endpoint;
    private final int posts;
    private final PrintWriter out;

    /**
     * @param search   the OpenSearch to measure on (Korean analysis needs its nori plugin: the local 2.x node has it)
     * @param endpoint that OpenSearch's endpoint (for the worker configuration the conversion is taken from)
     * @param posts    sample posts 1..posts are indexed (the demo writes 650)
     */
    public RelevanceBenchmark(SearchTarget search, URI endpoint, int posts, PrintWriter out) {
        if (posts < 1) {
            throw new IllegalArgumentException("posts must be at least 1, got " + posts);
        }
        this.search = search;
        this.endpoint = endpoint;
        this.posts = posts;
        this.out = out;
    }

    public Result run() throws InterruptedException {
        DocumentConverter converter = WorkerConfig.builder(SearchTargetConfig.plain(endpoint), "us-east-1")
                .shaping(SamplePosts.shaping(TABLE)).build().converterFor(TABLE);
        List<RawBulk.Doc> docs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int n = 1; n <= posts; n++) {
            Map<String, AttributeValue> post = KoreanRelevance.post(n);
            docs.add(RawBulk.doc(post, converter));
            texts.add(KoreanRelevance.text(post));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<TextAnalysis, String> indexes = new EnumMap<>(TextAnalysis.class);
        for (TextAnalysis a : TextAnalysis.values()) {
            indexes.put(a, "relevance-" + a.configName() + "-" + run);
        }
        try {
            load(indexes, docs);
            return measure(indexes, docs, texts);
        } finally {
            indexes.values().forEach(this::drop);
        }
    }

    private void load(Map<TextAnalysis, String> indexes, List<RawBulk.Doc> docs) throws InterruptedException {
        Map<String, TextAnalysis> analysis = new LinkedHashMap<>();
        indexes.forEach((a, index) -> analysis.put(index, a));
        IndexBootstrap bootstrap = new IndexBootstrap(search, new IndexTemplates(Map.of(), analysis, WorkerConfig.DEFAULT_METADATA_FIELD),
                WorkerConfig.DEFAULT_METADATA_FIELD);
        try (RawBulk bulk = new RawBulk(search)) {
            for (String index : indexes.values()) {
                bootstrap.ensure(index);
                bulk.submit(new IndexNames(index).write(), docs);
            }
            bulk.await();
        }
        for (String index : indexes.values()) {
            SearchReply refreshed = search.refresh(index);
            if (!refreshed.ok()) {
                throw new BenchmarkException("cannot refresh " + index + ": " + refreshed.describe());
            }
        }
        out.printf(Locale.ROOT, "indexed %d sample posts into %s%n", docs.size(), String.join(", ", indexes.values()));
        out.flush();
    }

    private Result measure(Map<TextAnalysis, String> indexes, List<RawBulk.Doc> docs, List<String> texts) {
        List<QueryResult> results = new ArrayList<>();
        for (KoreanRelevance.Query query : KoreanRelevance.QUERIES) {
            Set<String> relevant = new HashSet<>();
            for (int i = 0; i < docs.size(); i++) {
                if (query.judges(texts.get(i))) {
                    relevant.add(docs.get(i).id());
                }
            }
            if (relevant.isEmpty()) {
                throw new BenchmarkException("no sample post among the first " + docs.size() + " is relevant to '" + query.text()
                        + "': index more posts");
            }
            Map<TextAnalysis, Score> scores = new EnumMap<>(TextAnalysis.class);
            indexes.forEach((a, index) -> scores.put(a, score(index, query.text(), relevant)));
            int best = Math.min(K, relevant.size());
            results.add(new QueryResult(query, relevant.size(),
                    new Score((double) best / relevant.size(), (double) best / K, relevant.size()), scores));
        }
        Map<TextAnalysis, Score> means = new EnumMap<>(TextAnalysis.class);
        for (TextAnalysis a : TextAnalysis.values()) {
            means.put(a, mean(results.stream().map(r -> r.scores().get(a)).toList()));
        }
        return new Result(docs.size(), results, mean(results.stream().map(QueryResult::ideal).toList()), means);
    }

    private Score score(String index, String text, Set<String> relevant) {
        ObjectNode request = F.objectNode();
        request.put("size", K);
        request.put("_source", false);
        request.put("track_total_hits", true);
        ObjectNode match = request.putObject("query").putObject("multi_match");
        match.put("query", text);
        match.putArray("fields").add("title").add(SamplePosts.BODY_TEXT);
        SearchReply reply = search.search(index, request);
        if (!reply.ok()) {
            throw new BenchmarkException("search '" + text + "' on " + index + " failed: " + reply.describe());
        }
        List<String> top = new ArrayList<>();
        for (JsonNode hit : reply.body().path("hits").path("hits")) {
            top.add(hit.path("_id").asText());
        }
        long found = top.stream().limit(K).filter(relevant::contains).count();
        return new Score((double) found / relevant.size(), (double) found / K, reply.body().path("hits").path("total").path("value").asLong());
    }

    private static Score mean(List<Score> scores) {
        return new Score(scores.stream().mapToDouble(Score::recall).average().orElse(0),
                scores.stream().mapToDouble(Score::precision).average().orElse(0),
                scores.stream().mapToLong(Score::matched).sum());
    }

    private void drop(String index) {
        IndexNames names = new IndexNames(index);
        search.deleteIndex(names.physical(IndexNames.FIRST_GENERATION));
        search.deleteIndexTemplate(names.template());
    }

    /**
     * The result as a Markdown table: per query the relevant posts, the ideal recall@10 / precision@10, and per
     * analysis recall@10 / precision@10 / posts matched; the last row the means (matched: the sum).
     */
    public static String table(Result r) {
        StringBuilder t = new StringBuilder();
        t.append("| query | relevant | ideal R@10 / P@10 |");
        for (TextAnalysis a : TextAnalysis.values()) {
            t.append(' ').append(a.configName()).append(" R@10 / P@10 / matched |");
        }
        t.append('\n').append("|---|---:|---:|");
        t.append("---:|".repeat(TextAnalysis.values().length)).append('\n');
        for (QueryResult q : r.queries()) {
            t.append("| ").append(q.query().text()).append(" | ").append(q.relevant()).append(" | ").append(pair(q.ideal())).append(" |");
            for (TextAnalysis a : TextAnalysis.values()) {
                t.append(' ').append(triple(q.scores().get(a))).append(" |");
            }
            t.append('\n');
        }
        t.append("| **mean of ").append(r.queries().size()).append("** | ").append(r.ideal().matched()).append(" | ")
                .append(pair(r.ideal())).append(" |");
        for (TextAnalysis a : TextAnalysis.values()) {
            t.append(" **").append(triple(r.means().get(a))).append("** |");
        }
        return t.append('\n').toString();
    }

    private static String triple(Score s) {
        return pair(s) + " / " + s.matched();
    }

    private static String pair(Score s) {
        return String.format(Locale.ROOT, "%.2f / %.2f", s.recall(), s.precision());
    }
}

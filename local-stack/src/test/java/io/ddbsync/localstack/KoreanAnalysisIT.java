package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Korean analysis on the real local node, with the names Amazon OpenSearch Service's nori plugin registers.
 * On the 2.x layout the build installs our {@code analysis-nori} (module opensearch-nori-local); on 3.x there is
 * none, and a template asking for nori is refused — loudly, never indexed with some other analyzer.
 */
class KoreanAnalysisIT {
    private static final String SENTENCE = "춘천에서 닭갈비를 먹었다";
    /** The custom analyzer a template for the service would declare. */
    private static final String KOREAN_ANALYZER =
            "{\"type\":\"custom\",\"tokenizer\":\"nori_tokenizer\",\"filter\":[\"nori_part_of_speech\",\"nori_readingform\",\"lowercase\"]}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static URI endpoint;

    @BeforeAll
    static void node() {
        endpoint = LocalOpenSearch.shared().endpoint();
    }

    static boolean koreanAnalysisInstalled() {
        return LocalStackLayout.load().openSearchVersion().startsWith("2.");
    }

    static boolean noKoreanAnalysis() {
        return !koreanAnalysisInstalled();
    }

    @Test
    @EnabledIf("koreanAnalysisInstalled")
    void catPlugins_openSearch2_listsAnalysisNori() throws Exception {
        assertThat(LocalOpenSearch.shared().plugins()).containsExactly("analysis-nori");

        JsonNode plugins = JSON.readTree(send("GET", "/_cat/plugins?format=json", null).body());

        assertThat(plugins.findValuesAsText("component")).containsExactly("analysis-nori");
    }

    @Test
    @EnabledIf("koreanAnalysisInstalled")
    void analyze_customNoriAnalyzer_keepsNounsDropsParticlesAndSplitsCompound() throws Exception {
        String index = createIndex(analysis("\"korean\":" + KOREAN_ANALYZER, ""), "korean");

        List<String> tokens = analyze(index, "korean", SENTENCE);

        // 닭갈비 is a compound in nori's dictionary: decompound_mode discard (the default) indexes 닭 + 갈비
        assertThat(tokens).containsExactly("춘천", "닭", "갈비", "먹");
    }

    @Test
    @EnabledIf("koreanAnalysisInstalled")
    void analyze_mixedDecompound_keepsCompoundBesideItsParts() throws Exception {
        String index = createIndex(analysis(
                "\"korean\":{\"type\":\"custom\",\"tokenizer\":\"nori_mixed\",\"filter\":[\"nori_part_of_speech\",\"nori_readingform\",\"lowercase\"]}",
                "\"tokenizer\":{\"nori_mixed\":{\"type\":\"nori_tokenizer\",\"decompound_mode\":\"mixed\"}}"), "korean");

        assertThat(analyze(index, "korean", SENTENCE)).containsExactly("춘천", "닭갈비", "닭", "갈비", "먹");
    }

    @Test
    @EnabledIf("koreanAnalysisInstalled")
    void analyze_builtInNoriAnalyzer_sameTokens() throws Exception {
        String index = createIndex("{}", "nori");

        assertThat(analyze(index, "nori", SENTENCE)).containsExactly("춘천", "닭", "갈비", "먹");
    }

    @Test
    @EnabledIf("koreanAnalysisInstalled")
    void match_koreanWordWithoutParticle_findsTextWithParticle() throws Exception {
        String custom = createIndex(analysis("\"korean\":" + KOREAN_ANALYZER, ""), "korean");
        String builtIn = createIndex("{}", "nori");
        String standard = createIndex("{}", "standard");
        for (String index : List.of(custom, builtIn, standard)) {
            put(index, "chuncheon", SENTENCE);
            put(index, "busan", "부산에서 돼지국밥을 먹었다");
            send("POST", "/" + index + "/_refresh", null);
        }

        for (String index : List.of(custom, builtIn)) {
            assertThat(matching(index, "닭갈비")).as(index).containsExactly("chuncheon");
            assertThat(matching(index, "춘천")).as(index).containsExactly("chuncheon");
            assertThat(matching(index, "돼지국밥")).as(index).containsExactly("busan");
        }
        // what the issue saw without Korean analysis: whole words with particles attached, no match
        assertThat(matching(standard, "닭갈비")).isEmpty();
    }

    @Test
    @EnabledIf("koreanAnalysisInstalled")
    void createIndex_unknownDecompoundMode_refusedNamingSetting() throws Exception {
        HttpResponse<String> response = send("PUT", "/korean-" + UUID.randomUUID(), settingsBody(analysis("",
                "\"tokenizer\":{\"bad\":{\"type\":\"nori_tokenizer\",\"decompound_mode\":\"split\"}}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("decompound_mode").contains("split");
    }

    @Test
    @EnabledIf("noKoreanAnalysis")
    void createIndex_noriOnOpenSearch3_refusedNamingTheTokenizer() throws Exception {
        assertThat(LocalOpenSearch.shared().plugins()).isEmpty();

        String name = "korean-" + UUID.randomUUID();
        HttpResponse<String> response = send("PUT", "/" + name, settingsBody(analysis("\"korean\":" + KOREAN_ANALYZER, "")));

        System.out.println("OpenSearch " + LocalOpenSearch.shared().version() + " refused the nori template: " + response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("nori_tokenizer");
        assertThat(send("HEAD", "/" + name, null).statusCode()).isEqualTo(404);
    }

    /** {@code "analysis": {"analyzer": {…}, <extra>}} or empty braces. */
    private static String analysis(String analyzers, String extra) {
        List<String> parts = new ArrayList<>();
        if (!analyzers.isEmpty()) {
            parts.add("\"analyzer\":{" + analyzers + "}");
        }
        if (!extra.isEmpty()) {
            parts.add(extra);
        }
        return "{" + String.join(",", parts) + "}";
    }

    private static String settingsBody(String analysis) {
        return "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"analysis\":" + analysis + "}}";
    }

    /** An index whose {@code text} field uses {@code analyzer}. */
    private static String createIndex(String analysis, String analyzer) throws Exception {
        String index = "korean-" + UUID.randomUUID().toString().toLowerCase(Locale.ROOT);
        String body = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"analysis\":" + analysis + "},"
                + "\"mappings\":{\"properties\":{\"text\":{\"type\":\"text\",\"analyzer\":\"" + analyzer + "\"}}}}";
        HttpResponse<String> response = send("PUT", "/" + index, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return index;
    }

    private static List<String> analyze(String index, String analyzer, String text) throws Exception {
        HttpResponse<String> response = send("POST", "/" + index + "/_analyze",
                JSON.writeValueAsString(Map.of("analyzer", analyzer, "text", text)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> tokens = JSON.readTree(response.body()).path("tokens").findValuesAsText("token");
        System.out.println("_analyze " + analyzer + " \"" + text + "\" -> " + tokens);
        return tokens;
    }

    private static void put(String index, String id, String text) throws Exception {
        HttpResponse<String> response = send("PUT", "/" + index + "/_doc/" + id, JSON.writeValueAsString(Map.of("text", text)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static List<String> matching(String index, String query) throws Exception {
        HttpResponse<String> response = send("POST", "/" + index + "/_search",
                JSON.writeValueAsString(Map.of("query", Map.of("match", Map.of("text", query)))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("hits").path("hits").findValuesAsText("_id");
    }

    private static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

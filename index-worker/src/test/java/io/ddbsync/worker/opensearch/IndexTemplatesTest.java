package io.ddbsync.worker.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.model.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexTemplatesTest {

    @Test
    void templateBody_noCustomTemplate_numbersDoubleStringsTextWithKeyword() {
        JsonNode body = new IndexTemplates(Map.of(), "ddbsync").templateBody("posts");
        JsonNode dyn = body.at("/mappings/dynamic_templates");
        assertThat(dyn.toString()).contains("\"match_mapping_type\":\"long\",\"mapping\":{\"type\":\"double\"}")
                .contains("\"match_mapping_type\":\"double\",\"mapping\":{\"type\":\"double\"}")
                .contains("\"type\":\"text\",\"fields\":{\"keyword\":{\"type\":\"keyword\"");
        assertThat(body.at("/mappings/properties/ddbsync/properties/version/type").asText()).isEqualTo("keyword");
        assertThat(body.at("/mappings/properties/ddbsync/properties/deleted/type").asText()).isEqualTo("boolean");
    }

    @Test
    void fromEnv_customTemplate_replacesDefaultAndKeepsMetadata() {
        IndexTemplates t = IndexTemplates.fromEnv(Map.of(IndexTemplates.ENV,
                "{\"posts\":{\"settings\":{\"index.gc_deletes\":\"1s\"},\"mappings\":{\"properties\":{\"n\":{\"type\":\"integer\"}}}}}"), "meta");
        JsonNode body = t.templateBody("posts");
        assertThat(body.at("/settings/index.gc_deletes").asText()).isEqualTo("1s");
        assertThat(body.at("/mappings/properties/n/type").asText()).isEqualTo("integer");
        assertThat(body.at("/mappings/dynamic_templates").isMissingNode()).isTrue();
        assertThat(body.at("/mappings/properties/meta/properties/version/type").asText()).isEqualTo("keyword");
        assertThat(t.templateBody("other").at("/mappings/dynamic_templates").isArray()).isTrue();
    }

    @Test
    void fromEnv_settingsOnly_keepsDefaultMappings() {
        IndexTemplates t = IndexTemplates.fromEnv(Map.of(IndexTemplates.ENV,
                "{\"posts\":{\"settings\":{\"number_of_replicas\":0}}}"), "meta");
        JsonNode body = t.templateBody("posts");
        assertThat(body.at("/settings/number_of_replicas").asInt()).isZero();
        assertThat(body.at("/mappings/dynamic_templates").isArray()).isTrue();
        assertThat(body.at("/mappings/properties/meta/properties/version/type").asText()).isEqualTo("keyword");
    }

    @Test
    void fromEnv_invalidJson_namesTheVariable() {
        assertThatThrownBy(() -> IndexTemplates.fromEnv(Map.of(IndexTemplates.ENV, "{nope"), "ddbsync"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(IndexTemplates.ENV);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "[]|must be a JSON object",
        "{\"posts\":5}|the value for index posts must be a JSON object",
        "{\"posts\":{\"settings\":5}}|index posts: settings must be a JSON object",
        "{\"posts\":{\"mappings\":[]}}|index posts: mappings must be a JSON object",
        "{\"posts\":{\"mappings\":{\"properties\":5}}}|index posts: mappings.properties must be a JSON object",
        "{\"posts\":{\"mapping\":{}}}|index posts: unknown key 'mapping'",
        "{\"Posts\":{}}|key Posts: index name 'Posts' must be lowercase",
        "{\"posts\":{\"mappings\":{\"properties\":{\"ddbsync\":{\"type\":\"keyword\"}}}}}|must not map ddbsync",
    })
    void fromEnv_malformedShape_failsAtStartNamingTheVariable(String json, String expected) {
        assertThatThrownBy(() -> IndexTemplates.fromEnv(Map.of(IndexTemplates.ENV, json), "ddbsync"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(IndexTemplates.ENV + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void fromEnv_koreanAnalysis_defaultAnalyzerIsNoriUnderTheServiceNames() {
        IndexTemplates t = IndexTemplates.fromEnv(Map.of(IndexTemplates.TEXT_ANALYSIS_ENV, "posts=korean, other=cjk"), "meta");

        JsonNode posts = t.templateBody("posts");
        assertThat(posts.at("/settings/analysis/analyzer/default/tokenizer").asText()).isEqualTo(TextAnalysis.KOREAN_TOKENIZER);
        assertThat(posts.at("/settings/analysis/analyzer/default/filter").toString())
                .isEqualTo("[\"nori_part_of_speech\",\"nori_readingform\",\"lowercase\"]");
        assertThat(posts.at("/settings/analysis/tokenizer/" + TextAnalysis.KOREAN_TOKENIZER + "/type").asText()).isEqualTo("nori_tokenizer");
        assertThat(posts.at("/settings/analysis/tokenizer/" + TextAnalysis.KOREAN_TOKENIZER + "/decompound_mode").asText()).isEqualTo("mixed");
        assertThat(posts.at("/mappings/dynamic_templates").isArray()).isTrue();
        assertThat(t.templateBody("other").at("/settings/analysis/analyzer/default/type").asText()).isEqualTo("cjk");
        assertThat(t.templateBody("unlisted").has("settings")).isFalse();
        assertThat(t.analysisOf("unlisted")).isEqualTo(TextAnalysis.STANDARD);
    }

    @Test
    void fromEnv_koreanWithCustomSettings_mergesIntoTheTemplatesAnalysis() {
        IndexTemplates t = IndexTemplates.fromEnv(Map.of(
                IndexTemplates.ENV, "{\"posts\":{\"settings\":{\"number_of_replicas\":0,\"analysis\":{\"analyzer\":{\"exact\":{\"type\":\"keyword\"}}}}}}",
                IndexTemplates.TEXT_ANALYSIS_ENV, "posts=korean"), "meta");

        JsonNode settings = t.templateBody("posts").get("settings");

        assertThat(settings.at("/number_of_replicas").asInt()).isZero();
        assertThat(settings.at("/analysis/analyzer/exact/type").asText()).isEqualTo("keyword");
        assertThat(settings.at("/analysis/analyzer/default/type").asText()).isEqualTo("custom");
    }

    @Test
    void fromEnv_customTemplateWithItsOwnDefaultAnalyzer_failsNamingBoth() {
        assertThatThrownBy(() -> IndexTemplates.fromEnv(Map.of(
                IndexTemplates.ENV, "{\"posts\":{\"settings\":{\"index.analysis.analyzer.default.type\":\"whitespace\"}}}",
                IndexTemplates.TEXT_ANALYSIS_ENV, "posts=korean"), "meta"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(IndexTemplates.TEXT_ANALYSIS_ENV + ": index posts")
                .hasMessageContaining(IndexTemplates.ENV);
    }

    @Test
    void fromEnv_badTextAnalysis_failsNamingTheVariable() {
        assertThatThrownBy(() -> IndexTemplates.fromEnv(Map.of(IndexTemplates.TEXT_ANALYSIS_ENV, "posts=nori"), "meta"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(IndexTemplates.TEXT_ANALYSIS_ENV + ": unknown text analysis 'nori' (one of standard, cjk, korean)");
        assertThatThrownBy(() -> IndexTemplates.fromEnv(Map.of(IndexTemplates.TEXT_ANALYSIS_ENV, "posts"), "meta"))
                .hasMessageStartingWith(IndexTemplates.TEXT_ANALYSIS_ENV + ": entry 'posts'");
        assertThatThrownBy(() -> IndexTemplates.fromEnv(Map.of(IndexTemplates.TEXT_ANALYSIS_ENV, "Posts=korean"), "meta"))
                .hasMessageStartingWith(IndexTemplates.TEXT_ANALYSIS_ENV + ": index Posts");
    }
}

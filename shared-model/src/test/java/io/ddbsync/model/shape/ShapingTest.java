package io.ddbsync.model.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.ConfigException;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShapingTest {

    /** A post as the seed post's table holds it: typed blocks of paragraphs, an image, a code block. */
    private static final String POST = """
            {"id":{"S":"p1"},"title":{"S":"춘천 이야기"},"author":{"S":"Admin1"},"status":{"S":"draft"},"year":{"N":"2026"},
             "draft":{"BOOL":true},
             "blocks":{"L":[
               {"M":{"type":{"S":"paragraph"},"text":{"S":"첫 문단"}}},
               {"M":{"type":{"S":"image"},"image":{"M":{"src":{"S":"https://x/1.png"},"alt":{"S":"호수 사진"},"width":{"N":"640"}}}}},
               {"M":{"type":{"S":"code"},"language":{"S":"ts"},"code":{"S":"index(post);"}}},
               {"M":{"type":{"S":"quote"},"text":{"S":"인용"}}}]}}
            """;

    private static final String ALL_STEPS = """
            {"Posts":[
              {"flatten_blocks":{"from":"blocks","to":"body_text"}},
              {"rename":{"from":"title","to":"headline"}},
              {"drop":{"fields":["draft"]}},
              {"copy_to":{"from":"headline","to":"headline_exact"}},
              {"computed_keyword":{"to":"author_year","from":["author","year"],"separator":"/","lowercase":true}}]}
            """;

    private static ObjectNode shaped(String definition, String table) throws Exception {
        DocumentConverter converter = new TableRules(Map.of(), Map.of(), Map.of(), "ddbsync", Shaping.parse(definition))
                .converterFor(table);
        return converter.toDocument((ObjectNode) Json.MAPPER.readTree(POST));
    }

    @Test
    void toDocument_everyStep_shapesTheConvertedDocumentInOrder() throws Exception {
        ObjectNode doc = shaped(ALL_STEPS, "Posts");

        assertThat(doc.get("body_text").asText()).isEqualTo("첫 문단\n호수 사진\nindex(post);\n인용");
        assertThat(doc.has("blocks")).as("flatten_blocks keeps the list by default").isTrue();
        assertThat(doc.has("title")).isFalse();
        assertThat(doc.get("headline").asText()).isEqualTo("춘천 이야기");
        assertThat(doc.get("headline_exact").asText()).isEqualTo("춘천 이야기");
        assertThat(doc.has("draft")).isFalse();
        assertThat(doc.get("author_year").asText()).isEqualTo("admin1/2026");
    }

    @Test
    void toDocument_otherTable_notShaped() throws Exception {
        ObjectNode doc = shaped(ALL_STEPS, "Orders");

        assertThat(doc.has("body_text")).isFalse();
        assertThat(doc.get("title").asText()).isEqualTo("춘천 이야기");
    }

    @Test
    void flattenBlocks_keepFalseAndOwnKeys_listRemovedOnlyThoseKeysJoined() throws Exception {
        ObjectNode doc = shaped("{\"Posts\":[{\"flatten_blocks\":{\"from\":\"blocks\",\"to\":\"body\",\"keys\":[\"text\"],"
                + "\"separator\":\" | \",\"keep\":false}}]}", "Posts");

        assertThat(doc.get("body").asText()).isEqualTo("첫 문단 | 인용");
        assertThat(doc.has("blocks")).isFalse();
    }

    @Test
    void parse_toJsonThenParse_sameDefinitionWithEveryDefaultWrittenOut() {
        Shaping definition = Shaping.parse(ALL_STEPS);

        ObjectNode json = definition.toJson();

        assertThat(Shaping.parse(json.toString())).isEqualTo(definition);
        assertThat(json.at("/Posts/0/flatten_blocks/keys").toString()).isEqualTo("[\"text\",\"alt\",\"caption\",\"code\"]");
        assertThat(json.at("/Posts/0/flatten_blocks/keep").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{\"Posts\":[{\"upper\":{\"field\":\"title\"}}]}; table Posts, step 1 (upper): unknown step 'upper'",
            "{\"Posts\":[{\"rename\":{\"from\":\"title\"}}]}; table Posts, step 1 (rename): rename.to is required",
            "{\"Posts\":[{\"rename\":{\"from\":\"a\",\"to\":\"b\",\"too\":1}}]}; unknown argument rename.too",
            "{\"Posts\":[{\"drop\":{\"fields\":\"draft\"}}]}; drop.fields must be an array of strings",
            "{\"Posts\":{\"rename\":{}}}; table Posts: the steps must be a JSON array",
            "[1]; must be a JSON object of table name to an array of steps",
            "{\"Posts\":[{\"rename\":{\"from\":\"a\",\"to\":\"b\"},\"drop\":{\"fields\":[\"c\"]}}]}; a step is an object with one key"})
    void parse_malformed_failsNamingTableStepAndArgument(String definition, String message) {
        assertThatThrownBy(() -> Shaping.parse(definition)).isInstanceOf(ShapingException.class).hasMessageContaining(message);
    }

    @Test
    void tableRules_stepWritingTheMetadataField_failsNamingTheVariable() {
        assertThatThrownBy(() -> TableRules.fromEnv(Map.of("DOCUMENT_SHAPING",
                "{\"Posts\":[{\"copy_to\":{\"from\":\"title\",\"to\":\"ddbsync\"}}]}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DOCUMENT_SHAPING").hasMessageContaining("table Posts")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("DOCUMENT_SHAPING"));
    }

    @Test
    void tableRules_notJson_failsNamingTheVariable() {
        assertThatThrownBy(() -> TableRules.fromEnv(Map.of("DOCUMENT_SHAPING", "{Posts:")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("DOCUMENT_SHAPING"));
    }

    @Test
    void parse_renameIntoAFieldNameOpenSearchRefuses_refused() {
        assertThatThrownBy(() -> Shaping.parse("{\"T\":[{\"rename\":{\"from\":\"title\",\"to\":\"a..b\"}}]}"))
                .isInstanceOf(ShapingException.class).hasMessageContaining("rename.to must be a field name");
    }

    @Test
    void documentField_renamedAndDropped_followsTheSteps() {
        DocumentConverter converter = new TableRules(Map.of(), Map.of(), Map.of(), "ddbsync", Shaping.parse(
                "{\"Tbl\":[{\"rename\":{\"from\":\"expires\",\"to\":\"ttl\"}},{\"drop\":{\"fields\":[\"secret\"]}}]}"))
                .converterFor("Tbl");

        assertThat(converter.documentField("expires")).contains("ttl");
        assertThat(converter.documentField("secret")).isEmpty();
        assertThat(converter.documentField("_version")).isEqualTo(Optional.of("$_version"));
    }

    @Test
    void toDocument_shapedIntoConflictingPaths_conversionErrorNotAWrite() throws Exception {
        DocumentConverter converter = new TableRules(Map.of(), Map.of(), Map.of(), "ddbsync", Shaping.parse(
                "{\"Posts\":[{\"copy_to\":{\"from\":\"title\",\"to\":\"author.name\"}}]}")).converterFor("Posts");

        assertThatThrownBy(() -> converter.toDocument((ObjectNode) Json.MAPPER.readTree(POST)))
                .isInstanceOf(ConversionException.class);
    }
}

package io.ddbsync.ops.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The types of each path across a sample, the conflicts they make and the mapping proposed for them. */
class TypeInferenceTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final DocumentConverter CONVERTER = new DocumentConverter(Set.of(), Set.of(), "ddbsync");

    @ParameterizedTest
    @CsvSource({
            "0, INTEGRAL", "42, INTEGRAL", "-7, INTEGRAL", "1E+3, INTEGRAL", "4.0, INTEGRAL",
            "9223372036854775807, INTEGRAL", "-9223372036854775808, INTEGRAL",
            "9223372036854775808, UNSIGNED", "18446744073709551615, UNSIGNED",
            "18446744073709551616, FRACTIONAL", "1E+30, FRACTIONAL", "9.99E+125, FRACTIONAL", "1E-130, FRACTIONAL",
            "1.5, FRACTIONAL", "0.1, FRACTIONAL", "123456789012.345, FRACTIONAL",
            "-9223372036854775809, BEYOND_DOUBLE", "18446744073709551617, BEYOND_DOUBLE",
            "3.14159265358979323846, BEYOND_DOUBLE", "12345678901234567.5, BEYOND_DOUBLE"})
    void number_value_classifiedByTheFieldTypeThatHoldsItExactly(String text, ValueType expected) {
        assertThat(ValueType.number(new BigDecimal(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-01-31|true", "2024-01|true", "2024-01-31T10:15:30Z|true", "2024-01-31T10:15:30.123+09:00|true",
            "2024-01-31T10:15|true", "2024/01/31 10:15:30 +0000|false", "2024/01/31|true", "2024/02/30|true", "2024/1/31|false", "2024/01/31 10:15:30|true",
            "2024|false", "20240131|false", "1.5|false", "2024-13-01|false", "2024-02-30|false", "hello|false",
            "31.01.2024|false", "2024-01-31 10:15:30|false", "v2024-01-31|false"})
    void detects_text_asOpenSearchsDefaultDynamicDateFormats(String text, boolean expected) {
        assertThat(DateDetection.detects(text)).isEqualTo(expected);
    }

    @Test
    void add_nestedMapsListsAndDottedNames_pathsAsOpenSearchExpandsThem() {
        TypeInference inference = new TypeInference(2);
        add(inference, "k1", "{\"id\":{\"S\":\"1\"},\"a.b\":{\"N\":\"1\"},\"tags\":{\"SS\":[\"x\",\"y\"]},"
                + "\"blocks\":{\"L\":[{\"M\":{\"type\":{\"S\":\"p\"},\"n\":{\"N\":\"2.5\"}}},{\"M\":{\"type\":{\"S\":\"q\"}}}]},"
                + "\"blob\":{\"B\":\"AAEC\"},\"ok\":{\"BOOL\":true},\"gone\":{\"NULL\":true}}");
        Map<String, PathStats> paths = inference.paths();
        assertThat(paths).containsOnlyKeys("id", "a", "a.b", "tags", "blocks", "blocks.type", "blocks.n", "blob", "ok", "gone");
        assertThat(paths.get("a").types()).containsExactly(ValueType.OBJECT);
        assertThat(paths.get("a.b").types()).containsExactly(ValueType.INTEGRAL);
        assertThat(paths.get("tags").count(ValueType.STRING)).isEqualTo(2);
        assertThat(paths.get("tags").lists()).isEqualTo(1);
        assertThat(paths.get("tags").dynamoTypes()).containsExactly("SS");
        assertThat(paths.get("blocks").count(ValueType.OBJECT)).isEqualTo(2);
        assertThat(paths.get("blocks").dynamoTypes()).containsExactly("L", "M");
        assertThat(paths.get("blocks.type").count(ValueType.STRING)).isEqualTo(2);
        assertThat(paths.get("blocks.n").types()).containsExactly(ValueType.FRACTIONAL);
        assertThat(paths.get("blob").dynamoTypes()).containsExactly("B");
        assertThat(paths.get("ok").types()).containsExactly(ValueType.BOOLEAN);
        assertThat(paths.get("gone").types()).containsExactly(ValueType.NULL);
        assertThat(paths.get("blocks.type").samples(ValueType.STRING)).containsExactly("k1");
    }

    @Test
    void plan_oneKindPerPath_noConflictAndAnExplicitMappingForEachPath() {
        TypeInference inference = new TypeInference(3);
        add(inference, "k1", "{\"id\":{\"S\":\"1\"},\"n\":{\"N\":\"1\"},\"r\":{\"N\":\"1.5\"},\"m\":{\"M\":{\"x\":{\"BOOL\":true}}}}");
        add(inference, "k2", "{\"id\":{\"S\":\"2\"},\"n\":{\"N\":\"2\"},\"r\":{\"N\":\"2.5\"},\"m\":{\"M\":{\"x\":{\"NULL\":true}}}}");
        MappingPlan plan = MappingPlan.of(inference, 2, true, MappingPlan.Settings.defaults("ddbsync"));
        assertThat(plan.conflicts()).isEmpty();
        ObjectNode mappings = (ObjectNode) plan.template().get("mappings");
        assertThat(plan.template().has("settings")).isFalse();
        assertThat(mappings.get("dynamic").asText()).isEqualTo("true");
        assertThat(mappings.get("date_detection").asBoolean()).isFalse();
        assertThat(mappings.get("dynamic_templates")).hasSize(3);
        ObjectNode p = (ObjectNode) mappings.get("properties");
        assertThat(p.at("/id/type").asText()).isEqualTo("text");
        assertThat(p.at("/id/fields/keyword/type").asText()).isEqualTo("keyword");
        assertThat(p.at("/n/type").asText()).isEqualTo("long");
        assertThat(p.at("/r/type").asText()).isEqualTo("double");
        assertThat(p.at("/m/properties/x/type").asText()).isEqualTo("boolean");
        assertThat(plan.fields()).isEqualTo(MappingPlan.METADATA_FIELDS + 2 + 1 + 1 + 2);
    }

    @Test
    void plan_eachKindOfConflict_namedByPathWithCountsAndKeysAndAMappingThatTakesEveryValue() {
        TypeInference inference = new TypeInference(2);
        add(inference, "k1", "{\"mixed\":{\"S\":\"five\"},\"shape\":{\"M\":{\"a\":{\"N\":\"1\"}}},\"score\":{\"N\":\"1\"},"
                + "\"big\":{\"N\":\"1\"},\"pi\":{\"N\":\"3.14159265358979323846\"},\"when\":{\"S\":\"2024-01-31\"}}");
        add(inference, "k2", "{\"mixed\":{\"N\":\"5\"},\"shape\":{\"S\":\"flat\"},\"score\":{\"N\":\"1.5\"},"
                + "\"big\":{\"N\":\"18446744073709551615\"},\"pi\":{\"N\":\"3\"},\"when\":{\"S\":\"later\"}}");
        add(inference, "k3", "{\"mixed\":{\"BOOL\":false}}");
        MappingPlan plan = MappingPlan.of(inference, 3, true, MappingPlan.Settings.defaults("ddbsync"));

        assertThat(plan.conflicts()).extracting(c -> c.path() + ":" + c.kind().label() + ":" + c.count() + ":" + c.sampleKeys())
                .containsExactly(
                        "big:number-precision:1:[k2]",
                        "mixed:types:3:[k1, k2]",
                        "pi:types:2:[k2, k1]",
                        "pi:number-precision:1:[k1]",
                        "score:types:2:[k1, k2]",
                        "shape:types:2:[k2, k1]",
                        "when:date-detection:1:[k1]");
        ObjectNode p = (ObjectNode) plan.template().get("mappings").get("properties");
        assertThat(p.at("/mixed/type").asText()).isEqualTo("text");
        assertThat(p.at("/shape/type").asText()).isEqualTo("object");
        assertThat(p.at("/shape/enabled").asBoolean(true)).isFalse();
        assertThat(p.at("/shape/properties").isMissingNode()).isTrue();
        assertThat(p.at("/score/type").asText()).isEqualTo("double");
        assertThat(p.at("/big/type").asText()).isEqualTo("unsigned_long");
        assertThat(p.at("/pi/type").asText()).isEqualTo("keyword");
        assertThat(p.at("/pi/fields/double/type").asText()).isEqualTo("double");
        assertThat(p.at("/when/fields/date/type").asText()).isEqualTo("date");
        assertThat(p.at("/when/fields/date/ignore_malformed").asBoolean()).isTrue();
        assertThat(plan.conflicts()).allSatisfy(c -> assertThat(c.detail()).doesNotContain("five", "flat", "3.14159", "later",
                "18446744073709551615", "2024-01-31"));
    }

    @Test
    void plan_longsBeyondTwoToThe53NextToFractions_keywordNotADoubleThatRoundsThem() {
        TypeInference inference = new TypeInference(2);
        add(inference, "k1", "{\"n\":{\"N\":\"9007199254740993\"}}");
        add(inference, "k2", "{\"n\":{\"N\":\"0.5\"}}");
        MappingPlan plan = MappingPlan.of(inference, 2, true, MappingPlan.Settings.defaults("ddbsync"));
        assertThat(plan.template().at("/mappings/properties/n/type").asText()).isEqualTo("keyword");
        assertThat(plan.conflicts()).extracting(c -> c.kind()).contains(Conflict.Kind.PRECISION, Conflict.Kind.TYPES);
    }

    @Test
    void plan_negativeLongsNextToUnsignedOnes_keyword() {
        TypeInference inference = new TypeInference(2);
        add(inference, "k1", "{\"n\":{\"N\":\"-1\"}}");
        add(inference, "k2", "{\"n\":{\"N\":\"18446744073709551615\"}}");
        MappingPlan plan = MappingPlan.of(inference, 2, true, MappingPlan.Settings.defaults("ddbsync"));
        assertThat(plan.template().at("/mappings/properties/n/type").asText()).isEqualTo("keyword");
    }

    @Test
    void plan_refusedItems_depthAndOtherReasonsAsConflictsWithoutArrayPositions() {
        TypeInference inference = new TypeInference(2);
        StringBuilder deep = new StringBuilder("{\"S\":\"x\"}");
        for (int i = 0; i < 20; i++) {
            deep.insert(0, "{\"M\":{\"d\":").append("}}");
        }
        refuse(inference, "k1", "{\"deep\":" + deep + "}");
        refuse(inference, "k2", "{\"l\":{\"L\":[{\"M\":{\"x\":{\"L\":[{\"S\":\"a\"},{\"N\":\"1\"}]}}}]}}");
        MappingPlan plan = MappingPlan.of(inference, 2, true, MappingPlan.Settings.defaults("ddbsync"));
        assertThat(plan.documents()).isZero();
        assertThat(plan.conflicts()).extracting(c -> c.path() + ":" + c.kind().label() + ":" + c.sampleKeys())
                .containsExactly("deep" + ".d".repeat(19) + ":depth:[k1]", "l.x:types:[k2]");
    }

    @Test
    void plan_moreFieldsThanTheLimit_totalFieldsConflictAndTheLimitRaisedInTheSettings() {
        TypeInference inference = new TypeInference(2);
        StringBuilder item = new StringBuilder("{\"id\":{\"S\":\"1\"},\"scores\":{\"M\":{");
        for (int i = 0; i < 30; i++) {
            item.append(i > 0 ? "," : "").append("\"u").append(i).append("\":{\"N\":\"").append(i).append("\"}");
        }
        add(inference, "k1", item.append("}}}").toString());
        MappingPlan plan = MappingPlan.of(inference, 1, true, new MappingPlan.Settings(MappingPlan.Dynamic.STRICT, 20, "ddbsync"));
        assertThat(plan.fields()).isEqualTo(MappingPlan.METADATA_FIELDS + 2 + 1 + 30);
        assertThat(plan.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Conflict.Kind.TOTAL_FIELDS);
            assertThat(c.path()).isEqualTo("scores");
            assertThat(c.count()).isEqualTo(MappingPlan.METADATA_FIELDS + 2 + 1 + 30);
            assertThat(c.sampleKeys()).containsExactly("k1");
        });
        assertThat(plan.template().at("/settings/index/mapping/total_fields/limit").asInt()).isEqualTo(100);
        assertThat(plan.template().at("/mappings/dynamic").asText()).isEqualTo("strict");
        assertThat(plan.template().at("/mappings/dynamic_templates").isMissingNode()).isTrue();
        assertThat(MappingPlan.proposedLimit(1200)).isEqualTo(1500);
    }

    private static void add(TypeInference inference, String key, String image) {
        ObjectNode item = read(image);
        inference.add(key, CONVERTER.toDocument(item), item, (Function<String, String>) CONVERTER::fieldName);
    }

    private static void refuse(TypeInference inference, String key, String image) {
        try {
            CONVERTER.toDocument(read(image));
        } catch (ConversionException e) {
            inference.refused(key, e);
            return;
        }
        throw new AssertionError("the converter took " + image);
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) M.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

}

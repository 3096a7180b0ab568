package io.ddbsync.model.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentConverterTest {

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static String convert(String image) {
        return Json.write(DocumentConverter.convert(json(image)));
    }

    @Test
    void toDocument_allTenTypes_convertAsDesigned() {
        String image = "{\"s\":{\"S\":\"héllo\"},\"n\":{\"N\":\"42\"},\"t\":{\"BOOL\":true},\"f\":{\"BOOL\":false},"
                + "\"z\":{\"NULL\":true},\"b\":{\"B\":\"AAEC\"},\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2.50\"]},"
                + "\"bs\":{\"BS\":[\"AA==\",\"AQ==\"]},\"l\":{\"L\":[{\"S\":\"x\"},{\"NULL\":true}]},"
                + "\"m\":{\"M\":{\"k\":{\"N\":\"-1\"}}}}";

        assertThat(convert(image)).isEqualTo("{\"s\":\"héllo\",\"n\":42,\"t\":true,\"f\":false,\"z\":null,"
                + "\"b\":\"AAEC\",\"ss\":[\"a\",\"b\"],\"ns\":[1,2.50],\"bs\":[\"AA==\",\"AQ==\"],\"l\":[\"x\",null],"
                + "\"m\":{\"k\":-1}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567890.123456789", "-0", "1E+3", "0.10", "1e-130", "-9.9999999999999999999999999999999999999E+125"})
    void toDocument_numbers_keepExactDecimalText(String n) {
        String doc = convert("{\"n\":{\"N\":\"" + n + "\"},\"ns\":{\"NS\":[\"" + n + "\"]}}");

        assertThat(doc).isEqualTo("{\"n\":" + n + ",\"ns\":[" + n + "]}");
    }

    @Test
    void toDocument_number_isANumberNodeForTreeReaders() {
        JsonNode n = DocumentConverter.convert(json("{\"n\":{\"N\":\"12345678901234567890.123456789\"}}")).get("n");

        assertThat(n.isNumber()).isTrue();
        assertThat(n.decimalValue()).isEqualByComparingTo(new BigDecimal("12345678901234567890.123456789"));
    }

    @Test
    void toDocument_serializedDocument_parsesBackToSameNumbers() throws Exception {
        String doc = convert("{\"n\":{\"N\":\"12345678901234567890.123456789\"},\"m\":{\"N\":\"-0\"}}");

        JsonNode back = Json.MAPPER.readTree(doc);

        assertThat(back.get("n").decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(back.get("m").isNumber()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"+5, 5", ".5, 0.5", "5., 5", "007, 7", "-00.50, -0.50"})
    void toDocument_dynamoNumberNotValidJson_writtenInJsonForm(String n, String written) {
        assertThat(convert("{\"n\":{\"N\":\"" + n + "\"}}")).isEqualTo("{\"n\":" + written + "}");
    }

    @Test
    void toDocument_nestedMapsAndLists_convertRecursively() {
        String image = "{\"blocks\":{\"L\":[{\"M\":{\"type\":{\"S\":\"text\"},\"body\":{\"S\":\"\"},"
                + "\"tags\":{\"SS\":[\"x\"]},\"inner\":{\"L\":[{\"L\":[{\"N\":\"1\"}]},{\"N\":\"2\"}]}}}]}}";

        assertThat(convert(image)).isEqualTo(
                "{\"blocks\":[{\"type\":\"text\",\"body\":\"\",\"tags\":[\"x\"],\"inner\":[[1],2]}]}");
    }

    @Test
    void toDocument_emptyStringAndEmptyContainers_kept() {
        assertThat(convert("{\"s\":{\"S\":\"\"},\"l\":{\"L\":[]},\"m\":{\"M\":{}}}"))
                .isEqualTo("{\"s\":\"\",\"l\":[],\"m\":{}}");
    }

    @Test
    void toDocument_includeAndExclude_filterTopLevelAttributes() {
        ObjectNode image = json("{\"a\":{\"S\":\"1\"},\"b\":{\"S\":\"2\"},\"c\":{\"S\":\"3\"},\"ddbsync\":{\"S\":\"x\"}}");

        assertThat(Json.write(new DocumentConverter(Set.of("a", "b"), Set.of("b"), "ddbsync").toDocument(image)))
                .isEqualTo("{\"a\":\"1\"}");
        assertThat(Json.write(new DocumentConverter(Set.of(), Set.of("c", "ddbsync"), "ddbsync").toDocument(image)))
                .isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void toDocument_binary_isStandardBase64() {
        assertThat(convert("{\"b\":{\"B\":\"+/8=\"}}")).isEqualTo("{\"b\":\"+/8=\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // field names
        "{\"\":{\"S\":\"x\"}}|attribute '': empty field name",
        "{\"m\":{\"M\":{\"\":{\"S\":\"x\"}}}}|attribute 'm.': empty field name",
        "{\"  \":{\"S\":\"x\"}}|only whitespace",
        "{\"...\":{\"S\":\"x\"}}|starts or ends with '.'",
        "{\".a\":{\"S\":\"x\"}}|starts or ends with '.'",
        "{\"m\":{\"M\":{\"a.\":{\"S\":\"x\"}}}}|attribute 'm.a.': field name 'a.' starts or ends with '.'",
        "{\"a..b\":{\"S\":\"x\"}}|contains '..'",
        "{\"ddbsync..x\":{\"S\":\"x\"}}|attribute 'ddbsync..x': field name '$ddbsync..x' contains '..'",
        "{\"a\":{\"S\":\"x\"},\"a.b\":{\"S\":\"y\"}}|attribute 'a': would hold both string and object values (through field 'a.b')",
        "{\"a.b\":{\"S\":\"y\"},\"a\":{\"S\":\"x\"}}|attribute 'a': would hold both object and string values (through field 'a')",
        "{\"a\":{\"M\":{\"b\":{\"S\":\"x\"}}},\"a.b.c\":{\"S\":\"y\"}}|attribute 'a.b': would hold both string and object",
        "{\"a\":{\"M\":{\"b\":{\"N\":\"1\"}}},\"a.b\":{\"S\":\"y\"}}|attribute 'a.b': would hold both number and string",
        "{\"l\":{\"L\":[{\"M\":{\"x\":{\"S\":\"s\"}}}]},\"l.x\":{\"N\":\"1\"}}|attribute 'l.x': would hold both string and number",
        "{\"m\":{\"M\":{\"k\":{\"S\":\"s\"},\"k.z\":{\"S\":\"t\"}}}}|attribute 'm.k': would hold both string and object",
        // mixed lists
        "{\"l\":{\"L\":[{\"S\":\"x\"},{\"N\":\"1\"}]}}|attribute 'l': list mixes string (element 0) and number (element 1)",
        "{\"l\":{\"L\":[{\"M\":{}},{\"S\":\"x\"}]}}|list mixes object (element 0) and string (element 1)",
        "{\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":true},{\"N\":\"1\"}]}}|list mixes boolean (element 1) and number (element 2)",
        "{\"l\":{\"L\":[{\"L\":[{\"N\":\"1\"}]},{\"L\":[{\"S\":\"a\"}]}]}}|list mixes number (element 0) and string (element 1)",
        "{\"m\":{\"M\":{\"l\":{\"L\":[{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"}]}]}}}}|attribute 'm.l[0]': list mixes",
        // type tags and malformed values
        "{\"a\":{\"X\":\"1\"}}|attribute 'a': unknown DynamoDB type tag 'X'",
        "{\"a\":{\"S\":\"1\",\"N\":\"1\"}}|exactly one type tag",
        "{\"a\":\"plain\"}|exactly one type tag",
        "{\"a\":{\"S\":1}}|malformed S value: expected a string, got number",
        "{\"a\":{\"N\":\"abc\"}}|attribute 'a': malformed N value",
        "{\"a\":{\"N\":\"NaN\"}}|malformed N value",
        "{\"a\":{\"N\":\"Infinity\"}}|malformed N value",
        "{\"a\":{\"N\":\"1E+400\"}}|malformed N value",
        "{\"a\":{\"N\":7}}|malformed N value: expected a string",
        "{\"a\":{\"BOOL\":\"true\"}}|malformed BOOL value: expected a boolean",
        "{\"a\":{\"NULL\":false}}|malformed NULL value: expected true",
        "{\"a\":{\"B\":\"!!!\"}}|malformed B value: not base64",
        "{\"a\":{\"SS\":\"x\"}}|malformed SS value: expected an array",
        "{\"a\":{\"NS\":[\"1\",\"x\"]}}|attribute 'a[1]': malformed N value",
        "{\"a\":{\"BS\":[\"AA==\",\"?\"]}}|attribute 'a[1]': malformed B value",
        "{\"a\":{\"SS\":[1]}}|attribute 'a[0]': malformed SS element value",
        "{\"a\":{\"L\":{}}}|malformed L value: expected an array",
        "{\"a\":{\"M\":[]}}|malformed M value: expected an object",
        "{\"a\":{\"M\":{\"b\":{\"L\":[{\"Q\":1}]}}}}|attribute 'a.b[0]': unknown DynamoDB type tag 'Q'",
    })
    void toDocument_whatOpenSearchRejects_failsNamingPathAndReason(String image, String expected) {
        assertThatThrownBy(() -> convert(image)).isInstanceOf(ConversionException.class).hasMessageContaining(expected);
    }

    @Test
    void toDocument_reservedFieldConfigured_renamesThatNameOnly() {
        DocumentConverter c = new DocumentConverter(Set.of(), Set.of(), "meta");

        assertThat(Json.write(c.toDocument(json("{\"ddbsync\":{\"S\":\"x\"},\"meta\":{\"M\":{\"w\":{\"S\":\"y\"}}},"
                + "\"meta.v\":{\"N\":\"1\"},\"metadata\":{\"S\":\"z\"}}"))))
                .isEqualTo("{\"ddbsync\":\"x\",\"$meta\":{\"w\":\"y\"},\"$meta.v\":1,\"metadata\":\"z\"}");
    }

    @Test
    void toDocument_amplifyDataStoreItem_indexesWithVersionRenamed() {
        String image = "{\"id\":{\"S\":\"1\"},\"_version\":{\"N\":\"3\"},\"_deleted\":{\"BOOL\":false},"
                + "\"_lastChangedAt\":{\"N\":\"1700000000000\"}}";

        assertThat(convert(image)).isEqualTo("{\"id\":\"1\",\"$_version\":3,\"_deleted\":false,\"_lastChangedAt\":1700000000000}");
    }

    @ParameterizedTest
    @CsvSource({"_id, $_id", "_source, $_source", "_version, $_version", "_id.x, $_id.x", "ddbsync, $ddbsync",
        "ddbsync.version, $ddbsync.version", "$x, $$x", "$_version, $$_version", "$, $$", "x$, x$", "_deleted, _deleted",
        "_idx, _idx", "a._id, a._id", "ddbsyncx, ddbsyncx", "_type, _type", "_primary_term, $_primary_term"})
    void fieldName_reservedOrEscapeStart_prefixedOthersKept(String attribute, String field) {
        assertThat(new DocumentConverter(Set.of(), Set.of(), "ddbsync").fieldName(attribute)).isEqualTo(field);
    }

    @Test
    void toDocument_reservedAndEscapedNamesSideBySide_allKeptUnderDistinctFields() {
        String image = "{\"_id\":{\"S\":\"a\"},\"$_id\":{\"S\":\"b\"},\"$$_id\":{\"S\":\"c\"},\"ddbsync\":{\"S\":\"d\"},"
                + "\"$ddbsync\":{\"S\":\"e\"}}";

        assertThat(convert(image)).isEqualTo("{\"$_id\":\"a\",\"$$_id\":\"b\",\"$$$_id\":\"c\",\"$ddbsync\":\"d\",\"$$ddbsync\":\"e\"}");
    }

    @Test
    void fieldName_generatedNames_injectiveAndNeverReserved() {
        String[] parts = {"_id", "_version", "_source", "_size", "ddbsync", "meta", "$", "$$", ".", "_", "a", "x.y", "_deleted"};
        java.util.Random random = new java.util.Random(20261130L);
        for (String reserved : new String[] {"ddbsync", "meta"}) {
            DocumentConverter c = new DocumentConverter(Set.of(), Set.of(), reserved);
            java.util.Map<String, String> attributeByField = new java.util.HashMap<>();
            for (int i = 0; i < 50_000; i++) {
                StringBuilder name = new StringBuilder();
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    name.append(parts[random.nextInt(parts.length)]);
                }
                String attribute = name.toString();
                String field = c.fieldName(attribute);
                String previous = attributeByField.putIfAbsent(field, attribute);
                assertThat(previous).as("field %s of %s", field, attribute).isIn(null, attribute);
                String head = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
                assertThat(head).as(attribute).isNotEqualTo(reserved).isNotIn(DocumentConverter.OPENSEARCH_METADATA_FIELDS);
                assertThat(field.startsWith(DocumentConverter.ESCAPE)).as(attribute).isEqualTo(!field.equals(attribute));
                if (!field.equals(attribute)) {
                    assertThat(field.substring(1)).isEqualTo(attribute);
                }
            }
            assertThat(attributeByField).hasSizeGreaterThan(1_000);
        }
    }

    @Test
    void toDocument_includeAndExclude_nameAttributesBeforeRenaming() {
        ObjectNode image = json("{\"_version\":{\"N\":\"1\"},\"a\":{\"S\":\"x\"},\"ddbsync\":{\"S\":\"y\"}}");

        assertThat(Json.write(new DocumentConverter(Set.of("_version", "a"), Set.of("a"), "ddbsync").toDocument(image)))
                .isEqualTo("{\"$_version\":1}");
    }

    @Test
    void toDocument_dottedNamesThatAgree_areAccepted() {
        assertThat(convert("{\"a.b\":{\"S\":\"x\"},\"a\":{\"M\":{\"c\":{\"S\":\"y\"}}},\"a.d\":{\"NULL\":true}}"))
                .isEqualTo("{\"a.b\":\"x\",\"a\":{\"c\":\"y\"},\"a.d\":null}");
    }

    private static String nestedMaps(int levels) {
        String v = "{\"S\":\"leaf\"}";
        for (int i = 0; i < levels; i++) {
            v = "{\"M\":{\"m\":" + v + "}}";
        }
        return "{\"top\":" + v + "}";
    }

    @Test
    void toDocument_nineteenNestedMaps_accepted() {
        // objects top, top.m, …, top.m×18: the deepest path has 18 dots, OpenSearch depth 18 + 2 = 20
        assertThat(convert(nestedMaps(19))).contains("\"leaf\"");
    }

    @Test
    void toDocument_twentyNestedMaps_failsNamingPath() {
        assertThatThrownBy(() -> convert(nestedMaps(20))).isInstanceOf(ConversionException.class)
                .hasMessageContaining("nesting deeper than 20 levels")
                .hasMessageContaining("attribute 'top" + ".m".repeat(19) + "'");
    }

    static String nestedLists(int levels, String inner) {
        String v = inner;
        for (int i = 0; i < levels; i++) {
            v = "{\"L\":[" + v + "]}";
        }
        return v;
    }

    @Test
    void toDocument_listOfNineteenNestedMaps_acceptedAsOpenSearchDoes() {
        String image = "{\"l\":" + nestedLists(1, "{\"M\":{\"m\":" + nestedMapValue(18) + "}}") + "}";

        assertThat(convert(image)).contains("\"leaf\"");
    }

    @Test
    void toDocument_twentyNestedListsOfNumbers_acceptedAsOpenSearchDoes() {
        assertThat(convert("{\"l\":" + nestedLists(20, "{\"N\":\"1\"}") + "}"))
                .isEqualTo("{\"l\":" + "[".repeat(20) + "1" + "]".repeat(20) + "}");
        assertThat(convert("{\"l\":" + nestedLists(19, "{\"NS\":[\"1\"]}") + "}")).contains("[1]");
    }

    @Test
    void toDocument_twentyOneNestedLists_failsAsOpenSearchDoes() {
        assertThatThrownBy(() -> convert("{\"l\":" + nestedLists(21, "{\"N\":\"1\"}") + "}"))
                .isInstanceOf(ConversionException.class).hasMessageContaining("lists nested deeper than 20 levels");
        assertThatThrownBy(() -> convert("{\"l\":" + nestedLists(20, "{\"SS\":[]}") + "}"))
                .isInstanceOf(ConversionException.class).hasMessageContaining("lists nested deeper than 20 levels");
    }

    @Test
    void toDocument_listsCountedThroughMaps_elevenMapsEachInTwoListsFail() {
        assertThat(convert("{\"l\":" + mapsInLists(10, 2) + "}")).contains("leaf");
        assertThatThrownBy(() -> convert("{\"l\":" + mapsInLists(11, 2) + "}")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("lists nested deeper than 20 levels");
    }

    private static String mapsInLists(int maps, int listsEach) {
        String v = "{\"S\":\"leaf\"}";
        for (int i = 0; i < maps; i++) {
            v = nestedLists(listsEach, "{\"M\":{\"m\":" + v + "}}");
        }
        return v;
    }

    @Test
    void toDocument_mapsInsideListsTwentyDeep_failLikeMapsAlone() {
        assertThat(convert("{\"top\":" + mapsInLists(19, 1) + "}")).contains("leaf");
        assertThatThrownBy(() -> convert("{\"top\":" + mapsInLists(20, 1) + "}")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("object nesting deeper than 20 levels")
                .hasMessageContaining("attribute 'top" + ".m".repeat(19) + "'");
    }

    @Test
    void toDocument_dottedNamesAddLevels_countedAsOpenSearchExpandsThem() {
        // "a.a.….b" makes objects a, a.a, …: with 19 of them the deepest has 18 dots, depth 20
        String accepted = "{\"" + "a.".repeat(19) + "b\":{\"S\":\"x\"}}";
        String refused = "{\"" + "a.".repeat(20) + "b\":{\"S\":\"x\"}}";

        assertThat(convert(accepted)).contains("\"x\"");
        assertThatThrownBy(() -> convert(refused)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("nesting deeper than 20 levels");
    }

    private static String nestedMapValue(int levels) {
        String v = "{\"S\":\"leaf\"}";
        for (int i = 0; i < levels; i++) {
            v = "{\"M\":{\"m\":" + v + "}}";
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":{\"N\":\"MARKER-7f3\"}}", "{\"a\":{\"B\":\"MARKER-7f3!\"}}", "{\"a\":{\"S\":[\"MARKER-7f3\"]}}",
        "{\"a\":{\"BOOL\":\"MARKER-7f3\"}}", "{\"a\":{\"NS\":[\"1\",\"MARKER-7f3\"]}}", "{\"a\":\"MARKER-7f3\"}",
        "{\"a\":{\"L\":[{\"S\":\"MARKER-7f3\"},{\"N\":\"1\"}]}}"})
    void toDocument_rejectedValue_messageNamesPathNeverTheValue(String image) {
        assertThatThrownBy(() -> convert(image)).isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("attribute 'a")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MARKER"))
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void convertValue_singleTypedValue_converts() {
        assertThat(Json.write(DocumentConverter.convertValue(json("{\"N\":\"0.10\"}"), "x"))).isEqualTo("0.10");
    }

    @Test
    void constructor_badReservedField_fails() {
        assertThatThrownBy(() -> new DocumentConverter(Set.of(), Set.of(), " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentConverter(Set.of(), Set.of(), "a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentConverter(Set.of(), Set.of(), "$meta")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactNumberNode_jsonGrammar_checked() {
        assertThat(ExactNumberNode.isJsonNumber("-0.10e+5")).isTrue();
        for (String bad : new String[] {"", "-", "01", "1.", ".1", "1e", "+1", "1e+", "0x1", "1 "}) {
            assertThat(ExactNumberNode.isJsonNumber(bad)).as(bad).isFalse();
        }
    }
}

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
        "{\"ddbsync\":{\"S\":\"x\"}}|attribute 'ddbsync': collides with the reserved metadata field 'ddbsync'",
        "{\"ddbsync.version\":{\"S\":\"x\"}}|collides with the reserved metadata field",
        "{\"_id\":{\"S\":\"x\"}}|attribute '_id': is an OpenSearch metadata field name",
        "{\"a\":{\"S\":\"x\"},\"a.b\":{\"S\":\"y\"}}|attribute 'a': holds a string but field 'a.b' makes it an object",
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
        "{\"a\":{\"S\":1}}|malformed S value: expected a string, got number 1",
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
    void toDocument_reservedFieldConfigured_rejectsThatName() {
        DocumentConverter c = new DocumentConverter(Set.of(), Set.of(), "meta");

        assertThat(Json.write(c.toDocument(json("{\"ddbsync\":{\"S\":\"x\"}}")))).isEqualTo("{\"ddbsync\":\"x\"}");
        assertThatThrownBy(() -> c.toDocument(json("{\"meta\":{\"S\":\"x\"}}"))).isInstanceOf(ConversionException.class)
                .hasMessageContaining("reserved metadata field 'meta'")
                .extracting(e -> ((ConversionException) e).path()).isEqualTo("meta");
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
        // the document root is OpenSearch level 1, top plus 18 inner maps → the leaf is at level 20
        assertThat(convert(nestedMaps(19))).contains("\"leaf\"");
    }

    @Test
    void toDocument_twentyNestedMaps_failsNamingPath() {
        assertThatThrownBy(() -> convert(nestedMaps(20))).isInstanceOf(ConversionException.class)
                .hasMessageContaining("nesting deeper than 20 levels")
                .hasMessageContaining("attribute 'top" + ".m".repeat(19) + "'");
    }

    @Test
    void toDocument_deeplyNestedLists_fail() {
        String v = "{\"N\":\"1\"}";
        for (int i = 0; i < 25; i++) {
            v = "{\"L\":[" + v + "]}";
        }
        String image = "{\"l\":" + v + "}";

        assertThatThrownBy(() -> convert(image)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("nesting deeper than 20 levels");
    }

    @Test
    void convertValue_singleTypedValue_converts() {
        assertThat(Json.write(DocumentConverter.convertValue(json("{\"N\":\"0.10\"}"), "x"))).isEqualTo("0.10");
    }

    @Test
    void constructor_badReservedField_fails() {
        assertThatThrownBy(() -> new DocumentConverter(Set.of(), Set.of(), " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentConverter(Set.of(), Set.of(), "a.b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactNumberNode_jsonGrammar_checked() {
        assertThat(ExactNumberNode.isJsonNumber("-0.10e+5")).isTrue();
        for (String bad : new String[] {"", "-", "01", "1.", ".1", "1e", "+1", "1e+", "0x1", "1 "}) {
            assertThat(ExactNumberNode.isJsonNumber(bad)).as(bad).isFalse();
        }
    }
}

package io.ddbsync.model.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentIdsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** keys("pk", "S", "a", "sk", "N", "1") → {"pk":{"S":"a"},"sk":{"N":"1"}} */
    static ObjectNode keys(String... nameTypeValue) {
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < nameTypeValue.length; i += 3) {
            o.putObject(nameTypeValue[i]).put(nameTypeValue[i + 1], nameTypeValue[i + 2]);
        }
        return o;
    }

    @Test
    void of_hashOnlyKey_isNameTypeValue() {
        assertThat(DocumentIds.of(keys("id", "S", "p1"))).isEqualTo(new DocumentId("id:S:p1", false));
    }

    @Test
    void of_hashAndRangeKey_sortedByNameWhateverTheOrder() {
        DocumentId a = DocumentIds.of(keys("pk", "S", "user", "sk", "N", "7"));
        DocumentId b = DocumentIds.of(keys("sk", "N", "7", "pk", "S", "user"));

        assertThat(a).isEqualTo(b);
        assertThat(a.value()).isEqualTo("pk:S:user|sk:N:7");
    }

    @Test
    void of_separatorsInsideValues_areEscapedAndDistinct() {
        DocumentId joined = DocumentIds.of(keys("a", "S", "x|b:S:y"));
        DocumentId split = DocumentIds.of(keys("a", "S", "x", "b", "S", "y"));

        assertThat(joined.value()).isEqualTo("a:S:x\\|b:S:y");
        assertThat(split.value()).isEqualTo("a:S:x|b:S:y");
        assertThat(DocumentIds.of(keys("a", "S", "x\\")).value()).isEqualTo("a:S:x\\\\");
        assertThat(DocumentIds.of(keys("a:S", "S", "x")).value()).isEqualTo("a\\:S:S:x");
    }

    @ParameterizedTest
    @CsvSource({
        "1E+3, 1000", "1000, 1000", "1000.000, 1000", "3.937E+4, 39370", "39370, 39370", "-0, 0", "0.0, 0", "0E-5, 0",
        "0.10, 0.1", "-1.50, -1.5", "1e-3, 0.001", "+5, 5", "007, 7",
        "12345678901234567890.123456789, 12345678901234567890.123456789", "1E+125, 1" + "0000000000" + "0000000000"
            + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
            + "0000000000" + "0000000000" + "0000000000" + "00000",
    })
    void of_numberKeys_canonicalPlainDecimal(String input, String canonical) {
        assertThat(DocumentIds.of(keys("n", "N", input)).value()).isEqualTo("n:N:" + canonical);
    }

    @Test
    void of_equalNumbersDifferentText_oneId() {
        assertThat(DocumentIds.of(keys("n", "N", "1E+3"))).isEqualTo(DocumentIds.of(keys("n", "N", "1000")));
        assertThat(DocumentIds.of(keys("n", "N", "-0"))).isEqualTo(DocumentIds.of(keys("n", "N", "0")));
    }

    @Test
    void of_numberAndStringWithSameText_differentIds() {
        assertThat(DocumentIds.of(keys("n", "N", "1"))).isNotEqualTo(DocumentIds.of(keys("n", "S", "1")));
    }

    @Test
    void of_binaryKey_isBase64Url() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x00, 0x3e};
        String b64 = Base64.getEncoder().encodeToString(bytes);

        DocumentId id = DocumentIds.of(keys("b", "B", b64));

        assertThat(b64).contains("+").contains("/");
        assertThat(id.value()).isEqualTo("b:B:-_8APg");
        assertThat(Base64.getUrlDecoder().decode(id.value().substring(4))).isEqualTo(bytes);
    }

    @Test
    void of_keyOver512Bytes_isSha256OfReadableForm() throws Exception {
        String value = "é".repeat(300);
        ObjectNode k = keys("pk", "S", value);
        String readable = "pk:S:" + value;

        DocumentId id = DocumentIds.of(k);

        assertThat(id.hashed()).isTrue();
        assertThat(id.value()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(readable.getBytes(StandardCharsets.UTF_8))));
        assertThat(DocumentIds.readable(k)).isEqualTo(readable);
    }

    @Test
    void of_keyOfExactly512Bytes_staysReadable() {
        String value = "x".repeat(512 - "pk:S:".length());

        DocumentId id = DocumentIds.of(keys("pk", "S", value));

        assertThat(id.hashed()).isFalse();
        assertThat(id.value().getBytes(StandardCharsets.UTF_8)).hasSize(512);
        assertThat(DocumentIds.of(keys("pk", "S", value + "x")).hashed()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":{\"SS\":[\"x\"]}}|type SS; key attributes are S, N or B",
        "{\"a\":{\"N\":\"abc\"}}|key attribute 'a': 'abc' is not a decimal number",
        "{\"a\":{\"N\":\"1E+200\"}}|outside DynamoDB's number range",
        "{\"a\":{\"N\":\"1E+999999999\"}}|outside DynamoDB's number range",
        "{\"a\":{\"N\":\"1.234567890123456789012345678901234567890\"}}|significant digits",
        "{\"a\":{\"N\":1}}|must carry a string",
        "{\"a\":{\"B\":\"!!\"}}|not valid base64",
        "{\"a\":{\"S\":\"x\",\"N\":\"1\"}}|one type tag",
        "{\"a\":\"x\"}|one type tag",
        "{}|at least one attribute",
    })
    void of_badKey_failsNamingAttribute(String json, String expected) throws Exception {
        ObjectNode k = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);

        assertThatThrownBy(() -> DocumentIds.of(k)).isInstanceOf(InvalidKeyException.class).hasMessageContaining(expected);
    }

    @Test
    void of_unpairedSurrogate_fails() {
        assertThatThrownBy(() -> DocumentIds.of(keys("a", "S", "x\uD800"))).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    // ---- property: distinct keys → distinct ids, equal keys → one id ----

    private static final List<String> NAMES = List.of("pk", "sk", "a", "a:S", "a|b", "a\\", "\\", ":", "|", "S", "N",
            "pk:S:x", "é", "😀");
    private static final List<String> PIECES = List.of("a", "b", "|", ":", "\\", "\\|", "S", "N", "B", ":S:", ":N:",
            "|pk:S:", "é", "😀", " ", "0", "1", "\\\\");

    @Test
    void of_manyGeneratedKeys_distinctKeysGiveDistinctIds() {
        Random random = new Random(42);
        Map<String, Object> semanticById = new HashMap<>();
        Map<Object, String> idBySemantic = new HashMap<>();
        int generated = 0;
        int hashed = 0;
        while (generated < 20_000) {
            ObjectNode k = NODES.objectNode();
            Map<String, Object> semantic = new TreeMap<>();
            int attributes = 1 + random.nextInt(2);
            for (int i = 0; i < attributes; i++) {
                String name = NAMES.get(random.nextInt(NAMES.size()));
                if (k.has(name)) {
                    continue;
                }
                switch (random.nextInt(3)) {
                    case 0 -> {
                        String s = randomString(random);
                        k.putObject(name).put("S", s);
                        semantic.put(name, List.of("S", s));
                    }
                    case 1 -> {
                        BigDecimal d = BigDecimal.valueOf(random.nextInt(2001) - 1000, random.nextInt(7) - 3);
                        String text = switch (random.nextInt(4)) {
                            case 0 -> d.toString();
                            case 1 -> d.toPlainString();
                            case 2 -> d.toEngineeringString();
                            default -> d.setScale(Math.max(d.scale(), 0) + 2).toPlainString();
                        };
                        k.putObject(name).put("N", text);
                        semantic.put(name, List.of("N", d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros()));
                    }
                    default -> {
                        byte[] bytes = new byte[random.nextInt(6)];
                        random.nextBytes(bytes);
                        k.putObject(name).put("B", Base64.getEncoder().encodeToString(bytes));
                        semantic.put(name, List.of("B", Arrays.toString(bytes)));
                    }
                }
            }
            generated++;
            DocumentId id = DocumentIds.of(k);
            hashed += id.hashed() ? 1 : 0;
            assertThat(id.value().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
            Object previous = semanticById.putIfAbsent(id.value(), semantic);
            assertThat(previous == null || previous.equals(semantic))
                    .as("id %s for both %s and %s", id.value(), previous, semantic).isTrue();
            String previousId = idBySemantic.putIfAbsent(semantic, id.value());
            assertThat(previousId == null || previousId.equals(id.value()))
                    .as("key %s got ids %s and %s", semantic, previousId, id.value()).isTrue();
        }
        assertThat(semanticById.size()).as("enough distinct keys generated").isGreaterThan(10_000);
        assertThat(hashed).as("some keys long enough to be hashed").isGreaterThan(100);
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        int pieces = random.nextInt(100) == 0 ? 300 : random.nextInt(7);
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return sb.toString();
    }
}

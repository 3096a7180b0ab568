package io.ddbsync.model.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration of the module: strict parsing (no duplicate keys, no trailing
 * content, decimals kept exactly) and compact output that SQS accepts. Thread-safe.
 *
 * <p>SQS message bodies may only hold #x9, #xA, #xD, #x20–#xD7FF, #xE000–#xFFFD and
 * #x10000–#x10FFFF; a body with U+FFFE or U+FFFF is rejected as a sender fault. JSON already
 * escapes control characters; this mapper also writes U+FFFE and U+FFFF as JSON escapes
 * (backslash, u, four hex digits: the same JSON), so every encoded body is sendable and its
 * measured size is the size that is sent.
 */
public final class Json {

    /** Strict mapper: duplicate object keys and trailing tokens are errors; decimals stay {@code BigDecimal}. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new SqsSafeEscapes()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private Json() {
    }

    /** Standard JSON escapes plus U+FFFE and U+FFFF, which SQS refuses in a message body. */
    private static final class SqsSafeEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private static final SerializedString FFFE = new SerializedString("\\ufffe");
        private static final SerializedString FFFF = new SerializedString("\\uffff");

        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0xFFFE ? FFFE : ch == 0xFFFF ? FFFF : null;
        }
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise JSON tree", e);
        }
    }

    /** A JSON string literal (with quotes) for {@code text}. */
    public static String quote(String text) {
        return write(TextNode.valueOf(text));
    }

    /** Number of bytes of the UTF-8 encoding of {@code s}, without encoding it. Unpaired surrogates count as '?' (1 byte), as Java's encoder writes them. */
    public static int utf8Length(CharSequence s) {
        int bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

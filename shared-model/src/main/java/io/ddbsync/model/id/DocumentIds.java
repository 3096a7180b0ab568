package io.ddbsync.model.id;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unambiguous, canonical document ids from DynamoDB keys (docs/DESIGN.md "Index layout").
 *
 * <p>Readable form: the key attributes sorted by name, each {@code name:type:value}, joined by
 * {@code |}. In names {@code \}, {@code :} and {@code |} are escaped with {@code \}; in values
 * {@code \} and {@code |} are. Types: {@code S} (the string), {@code N} (canonical plain decimal:
 * {@code 1E+3} and {@code 1000} → {@code 1000}, {@code -0} → {@code 0}), {@code B} (base64url
 * without padding). Example: {@code pk:S:user|42|sk:N:39370} is written
 * {@code pk:S:user\|42|sk:N:39370}. When the readable form exceeds 512 UTF-8 bytes the id is the
 * lower-case hex SHA-256 of it (64 characters, never containing ':' so it cannot equal a readable id).
 */
public final class DocumentIds {

    /** OpenSearch's limit for {@code _id}, in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 512;

    private DocumentIds() {
    }

    /** The id of the item with these key attributes (DynamoDB JSON, any attribute order). */
    public static DocumentId of(ObjectNode keys) {
        String readable = readable(keys);
        byte[] utf8 = readable.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_ID_BYTES) {
            return new DocumentId(readable, false);
        }
        return new DocumentId(HexFormat.of().formatHex(sha256().digest(utf8)), true);
    }

    /** The readable encoding, whatever its length. */
    public static String readable(ObjectNode keys) {
        if (keys == null || keys.isEmpty()) {
            throw new InvalidKeyException("a key needs at least one attribute");
        }
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : keys.properties()) {
            sorted.put(e.getKey(), e.getValue());
        }
        StringBuilder sb = new StringBuilder(64);
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            appendEscaped(sb, e.getKey(), true);
            appendValue(sb, e.getKey(), e.getValue());
        }
        return sb.toString();
    }

    private static void appendValue(StringBuilder sb, String name, JsonNode typed) {
        if (typed == null || !typed.isObject() || typed.size() != 1) {
            throw new InvalidKeyException("key attribute '" + name + "' must be a DynamoDB JSON value with one type tag, got " + typed);
        }
        Map.Entry<String, JsonNode> only = typed.properties().iterator().next();
        String type = only.getKey();
        JsonNode value = only.getValue();
        if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
            throw new InvalidKeyException("key attribute '" + name + "' has type " + type + "; key attributes are S, N or B");
        }
        if (!value.isTextual()) {
            throw new InvalidKeyException("key attribute '" + name + "' of type " + type + " must carry a string, got " + value);
        }
        String text = value.textValue();
        switch (type) {
            case "S" -> {
                sb.append(":S:");
                appendEscaped(sb, text, false);
            }
            case "N" -> {
                try {
                    sb.append(":N:").append(Numbers.canonical(text));
                } catch (NumberFormatException e) {
                    throw new InvalidKeyException("key attribute '" + name + "': " + e.getMessage(), e);
                }
            }
            case "B" -> {
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidKeyException("key attribute '" + name + "' is not valid base64: " + e.getMessage(), e);
                }
                sb.append(":B:").append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            default -> throw new InvalidKeyException("key attribute '" + name + "' has type " + type
                    + "; key attributes are S, N or B");
        }
    }

    private static void appendEscaped(StringBuilder sb, String s, boolean name) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    throw new InvalidKeyException("key " + (name ? "attribute name" : "value") + " contains an unpaired surrogate at " + i
                            + "; DynamoDB strings are valid UTF-8");
                }
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '\\' || c == '|' || (name && c == ':')) {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

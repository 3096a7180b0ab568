package io.ddbsync.model.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.id.Numbers;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * DynamoDB JSON (typed) → search document (plain JSON), per DESIGN.md "Conversion".
 *
 * <p>S → string; N → JSON number with its exact decimal text ({@link ExactNumberNode}; text that is
 * a number for DynamoDB but not valid JSON, such as {@code +5} or {@code .5}, is written in
 * {@link BigDecimal#toString()} form); BOOL → boolean; NULL → null; B → base64 string; SS/NS/BS →
 * arrays; L → array; M → object. Pure Jackson: no AWS SDK types.
 *
 * <p>Rejected with a {@link ConversionException} naming the attribute path: unknown type tags,
 * malformed values, field names OpenSearch refuses (empty, whitespace only, only dots, leading or
 * trailing dot, {@code ..}), top-level names equal to the reserved metadata field (or under it,
 * {@code ddbsync.x}) or to an OpenSearch metadata field ({@code _id}, {@code _source}, …), a dotted
 * name that makes a scalar field also an object ({@code a} and {@code a.b} side by side), lists
 * mixing element kinds (string, number, boolean, object; nulls are fine, nested lists are
 * flattened as OpenSearch does), and maps/lists nested 20 levels deep or more (OpenSearch's
 * default {@code index.mapping.depth.limit} is 20, the document root being level 1).
 */
public final class DocumentConverter {

    /** The default reserved metadata field. */
    public static final String DEFAULT_RESERVED_FIELD = "ddbsync";
    /** OpenSearch's default {@code index.mapping.depth.limit}. */
    public static final int MAX_DEPTH = 20;

    static final Set<String> OPENSEARCH_METADATA_FIELDS = Set.of("_id", "_index", "_source", "_routing", "_type",
            "_version", "_seq_no", "_primary_term", "_field_names", "_ignored", "_doc_count", "_nested_path",
            "_data_stream_timestamp", "_tier", "_size", "_meta", "_all", "_uid", "_parent", "_feature", "_seq_no_primary_term");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DocumentConverter DEFAULTS = new DocumentConverter(Set.of(), Set.of(), DEFAULT_RESERVED_FIELD);

    private final Set<String> include;
    private final Set<String> exclude;
    private final String reservedField;

    /**
     * @param include top-level attributes to keep (empty: all)
     * @param exclude top-level attributes to drop
     * @param reservedField the metadata field name (default "ddbsync"); an item attribute of that name is rejected
     */
    public DocumentConverter(Set<String> include, Set<String> exclude, String reservedField) {
        this.include = Set.copyOf(Objects.requireNonNull(include, "include"));
        this.exclude = Set.copyOf(Objects.requireNonNull(exclude, "exclude"));
        if (reservedField == null || reservedField.isBlank() || reservedField.contains(".")) {
            throw new IllegalArgumentException("reserved metadata field must be a non-blank name without dots, got '"
                    + reservedField + "'");
        }
        this.reservedField = reservedField;
    }

    /** Converts an image with no include/exclude lists and the default reserved field. */
    public static ObjectNode convert(ObjectNode dynamoImage) {
        return DEFAULTS.toDocument(dynamoImage);
    }

    /** Converts one typed value, e.g. {@code {"N":"1.50"}} → {@code 1.50}; {@code path} names it in errors. */
    public static JsonNode convertValue(JsonNode typedValue, String path) {
        return DEFAULTS.value(typedValue, path, 1);
    }

    /** Converts an image; throws {@link ConversionException} naming the attribute for anything OpenSearch would reject. */
    public ObjectNode toDocument(ObjectNode dynamoImage) {
        if (dynamoImage == null) {
            throw new ConversionException("", "the image is missing", null);
        }
        ObjectNode doc = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : dynamoImage.properties()) {
            String name = e.getKey();
            if ((!include.isEmpty() && !include.contains(name)) || exclude.contains(name)) {
                continue;
            }
            checkFieldName(name, name);
            if (name.equals(reservedField) || name.startsWith(reservedField + ".")) {
                throw new ConversionException(name, "collides with the reserved metadata field '" + reservedField + "'", null);
            }
            if (OPENSEARCH_METADATA_FIELDS.contains(name)) {
                throw new ConversionException(name, "is an OpenSearch metadata field name", null);
            }
            doc.set(name, value(e.getValue(), name, 1));
        }
        checkDottedNames(doc, "");
        return doc;
    }

    private JsonNode value(JsonNode typed, String path, int depth) {
        if (typed == null || !typed.isObject() || typed.size() != 1) {
            throw new ConversionException(path, "expected a DynamoDB JSON value with exactly one type tag, got "
                    + describe(typed), null);
        }
        Map.Entry<String, JsonNode> only = typed.properties().iterator().next();
        String tag = only.getKey();
        JsonNode v = only.getValue();
        switch (tag) {
            case "S":
                return NODES.textNode(text(v, path, tag));
            case "N":
                return number(text(v, path, tag), path);
            case "BOOL":
                if (!v.isBoolean()) {
                    throw malformed(path, tag, v, "a boolean");
                }
                return NODES.booleanNode(v.booleanValue());
            case "NULL":
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw malformed(path, tag, v, "true");
                }
                return NODES.nullNode();
            case "B":
                return NODES.textNode(binary(text(v, path, tag), path));
            case "SS":
            case "NS":
            case "BS":
                return set(tag, v, path);
            case "L":
                return list(v, path, depth);
            case "M":
                return map(v, path, depth);
            default:
                throw new ConversionException(path, "unknown DynamoDB type tag '" + tag + "'", null);
        }
    }

    private ArrayNode set(String tag, JsonNode v, String path) {
        if (!v.isArray()) {
            throw malformed(path, tag, v, "an array");
        }
        ArrayNode out = NODES.arrayNode(v.size());
        for (int i = 0; i < v.size(); i++) {
            String itemPath = path + "[" + i + "]";
            String s = text(v.get(i), itemPath, tag + " element");
            switch (tag) {
                case "SS" -> out.add(NODES.textNode(s));
                case "NS" -> out.add(number(s, itemPath));
                default -> out.add(NODES.textNode(binary(s, itemPath)));
            }
        }
        return out;
    }

    private ArrayNode list(JsonNode v, String path, int depth) {
        if (!v.isArray()) {
            throw malformed(path, "L", v, "an array");
        }
        checkDepth(path, depth);
        ArrayNode out = NODES.arrayNode(v.size());
        Kind kind = null;
        int firstIndex = -1;
        for (int i = 0; i < v.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = value(v.get(i), itemPath, depth + 1);
            Kind k = kindOf(item, itemPath);
            if (k != null) {
                if (kind == null) {
                    kind = k;
                    firstIndex = i;
                } else if (k != kind) {
                    throw new ConversionException(path, "list mixes " + kind.label + " (element " + firstIndex + ") and "
                            + k.label + " (element " + i + ") values; OpenSearch needs one type per field", null);
                }
            }
            out.add(item);
        }
        return out;
    }

    private ObjectNode map(JsonNode v, String path, int depth) {
        if (!v.isObject()) {
            throw malformed(path, "M", v, "an object");
        }
        checkDepth(path, depth);
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String childPath = path + "." + e.getKey();
            checkFieldName(e.getKey(), childPath);
            out.set(e.getKey(), value(e.getValue(), childPath, depth + 1));
        }
        checkDottedNames(out, path);
        return out;
    }

    private static void checkDepth(String path, int depth) {
        // A container at depth d creates an OpenSearch object (or array of values) at depth d + 1.
        if (depth + 1 > MAX_DEPTH) {
            throw new ConversionException(path, "nesting deeper than " + MAX_DEPTH
                    + " levels (OpenSearch index.mapping.depth.limit)", null);
        }
    }

    /** The kind of a converted value for OpenSearch's one-type-per-field rule; null for null and empty lists. */
    private static Kind kindOf(JsonNode node, String path) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return Kind.STRING;
        }
        if (node.isNumber()) {
            return Kind.NUMBER;
        }
        if (node.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (node.isObject()) {
            return Kind.OBJECT;
        }
        // Nested lists are flattened by OpenSearch: their elements were checked already, all of one kind.
        for (JsonNode child : node) {
            Kind k = kindOf(child, path);
            if (k != null) {
                return k;
            }
        }
        return null;
    }

    private enum Kind {
        STRING("string"), NUMBER("number"), BOOLEAN("boolean"), OBJECT("object");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static void checkFieldName(String name, String path) {
        if (name.isEmpty()) {
            throw new ConversionException(path, "empty field name; OpenSearch refuses it", null);
        }
        if (name.isBlank()) {
            throw new ConversionException(path, "field name of only whitespace; OpenSearch refuses it", null);
        }
        if (name.startsWith(".") || name.endsWith(".")) {
            throw new ConversionException(path, "field name '" + name + "' starts or ends with '.'; OpenSearch refuses it", null);
        }
        if (name.contains("..")) {
            throw new ConversionException(path, "field name '" + name + "' contains '..'; OpenSearch refuses it", null);
        }
    }

    /**
     * OpenSearch expands {@code a.b} into object {@code a}: a sibling {@code a} (or {@code a.b}) holding
     * a non-object value makes one field both a value and an object, which it rejects.
     */
    private static void checkDottedNames(ObjectNode obj, String path) {
        Map<String, String> objectPrefixes = null;
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String name = e.getKey();
            int dot = name.indexOf('.');
            while (dot > 0) {
                if (objectPrefixes == null) {
                    objectPrefixes = new HashMap<>();
                }
                objectPrefixes.putIfAbsent(name.substring(0, dot), name);
                dot = name.indexOf('.', dot + 1);
            }
        }
        if (objectPrefixes == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String name = e.getKey();
            String user = objectPrefixes.get(name);
            Kind k = kindOf(e.getValue(), name);
            if (user != null && k != null && k != Kind.OBJECT && seen.add(name)) {
                String p = path.isEmpty() ? name : path + "." + name;
                throw new ConversionException(p, "holds a " + k.label + " but field '" + user
                        + "' makes it an object; OpenSearch refuses both in one document", null);
            }
        }
    }

    private static ExactNumberNode number(String text, String path) {
        BigDecimal parsed;
        try {
            parsed = Numbers.parse(text);
        } catch (NumberFormatException e) {
            throw new ConversionException(path, "malformed N value: " + e.getMessage(), e);
        }
        if (ExactNumberNode.isJsonNumber(text)) {
            return ExactNumberNode.of(text);
        }
        // A DynamoDB number whose text JSON does not allow (+5, .5, 5., 007): same value, JSON form.
        return ExactNumberNode.of(parsed.signum() == 0 ? "0" : new BigDecimal(text).toString());
    }

    private static String binary(String text, String path) {
        try {
            return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new ConversionException(path, "malformed B value: not base64 (" + e.getMessage() + ")", e);
        }
    }

    private static String text(JsonNode v, String path, String tag) {
        if (v == null || !v.isTextual()) {
            throw malformed(path, tag, v, "a string");
        }
        return v.textValue();
    }

    private static ConversionException malformed(String path, String tag, JsonNode v, String expected) {
        return new ConversionException(path, "malformed " + tag + " value: expected " + expected + ", got " + describe(v), null);
    }

    private static String describe(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        String s = v.toString();
        String kind = v.getNodeType().name().toLowerCase(Locale.ROOT);
        return kind + " " + (s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }
}

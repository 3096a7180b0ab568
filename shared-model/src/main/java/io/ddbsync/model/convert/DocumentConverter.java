package io.ddbsync.model.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.id.Numbers;
import io.ddbsync.model.shape.ShapeStep;
import java.util.List;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * DynamoDB JSON (typed) → search document (plain JSON), per shared-model/README.md ("Reserved attribute names") and docs/DESIGN.md.
 *
 * <p>S → string; N → JSON number with its exact decimal text ({@link ExactNumberNode}; text that is
 * a number for DynamoDB but not valid JSON, such as {@code +5} or {@code .5}, is written in
 * {@link BigDecimal#toString()} form); BOOL → boolean; NULL → null; B → base64 string; SS/NS/BS →
 * arrays; L → array; M → object. Pure Jackson: no AWS SDK types.
 *
 * <p><b>Reserved attribute names are renamed, never refused.</b> A top-level attribute whose name —
 * or the part of it before the first {@code .} — is a field OpenSearch reserves for its own
 * metadata ({@link #OPENSEARCH_METADATA_FIELDS}: {@code _id}, {@code _version}, {@code _source}, …;
 * Amplify DataStore writes {@code _version} into every item) or is ddbsync's metadata field (default
 * {@code ddbsync}, so also {@code ddbsync.x}) is indexed under the name prefixed with
 * {@value #ESCAPE}: {@code _version} → {@code $_version}, {@code ddbsync} → {@code $ddbsync},
 * {@code ddbsync.x} → {@code $ddbsync.x}. So that no renamed attribute can meet another attribute,
 * a top-level name that already starts with {@value #ESCAPE} gets one more: {@code $x} →
 * {@code $$x}. Every other name is kept as is (also {@code _deleted}, {@code _lastChangedAt}: OpenSearch
 * accepts them). The renaming is injective — a field starts with {@value #ESCAPE} exactly when its
 * attribute was renamed, and removing that first {@value #ESCAPE} gives the attribute back — and no
 * renamed field is reserved (a metadata field name starts with {@code _}, ddbsync's with a letter).
 * The decision depends only on the part before the first dot, so dotted names keep their structure:
 * two attributes meet at one OpenSearch path after renaming exactly when they did before.
 * Search users query the renamed field, e.g. {@code {"term":{"$_version":3}}}. Include/exclude lists
 * name attributes as in the table (before renaming). Nested names are never renamed: OpenSearch
 * reserves only top-level ones.
 *
 * <p>Rejected with a {@link ConversionException} naming the attribute path: unknown type tags,
 * malformed values, field names OpenSearch refuses (empty, whitespace only, only dots, leading or
 * trailing dot, {@code ..}), dotted names that make one path both an object and a value or give it
 * two kinds of value, lists mixing element kinds (string, number, boolean, object; nulls are fine,
 * nested lists are flattened as OpenSearch does), and objects nested too deep.
 *
 * <p><b>Depth, as OpenSearch counts it.</b> OpenSearch 2.x applies {@code index.mapping.depth.limit}
 * (default {@value #MAX_DEPTH}) three ways, and this class applies the same three: (1) while parsing,
 * the JSON objects open at once, the document root included, must not exceed the limit
 * ({@code ParseContext.checkFieldDepthLimit}); (2) while parsing, the arrays open at once must not
 * exceed it, counted along the whole path, through objects ({@code checkFieldArrayDepthLimit}) — an
 * L or a set is an array; (3) when mapping, an object field whose full path has {@code n} dots is at
 * depth {@code n + 2} and must not exceed it ({@code MapperService.checkDepthLimit}); dotted names
 * count here ({@code a.b} makes {@code a} an object), arrays do not (an object inside a list has the
 * list's path). (3) implies (1) for documents built from items, so the checks made are: every object
 * path of the document, dotted names expanded, has at most 18 dots (19 nested maps, at any depth
 * of lists), and no value sits inside more than 20 arrays (20 nested lists of numbers are fine, a list
 * of 19 nested maps too; 21 nested lists, or 11 maps each inside two lists, are refused).
 */
public final class DocumentConverter {

    /** The default reserved metadata field. */
    public static final String DEFAULT_RESERVED_FIELD = "ddbsync";
    /** OpenSearch's default {@code index.mapping.depth.limit}. */
    public static final int MAX_DEPTH = 20;
    /** The prefix of a renamed top-level attribute (see the class comment). */
    public static final String ESCAPE = "$";

    /**
     * The top-level field names OpenSearch 2.x refuses in a document (its metadata fields; also with
     * anything after a dot), as a real node answers them — plus {@code _size}, which the
     * {@code mapper-size} plugin (installed on Amazon OpenSearch Service) registers. Names such as
     * {@code _type}, {@code _all}, {@code _meta}, {@code _deleted} are accepted and not renamed.
     */
    public static final Set<String> OPENSEARCH_METADATA_FIELDS = Set.of("_id", "_index", "_source", "_routing",
            "_version", "_seq_no", "_primary_term", "_doc_count", "_field_names", "_ignored", "_nested_path",
            "_data_stream_timestamp", "_size");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DocumentConverter DEFAULTS = new DocumentConverter(Set.of(), Set.of(), DEFAULT_RESERVED_FIELD);

    private final Set<String> include;
    private final Set<String> exclude;
    private final String reservedField;
    private final List<ShapeStep> shaping;

    /**
     * @param include top-level attributes to keep (empty: all)
     * @param exclude top-level attributes to drop
     * @param reservedField the metadata field name (default "ddbsync"; a letter first); an item attribute of that name is
     *                      renamed (see the class comment)
     */
    public DocumentConverter(Set<String> include, Set<String> exclude, String reservedField) {
        this(include, exclude, reservedField, List.of());
    }

    /**
     * @param shaping the table's shaping steps, applied in order to every converted document ({@link ShapeStep});
     *                none may write the reserved field or a field OpenSearch reserves
     * @throws IllegalArgumentException for a bad reserved field, or a step writing a reserved field
     */
    public DocumentConverter(Set<String> include, Set<String> exclude, String reservedField, List<ShapeStep> shaping) {
        this.include = Set.copyOf(Objects.requireNonNull(include, "include"));
        this.exclude = Set.copyOf(Objects.requireNonNull(exclude, "exclude"));
        if (reservedField == null || reservedField.isBlank() || reservedField.contains(".") || reservedField.startsWith(ESCAPE)
                || reservedField.startsWith("_")) {
            throw new IllegalArgumentException("reserved metadata field must be a non-blank name without dots, not starting with "
                    + ESCAPE + " or _, got '" + reservedField + "'");
        }
        this.reservedField = reservedField;
        this.shaping = List.copyOf(shaping);
        for (ShapeStep step : this.shaping) {
            for (String field : step.writes()) {
                String head = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
                if (head.equals(reservedField) || OPENSEARCH_METADATA_FIELDS.contains(head)) {
                    throw new IllegalArgumentException(step.name() + " writes '" + field + "', a field "
                            + (head.equals(reservedField) ? "ddbsync keeps its metadata in" : "OpenSearch reserves"));
                }
            }
        }
    }

    /** The shaping steps applied after conversion, in order (empty: the converted document as it is). */
    public List<ShapeStep> shaping() {
        return shaping;
    }

    /**
     * The field an attribute ends up in after conversion and shaping: {@link #fieldName} followed through the
     * renames of the shaping steps; empty when a step drops it.
     */
    public java.util.Optional<String> documentField(String attribute) {
        String field = fieldName(attribute);
        for (ShapeStep step : shaping) {
            if (step instanceof io.ddbsync.model.shape.ShapeSteps.Rename r && r.from().equals(field)) {
                field = r.to();
            } else if (step instanceof io.ddbsync.model.shape.ShapeSteps.Drop d && d.fields().contains(field)) {
                return java.util.Optional.empty();
            } else if (step instanceof io.ddbsync.model.shape.ShapeSteps.FlattenBlocks f && !f.keep() && f.from().equals(field)) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(field);
    }

    /** Converts an image with no include/exclude lists and the default reserved field. */
    public static ObjectNode convert(ObjectNode dynamoImage) {
        return DEFAULTS.toDocument(dynamoImage);
    }

    /** Converts one typed value, e.g. {@code {"N":"1.50"}} → {@code 1.50}; {@code path} names it in errors. */
    public static JsonNode convertValue(JsonNode typedValue, String path) {
        return DEFAULTS.value(typedValue, path, 0);
    }

    /** The reserved metadata field this converter keeps attributes away from. */
    public String reservedField() {
        return reservedField;
    }

    /**
     * The document field a top-level attribute is indexed under: the attribute name, or
     * {@value #ESCAPE} + the name for reserved names and names starting with {@value #ESCAPE}
     * (see the class comment).
     */
    public String fieldName(String attribute) {
        int dot = attribute.indexOf('.');
        String head = dot < 0 ? attribute : attribute.substring(0, dot);
        boolean reserved = head.equals(reservedField) || OPENSEARCH_METADATA_FIELDS.contains(head);
        return reserved || attribute.startsWith(ESCAPE) ? ESCAPE + attribute : attribute;
    }

    /**
     * Converts an image, then applies the shaping steps; throws {@link ConversionException} naming the attribute (or
     * the shaped field) for anything OpenSearch would reject.
     */
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
            String field = fieldName(name);
            checkFieldName(field, name);
            doc.set(field, value(e.getValue(), field, 0));
        }
        checkPaths(doc);
        if (!shaping.isEmpty()) {
            for (ShapeStep step : shaping) {
                step.apply(doc);
            }
            doc.fieldNames().forEachRemaining(f -> checkFieldName(f, f));
            checkPaths(doc);
        }
        return doc;
    }

    /** @param arrays how many arrays enclose the value (OpenSearch's parse-time array depth) */
    private JsonNode value(JsonNode typed, String path, int arrays) {
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
                checkArrayDepth(path, arrays + 1);
                return set(tag, v, path);
            case "L":
                checkArrayDepth(path, arrays + 1);
                return list(v, path, arrays + 1);
            case "M":
                return map(v, path, arrays);
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

    private ArrayNode list(JsonNode v, String path, int arrays) {
        if (!v.isArray()) {
            throw malformed(path, "L", v, "an array");
        }
        ArrayNode out = NODES.arrayNode(v.size());
        Kind kind = null;
        int firstIndex = -1;
        for (int i = 0; i < v.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = value(v.get(i), itemPath, arrays);
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

    private ObjectNode map(JsonNode v, String path, int arrays) {
        if (!v.isObject()) {
            throw malformed(path, "M", v, "an object");
        }
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String childPath = path + "." + e.getKey();
            checkFieldName(e.getKey(), childPath);
            out.set(e.getKey(), value(e.getValue(), childPath, arrays));
        }
        return out;
    }

    /** OpenSearch's {@code ParseContext.checkFieldArrayDepthLimit}: at most {@value #MAX_DEPTH} arrays open at once. */
    private static void checkArrayDepth(String path, int arrays) {
        if (arrays > MAX_DEPTH) {
            throw new ConversionException(path, "lists nested deeper than " + MAX_DEPTH
                    + " levels (OpenSearch index.mapping.depth.limit counts the lists around a value, through maps)", null);
        }
    }

    /** OpenSearch's {@code MapperService.checkDepthLimit}: an object field with n dots in its path is at depth n + 2. */
    private static void checkDepth(String objectPath) {
        int dots = 0;
        for (int i = 0; i < objectPath.length(); i++) {
            if (objectPath.charAt(i) == '.') {
                dots++;
            }
        }
        if (dots + 2 > MAX_DEPTH) {
            throw new ConversionException(objectPath, "object nesting deeper than " + MAX_DEPTH
                    + " levels (OpenSearch index.mapping.depth.limit counts objects, not lists)", null);
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
     * OpenSearch expands dotted names ({@code a.b} is field {@code b} of object {@code a}) and maps
     * each path to one type. Walks the whole document with names expanded and rejects a path that
     * would be both an object and a value ({@code a} and {@code a.b} side by side, or {@code a.b}
     * inside map {@code a} and {@code a.b.c}), or get values of two kinds, and every object path
     * deeper than OpenSearch's depth limit.
     */
    private static void checkPaths(ObjectNode doc) {
        walk(doc, "", new HashMap<>());
    }

    private static void walk(ObjectNode obj, String prefix, Map<String, Kind> kinds) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String name = e.getKey();
            String full = prefix.isEmpty() ? name : prefix + "." + name;
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                mark((prefix.isEmpty() ? "" : prefix + ".") + name.substring(0, dot), Kind.OBJECT, full, kinds);
            }
            Kind k = kindOf(e.getValue(), full);
            if (k == null) {
                continue; // null or empty list: OpenSearch maps nothing
            }
            mark(full, k, full, kinds);
            if (k == Kind.OBJECT) {
                walkObjects(e.getValue(), full, kinds);
            }
        }
    }

    private static void walkObjects(JsonNode value, String path, Map<String, Kind> kinds) {
        if (value.isObject()) {
            walk((ObjectNode) value, path, kinds);
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                walkObjects(element, path, kinds);
            }
        }
    }

    private static void mark(String path, Kind kind, String field, Map<String, Kind> kinds) {
        if (kind == Kind.OBJECT) {
            checkDepth(path);
        }
        Kind previous = kinds.putIfAbsent(path, kind);
        if (previous != null && previous != kind) {
            throw new ConversionException(path, "would hold both " + previous.label + " and " + kind.label
                    + " values (through field '" + field + "'); OpenSearch maps one type per field", null);
        }
    }

    private static ExactNumberNode number(String text, String path) {
        BigDecimal parsed;
        try {
            parsed = Numbers.parse(text);
        } catch (NumberFormatException e) {
            // Numbers' messages quote the text: keep the reason, never the item's value (the cause is left out for that reason).
            String reason = e.getMessage() != null && e.getMessage().startsWith("'" + text + "'")
                    ? e.getMessage().substring(text.length() + 2).trim() : "not a DynamoDB number";
            throw new ConversionException(path, "malformed N value: " + reason + " (" + text.length() + " characters)", null);
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
            // the decoder's message quotes a character of the value: not repeated here, nor kept as the cause
            throw new ConversionException(path, "malformed B value: not base64 (" + text.length() + " characters)", null);
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

    /** The kind of a JSON value, never the value itself (item values stay out of messages and logs). */
    private static String describe(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        String kind = v.getNodeType().name().toLowerCase(Locale.ROOT);
        if (v.isObject()) {
            return "an object with fields " + String.join(", ", (Iterable<String>) v::fieldNames);
        }
        return v.isContainerNode() ? "an array of " + v.size() : kind;
    }
}

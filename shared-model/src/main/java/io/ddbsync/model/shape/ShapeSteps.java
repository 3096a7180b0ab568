package io.ddbsync.model.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The steps a shaping chain is made of: {@link Rename}, {@link Drop}, {@link CopyTo}, {@link FlattenBlocks},
 * {@link ComputedKeyword}. Each record checks its arguments ({@link IllegalArgumentException} naming the step and the
 * argument); {@link Shaping} parses them from the JSON form.
 */
public final class ShapeSteps {

    private ShapeSteps() {
    }

    private static String field(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException(what + " must be a field name (not blank, no leading, trailing or double dot): '"
                    + name + "'");
        }
        return name;
    }

    /** Checks a from/to step's two fields: both field names, and not the same one. */
    private static void fromTo(String step, String from, String to) {
        field(from, step + ".from");
        field(to, step + ".to");
        if (from.equals(to)) {
            throw new IllegalArgumentException(step + ".from and " + step + ".to are the same field: '" + from + "'");
        }
    }

    /** The JSON form of a from/to step: {@code {"<step>": {"from": …, "to": …}}}. */
    private static ObjectNode fromToJson(String step, String from, String to) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putObject(step).put("from", from).put("to", to);
        return json;
    }

    /** {@code {"rename": {"from": "title", "to": "headline"}}}: the field moves to the new name (replacing what was there). */
    public record Rename(String from, String to) implements ShapeStep {

        public Rename {
            ShapeSteps.fromTo("rename", from, to);
        }

        @Override
        public void apply(ObjectNode document) {
            JsonNode value = document.remove(from);
            if (value != null) {
                document.set(to, value);
            }
        }

        @Override
        public String name() {
            return "rename";
        }

        @Override
        public Set<String> writes() {
            return Set.of(to);
        }

        @Override
        public ObjectNode toJson() {
            return ShapeSteps.fromToJson(name(), from, to);
        }
    }

    /** {@code {"drop": {"fields": ["draft", "internalNotes"]}}}: the fields are not indexed. */
    public record Drop(List<String> fields) implements ShapeStep {

        public Drop {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("drop.fields must name at least one field");
            }
            fields.forEach(f -> ShapeSteps.field(f, "drop.fields"));
        }

        @Override
        public void apply(ObjectNode document) {
            document.remove(fields);
        }

        @Override
        public String name() {
            return "drop";
        }

        @Override
        public Set<String> writes() {
            return Set.of();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode step = JsonNodeFactory.instance.objectNode();
            ArrayNode list = step.putObject(name()).putArray("fields");
            fields.forEach(list::add);
            return step;
        }
    }

    /** {@code {"copy_to": {"from": "title", "to": "title_exact"}}}: a copy of the field's value under a second name. */
    public record CopyTo(String from, String to) implements ShapeStep {

        public CopyTo {
            ShapeSteps.fromTo("copy_to", from, to);
        }

        @Override
        public void apply(ObjectNode document) {
            JsonNode value = document.get(from);
            if (value != null) {
                document.set(to, value.deepCopy());
            }
        }

        @Override
        public String name() {
            return "copy_to";
        }

        @Override
        public Set<String> writes() {
            return Set.of(to);
        }

        @Override
        public ObjectNode toJson() {
            return ShapeSteps.fromToJson(name(), from, to);
        }
    }

    /**
     * {@code {"flatten_blocks": {"from": "blocks", "to": "body_text", "keys": ["text", "alt", "code"], "separator": "\n",
     * "keep": true}}}: the seed post's typed blocks (a list of objects such as {@code {"type":"paragraph","text":…}},
     * {@code {"type":"image","image":{"src":…,"alt":…}}}) as one text field for full-text search. Every string value
     * under one of {@code keys}, at any depth inside a block, in block order and then document order, joined with
     * {@code separator}. {@code keys} default {@code ["text", "alt", "caption", "code"]}, {@code separator} a newline,
     * {@code keep} (the list stays in the document) true. No text: no field.
     */
    public record FlattenBlocks(String from, String to, List<String> keys, String separator, boolean keep) implements ShapeStep {

        static final List<String> DEFAULT_KEYS = List.of("text", "alt", "caption", "code");
        static final String DEFAULT_SEPARATOR = "\n";

        public FlattenBlocks {
            ShapeSteps.field(from, "flatten_blocks.from");
            ShapeSteps.field(to, "flatten_blocks.to");
            keys = List.copyOf(keys);
            Objects.requireNonNull(separator, "flatten_blocks.separator");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("flatten_blocks.keys must name at least one key");
            }
            if (from.equals(to) && keep) {
                throw new IllegalArgumentException("flatten_blocks writes to its own source field '" + from + "': set keep to false");
            }
        }

        @Override
        public void apply(ObjectNode document) {
            JsonNode blocks = document.get(from);
            if (blocks == null || !blocks.isArray()) {
                return;
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode block : blocks) {
                collect(block, texts);
            }
            if (!keep) {
                document.remove(from);
            }
            if (!texts.isEmpty()) {
                document.put(to, String.join(separator, texts));
            }
        }

        private void collect(JsonNode node, List<String> texts) {
            if (node.isObject()) {
                node.properties().forEach(e -> {
                    if (e.getValue().isTextual() && keys.contains(e.getKey())) {
                        texts.add(e.getValue().asText());
                    } else if (e.getValue().isContainerNode()) {
                        collect(e.getValue(), texts);
                    }
                });
            } else if (node.isArray()) {
                node.forEach(element -> collect(element, texts));
            }
        }

        @Override
        public String name() {
            return "flatten_blocks";
        }

        @Override
        public Set<String> writes() {
            return Set.of(to);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode step = JsonNodeFactory.instance.objectNode();
            ObjectNode args = step.putObject(name()).put("from", from).put("to", to);
            ArrayNode list = args.putArray("keys");
            keys.forEach(list::add);
            args.put("separator", separator).put("keep", keep);
            return step;
        }
    }

    /**
     * {@code {"computed_keyword": {"to": "author_status", "from": ["author", "status"], "separator": "/",
     * "lowercase": false}}}: one string from the values of other fields, for exact matching, sorting and aggregations
     * (map it as {@code keyword} in the index template; the default mapping gives every string a {@code .keyword}
     * sub-field). Strings as they are, numbers as their decimal text, booleans as {@code true}/{@code false}; a list
     * contributes each of its scalar values; absent and null fields nothing. {@code separator} defaults to {@code "|"}.
     * No value: no field.
     */
    public record ComputedKeyword(String to, List<String> from, String separator, boolean lowercase) implements ShapeStep {

        static final String DEFAULT_SEPARATOR = "|";

        public ComputedKeyword {
            ShapeSteps.field(to, "computed_keyword.to");
            from = List.copyOf(from);
            if (from.isEmpty()) {
                throw new IllegalArgumentException("computed_keyword.from must name at least one field");
            }
            from.forEach(f -> ShapeSteps.field(f, "computed_keyword.from"));
            Objects.requireNonNull(separator, "computed_keyword.separator");
        }

        @Override
        public void apply(ObjectNode document) {
            List<String> parts = new ArrayList<>();
            for (String f : from) {
                JsonNode value = document.get(f);
                if (value != null && value.isArray()) {
                    value.forEach(v -> scalar(v, parts));
                } else if (value != null) {
                    scalar(value, parts);
                }
            }
            if (!parts.isEmpty()) {
                String joined = String.join(separator, parts);
                document.put(to, lowercase ? joined.toLowerCase(Locale.ROOT) : joined);
            }
        }

        private static void scalar(JsonNode v, List<String> parts) {
            if (v.isTextual()) {
                parts.add(v.asText());
            } else if (v.isNumber()) {
                parts.add(v.decimalValue().toPlainString());
            } else if (v.isBoolean()) {
                parts.add(Boolean.toString(v.asBoolean()));
            }
        }

        @Override
        public String name() {
            return "computed_keyword";
        }

        @Override
        public Set<String> writes() {
            return Set.of(to);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode step = JsonNodeFactory.instance.objectNode();
            ObjectNode args = step.putObject(name()).put("to", to);
            ArrayNode list = args.putArray("from");
            from.forEach(list::add);
            args.put("separator", separator).put("lowercase", lowercase);
            return step;
        }
    }
}

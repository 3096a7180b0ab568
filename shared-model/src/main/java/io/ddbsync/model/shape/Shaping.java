package io.ddbsync.model.shape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shaping of every table: per table, a chain of {@link ShapeStep steps} applied to each converted document, in
 * order. One definition in one JSON form, read by everything that shapes a document — the worker
 * ({@value #VARIABLE}), reconcile and reindex ({@code --shaping}, the same JSON), the stack (the per-table
 * {@code shaping} setting, which it writes into the worker's {@value #VARIABLE}) — so the index holds what reconcile
 * compares and reindex writes.
 *
 * <p>The form: an object of table name → array of steps, each step an object with one key naming it.
 * <pre>{@code
 * {"Posts": [
 *   {"flatten_blocks":   {"from": "blocks", "to": "body_text", "keys": ["text", "alt", "code"], "separator": "\n", "keep": true}},
 *   {"rename":           {"from": "title", "to": "headline"}},
 *   {"drop":             {"fields": ["draft"]}},
 *   {"copy_to":          {"from": "headline", "to": "headline_sort"}},
 *   {"computed_keyword": {"to": "author_status", "from": ["author", "status"], "separator": "/", "lowercase": true}}
 * ]}
 * }</pre>
 * Field names are the converted document's top-level fields (after the converter renames reserved names: an item's
 * {@code _version} is {@code $_version}). Unknown steps, unknown or missing arguments and a step writing the metadata
 * field fail when the definition is read, with a {@link ShapingException} naming the table, the step and the
 * argument.
 */
public final class Shaping {

    /** The worker's environment variable holding the definition. */
    public static final String VARIABLE = "DOCUMENT_SHAPING";

    private static final Shaping NONE = new Shaping(Map.of());

    private final Map<String, List<ShapeStep>> byTable;

    private Shaping(Map<String, List<ShapeStep>> byTable) {
        Map<String, List<ShapeStep>> copy = new LinkedHashMap<>();
        byTable.forEach((table, steps) -> copy.put(table, List.copyOf(steps)));
        this.byTable = java.util.Collections.unmodifiableMap(copy);
    }

    /** No table is shaped. */
    public static Shaping none() {
        return NONE;
    }

    /** The given chains, as they are. */
    public static Shaping of(Map<String, List<ShapeStep>> byTable) {
        return byTable.isEmpty() ? NONE : new Shaping(byTable);
    }

    /**
     * Reads the JSON form; blank text is {@link #none()}.
     *
     * @throws ShapingException naming the table, the step and the argument for malformed text
     */
    public static Shaping parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ShapingException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw new ShapingException("must be a JSON object of table name to an array of steps", null);
        }
        Map<String, List<ShapeStep>> byTable = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> table : root.properties()) {
            byTable.put(table.getKey(), steps(table.getKey(), table.getValue()));
        }
        return of(byTable);
    }

    private static List<ShapeStep> steps(String table, JsonNode array) {
        if (!array.isArray()) {
            throw new ShapingException("table " + table + ": the steps must be a JSON array", null);
        }
        List<ShapeStep> steps = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode step = array.get(i);
            String where = "table " + table + ", step " + (i + 1);
            if (!step.isObject() || step.size() != 1) {
                throw new ShapingException(where + ": a step is an object with one key naming it (rename, drop, "
                        + "copy_to, flatten_blocks, computed_keyword)", null);
            }
            Map.Entry<String, JsonNode> named = step.properties().iterator().next();
            try {
                steps.add(step(named.getKey(), new Args(named.getKey(), named.getValue())));
            } catch (IllegalArgumentException e) {
                throw new ShapingException(where + " (" + named.getKey() + "): " + e.getMessage(), e);
            }
        }
        return steps;
    }

    private static ShapeStep step(String name, Args a) {
        ShapeStep step = switch (name) {
            case "rename" -> new ShapeSteps.Rename(a.text("from"), a.text("to"));
            case "drop" -> new ShapeSteps.Drop(a.texts("fields", null));
            case "copy_to" -> new ShapeSteps.CopyTo(a.text("from"), a.text("to"));
            case "flatten_blocks" -> new ShapeSteps.FlattenBlocks(a.text("from"), a.text("to"),
                    a.texts("keys", ShapeSteps.FlattenBlocks.DEFAULT_KEYS),
                    a.text("separator", ShapeSteps.FlattenBlocks.DEFAULT_SEPARATOR), a.bool("keep", true));
            case "computed_keyword" -> new ShapeSteps.ComputedKeyword(a.text("to"), a.texts("from", null),
                    a.text("separator", ShapeSteps.ComputedKeyword.DEFAULT_SEPARATOR), a.bool("lowercase", false));
            default -> throw new IllegalArgumentException("unknown step '" + name
                    + "' (rename, drop, copy_to, flatten_blocks, computed_keyword)");
        };
        a.noneLeft();
        return step;
    }

    /** The chain of a table; empty when the table is not shaped. */
    public List<ShapeStep> stepsFor(String table) {
        return byTable.getOrDefault(table, List.of());
    }

    /** The shaped tables. */
    public Set<String> tables() {
        return byTable.keySet();
    }

    public boolean isEmpty() {
        return byTable.isEmpty();
    }

    /**
     * The definition in its JSON form, every argument written out (defaults included): what the stack writes into
     * {@value #VARIABLE}; {@link #parse} of it gives an equal definition.
     */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        byTable.forEach((table, steps) -> {
            ArrayNode list = root.putArray(table);
            steps.forEach(s -> list.add(s.toJson()));
        });
        return root;
    }

    /** The definition limited to {@code tables} (the others' chains left out). */
    public Shaping only(Set<String> tables) {
        Map<String, List<ShapeStep>> kept = new LinkedHashMap<>();
        byTable.forEach((table, steps) -> {
            if (tables.contains(table)) {
                kept.put(table, steps);
            }
        });
        return of(kept);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shaping other && byTable.equals(other.byTable);
    }

    @Override
    public int hashCode() {
        return byTable.hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    /** A step's arguments: each read once; what is left over is an unknown argument. */
    private static final class Args {
        private final String step;
        private final ObjectNode args;
        private final Set<String> read = new java.util.HashSet<>();

        Args(String step, JsonNode args) {
            if (!args.isObject()) {
                throw new IllegalArgumentException("the arguments of " + step + " must be a JSON object");
            }
            this.step = step;
            this.args = (ObjectNode) args;
        }

        String text(String key) {
            String v = text(key, null);
            if (v == null) {
                throw new IllegalArgumentException(step + "." + key + " is required");
            }
            return v;
        }

        String text(String key, String defaultValue) {
            read.add(key);
            JsonNode v = args.get(key);
            if (v == null || v.isNull()) {
                return defaultValue;
            }
            if (!v.isTextual()) {
                throw new IllegalArgumentException(step + "." + key + " must be a string");
            }
            return v.asText();
        }

        List<String> texts(String key, List<String> defaultValue) {
            read.add(key);
            JsonNode v = args.get(key);
            if (v == null || v.isNull()) {
                if (defaultValue == null) {
                    throw new IllegalArgumentException(step + "." + key + " is required");
                }
                return defaultValue;
            }
            if (!v.isArray()) {
                throw new IllegalArgumentException(step + "." + key + " must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw new IllegalArgumentException(step + "." + key + " must be an array of strings");
                }
                out.add(e.asText());
            }
            return out;
        }

        boolean bool(String key, boolean defaultValue) {
            read.add(key);
            JsonNode v = args.get(key);
            if (v == null || v.isNull()) {
                return defaultValue;
            }
            if (!v.isBoolean()) {
                throw new IllegalArgumentException(step + "." + key + " must be true or false");
            }
            return v.asBoolean();
        }

        void noneLeft() {
            for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!read.contains(key)) {
                    throw new IllegalArgumentException("unknown argument " + step + "." + key);
                }
            }
        }
    }
}

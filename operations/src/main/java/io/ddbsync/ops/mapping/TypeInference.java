package io.ddbsync.ops.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.ConversionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The types of every path across a sample of documents, as OpenSearch sees them: dotted field names expanded
 * ({@code a.b} is field {@code b} of object {@code a}), list and set elements at their list's path (OpenSearch
 * flattens arrays), an object inside a list at the list's path. Items the converter refuses are kept apart with
 * the converter's reason ({@link Refusal}). Thread-safe: scan segments add concurrently.
 */
public final class TypeInference {

    /** Items the converter refused for one reason at one path (array positions left out of the path). */
    public record Refusal(String path, String reason, long count, List<String> sampleKeys) {

        public Refusal {
            sampleKeys = List.copyOf(sampleKeys);
        }
    }

    private final int sampleKeys;
    private final Map<String, PathStats> paths = new TreeMap<>();
    private final Map<String, Refusal> refusals = new LinkedHashMap<>();
    private long documents;

    /** @param sampleKeys how many item keys to keep per type and per conflict */
    public TypeInference(int sampleKeys) {
        if (sampleKeys < 0) {
            throw new IllegalArgumentException("sampleKeys must not be negative: " + sampleKeys);
        }
        this.sampleKeys = sampleKeys;
    }

    /**
     * One converted document.
     *
     * @param key          the item's key as reports show it (its document id)
     * @param document     the document the worker writes
     * @param image        the item (DynamoDB JSON), for the DynamoDB types of paths the document keeps; may be null
     * @param fieldOfTop   the document field of a top-level attribute (the converter's renaming)
     */
    public synchronized void add(String key, ObjectNode document, ObjectNode image,
                                 java.util.function.Function<String, String> fieldOfTop) {
        documents++;
        walk(document, "", key);
        if (image != null) {
            for (Map.Entry<String, JsonNode> e : image.properties()) {
                tags(fieldOfTop.apply(e.getKey()), e.getValue());
            }
        }
    }

    /** An item the converter refused (the worker dead-letters it, whatever the mapping). */
    public synchronized void refused(String key, ConversionException e) {
        String path = e.path() == null ? "" : e.path().replaceAll("\\[\\d+]", "");
        String message = e.getMessage();
        String reason = e.path() != null && message.startsWith("attribute '" + e.path() + "': ")
                ? message.substring(("attribute '" + e.path() + "': ").length()) : message;
        String id = path + "\u0000" + reason;
        Refusal before = refusals.get(id);
        List<String> keys = new ArrayList<>(before == null ? List.of() : before.sampleKeys());
        if (keys.size() < sampleKeys && !keys.contains(key)) {
            keys.add(key);
        }
        refusals.put(id, new Refusal(path, reason, before == null ? 1 : before.count() + 1, keys));
    }

    public synchronized long documents() {
        return documents;
    }

    /** Path → what it held, sorted by path. */
    public synchronized Map<String, PathStats> paths() {
        return Collections.unmodifiableMap(new TreeMap<>(paths));
    }

    public synchronized List<Refusal> refusals() {
        return List.copyOf(refusals.values());
    }

    public int sampleKeys() {
        return sampleKeys;
    }

    private PathStats stats(String path) {
        return paths.computeIfAbsent(path, p -> new PathStats(sampleKeys));
    }

    private void walk(ObjectNode object, String prefix, String key) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String name = e.getKey();
            String base = prefix.isEmpty() ? "" : prefix + ".";
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                stats(base + name.substring(0, dot)).add(ValueType.OBJECT, key);
            }
            value(base + name, e.getValue(), key);
        }
    }

    private void value(String path, JsonNode node, String key) {
        if (node.isArray()) {
            PathStats s = stats(path);
            s.addList();
            for (JsonNode element : node) {
                value(path, element, key);
            }
            return;
        }
        ValueType type = ValueType.of(node);
        if (node.isNumber()) {
            stats(path).addNumber(type, node.asText(), node.decimalValue(), key);
        } else {
            stats(path).add(type, key);
        }
        if (type == ValueType.OBJECT) {
            walk((ObjectNode) node, path, key);
        }
    }

    /** DynamoDB types along the item's own paths; only paths the document holds (shaping may have moved others). */
    private void tags(String path, JsonNode typed) {
        if (typed == null || !typed.isObject() || typed.size() != 1) {
            return;
        }
        PathStats s = paths.get(path);
        if (s == null) {
            return;
        }
        Map.Entry<String, JsonNode> only = typed.properties().iterator().next();
        s.addDynamoType(only.getKey());
        if ("M".equals(only.getKey()) && only.getValue().isObject()) {
            for (Map.Entry<String, JsonNode> e : only.getValue().properties()) {
                tags(path + "." + e.getKey(), e.getValue());
            }
        } else if ("L".equals(only.getKey()) && only.getValue().isArray()) {
            for (JsonNode element : only.getValue()) {
                tags(path, element);
            }
        }
    }
}

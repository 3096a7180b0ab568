package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Item images in DynamoDB JSON: equality that ignores set order, and DynamoDB's item size rules. */
final class Images {
    private Images() {
    }

    /** Whether two images (either may be null = no item) hold the same attributes and values. */
    static boolean same(ObjectNode a, ObjectNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return normalized(a).equals(normalized(b));
    }

    /** The size of an item as DynamoDB counts it: attribute names plus values, in bytes. */
    static long size(JsonNode item) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            size += utf8(field.getKey()) + valueSize(field.getValue());
        }
        return size;
    }

    private static long valueSize(JsonNode value) {
        if (!value.isObject() || value.size() != 1) {
            return 0;
        }
        Map.Entry<String, JsonNode> typed = value.fields().next();
        JsonNode content = typed.getValue();
        switch (typed.getKey()) {
            case "S":
                return utf8(content.asText());
            case "N":
                return numberSize(content.asText());
            case "B":
                return binarySize(content.asText());
            case "BOOL":
            case "NULL":
                return 1;
            case "SS":
                return sum(content, element -> utf8(element.asText()));
            case "NS":
                return sum(content, element -> numberSize(element.asText()));
            case "BS":
                return sum(content, element -> binarySize(element.asText()));
            case "L":
                return 3 + sum(content, element -> 1 + valueSize(element));
            case "M":
                return 3 + size(content) + content.size();
            default:
                return 0;
        }
    }

    private static long sum(JsonNode elements, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode element : elements) {
            total += size.applyAsLong(element);
        }
        return total;
    }

    private static long numberSize(String number) {
        long digits = number.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long binarySize(String base64) {
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return base64.length() * 3L / 4 - padding;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode normalized(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ApiBodies.object();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                boolean set = node.size() == 1 && ("SS".equals(name) || "NS".equals(name) || "BS".equals(name));
                copy.set(name, set ? sorted(field.getValue()) : normalized(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ApiBodies.object().arrayNode();
            node.forEach(element -> copy.add(normalized(element)));
            return copy;
        }
        return node;
    }

    private static ArrayNode sorted(JsonNode set) {
        List<String> values = new ArrayList<>();
        set.forEach(element -> values.add(element.asText()));
        values.sort(null);
        ArrayNode copy = ApiBodies.object().arrayNode();
        values.forEach(copy::add);
        return copy;
    }
}

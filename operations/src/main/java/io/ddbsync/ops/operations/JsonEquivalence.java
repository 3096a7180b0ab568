package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a stored {@code _source} holds the same content as a freshly converted document.
 * Object fields compare regardless of order. Numbers compare by value: the worker's script copies
 * the document through painless, which re-encodes numbers ({@code 1.50} comes back as {@code 1.5},
 * and numbers beyond a double's precision as the nearest double, which is also what the index
 * maps them to), so two numbers are equal when their decimal values are, or their doubles are.
 */
final class JsonEquivalence {

    private JsonEquivalence() {
    }

    static boolean equivalent(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return numbersEqual(a, b);
        }
        if (a.isNumber() || b.isNumber()) {
            return false;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !equivalent(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equivalent(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static boolean numbersEqual(JsonNode a, JsonNode b) {
        try {
            if (a.decimalValue().compareTo(b.decimalValue()) == 0) {
                return true;
            }
        } catch (NumberFormatException e) {
            // not representable as a decimal: compare as doubles
        }
        return Double.compare(a.asDouble(), b.asDouble()) == 0 || Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
}

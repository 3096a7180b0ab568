package io.ddbsync.model.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Strict reading of the backfill's small JSON objects: a missing or mistyped field is a {@link BackfillWireException} naming it. */
final class WireFields {

    private final String what;
    private final ObjectNode node;

    private WireFields(String what, ObjectNode node) {
        this.what = what;
        this.node = node;
    }

    static WireFields parse(String what, String json) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BackfillWireException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new BackfillWireException(what + " is not a JSON object");
        }
        return new WireFields(what, (ObjectNode) tree);
    }

    static String write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new BackfillWireException(what + ": field " + field + " must be a non-empty string");
        }
        return v.asText();
    }

    long integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BackfillWireException(what + ": field " + field + " must be an integer");
        }
        return v.asLong();
    }

    long integer(String field, long defaultValue) {
        return node.hasNonNull(field) ? integer(field) : defaultValue;
    }

    double number(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new BackfillWireException(what + ": field " + field + " must be a number");
        }
        return v.asDouble();
    }

    boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new BackfillWireException(what + ": field " + field + " must be true or false");
        }
        return v.asBoolean();
    }

    Instant instant(String field) {
        String v = text(field);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BackfillWireException(what + ": field " + field + " must be an ISO-8601 instant", e);
        }
    }

    /** An object, or null when the field is absent or JSON null. */
    ObjectNode objectOrNull(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new BackfillWireException(what + ": field " + field + " must be an object or null");
        }
        return (ObjectNode) v;
    }
}

package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quarantine of fields the index mapping refuses (docs/DESIGN.md "Quarantine"): such a field is moved out of the
 * indexed document into the metadata field's {@value #VALUES} object, mapped {@code "enabled": false} (kept in
 * {@code _source}, never indexed), and its path is listed in the metadata's {@value #FIELDS} ({@code keyword}): the
 * document stays searchable by every other field and marked, names only. {@link #restore} puts the values back where
 * they were, which is the document the item converts to: what reconcile compares and what a reindex copies.
 *
 * <p>Which field OpenSearch refused is read from its error ({@link #refusedField}); an error that names no field (the
 * total fields limit, a depth limit, a too-large document) cannot be fixed by a quarantine.
 */
public final class FieldQuarantine {

    /** The metadata sub-object holding the quarantined values by path, mapped {@code enabled: false}. */
    public static final String VALUES = "quarantine";
    /** The metadata sub-field listing the quarantined paths ({@code keyword}). */
    public static final String FIELDS = "quarantined_fields";

    /**
     * The error types of a document refused because of a field's value (OpenSearch 2.x answers
     * {@code mapper_parsing_exception}; later versions {@code document_parsing_exception}).
     */
    private static final List<String> PARSING_TYPES = List.of("mapper_parsing_exception", "document_parsing_exception");
    /** The position some versions put before a parsing reason ({@code [1:20] failed to parse …}). */
    private static final String AT = "^(?:\\[\\d+:\\d+] )?";
    /**
     * Parsing reasons that name the refused field: a value that does not parse as the mapped type, an object/value
     * clash either way.
     */
    private static final List<Pattern> PARSING_REASONS = List.of(
            Pattern.compile(AT + "failed to parse field \\[(.+?)] of type \\["),
            Pattern.compile(AT + "object mapping for \\[(.+?)] tried to parse field \\[.+?] as object, but found a concrete value"),
            Pattern.compile(AT + "Could not dynamically add mapping for field \\[(.+?)]\\."));
    /** The reason of two dynamic mappings of one field racing ({@code illegal_argument_exception}). */
    private static final Pattern MAPPER_CHANGED = Pattern.compile("^mapper \\[(.+?)] cannot be changed from type \\[");

    private FieldQuarantine() {
    }

    /**
     * The path of the field a bulk item's {@code error} object says the mapping refused, if it names one: a
     * {@code mapper_parsing_exception}/{@code document_parsing_exception} "failed to parse field [price] of type [double]"
     * (or an object/value clash), or an {@code illegal_argument_exception} "mapper [price] cannot be changed from type
     * [long] to [text]" (two dynamic mappings racing). Empty for any other error.
     */
    public static Optional<String> refusedField(JsonNode error) {
        String type = error.path("type").asText("");
        String reason = error.path("reason").asText("");
        if ("illegal_argument_exception".equals(type)) {
            Matcher m = MAPPER_CHANGED.matcher(reason);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
        if (!PARSING_TYPES.contains(type)) {
            return Optional.empty();
        }
        for (Pattern p : PARSING_REASONS) {
            Matcher m = p.matcher(reason);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * Removes the field at {@code path} from {@code doc} (in place) and returns its value; empty when the document has
     * no such field. OpenSearch names a nested field {@code a.b}; an attribute whose own name has a dot is matched too
     * (the longest name at each level first).
     */
    static Optional<JsonNode> remove(ObjectNode doc, String path) {
        if (doc.has(path)) {
            return Optional.of(doc.remove(path));
        }
        int dot = path.lastIndexOf('.');
        while (dot > 0) {
            JsonNode parent = doc.get(path.substring(0, dot));
            if (parent instanceof ObjectNode o) {
                Optional<JsonNode> found = remove(o, path.substring(dot + 1));
                if (found.isPresent()) {
                    return found;
                }
            }
            dot = path.lastIndexOf('.', dot - 1);
        }
        return Optional.empty();
    }

    /** The paths a stored document's metadata lists as quarantined; empty for none. */
    public static List<String> fields(JsonNode metadata) {
        List<String> out = new ArrayList<>();
        metadata.path(FIELDS).forEach(f -> out.add(f.asText()));
        return List.copyOf(out);
    }

    /**
     * The content of a stored {@code _source} as the item converted to: without the metadata field, the quarantined
     * values put back at their paths (a path whose parent objects are gone gets them back). {@code source} is not
     * changed.
     */
    public static ObjectNode restore(JsonNode source, String metadataField) {
        ObjectNode content = ((ObjectNode) source).deepCopy();
        JsonNode meta = content.remove(metadataField);
        if (meta == null) {
            return content;
        }
        meta.path(VALUES).properties().forEach(e -> put(content, e.getKey(), e.getValue()));
        return content;
    }

    /** Puts a value back at a path: under an existing object where a prefix of the path names one, else at the top. */
    private static void put(ObjectNode doc, String path, JsonNode value) {
        int dot = path.indexOf('.');
        while (dot > 0) {
            JsonNode parent = doc.get(path.substring(0, dot));
            if (parent instanceof ObjectNode o) {
                put(o, path.substring(dot + 1), value);
                return;
            }
            dot = path.indexOf('.', dot + 1);
        }
        doc.set(path, value);
    }

    /** An empty values object. */
    static ObjectNode emptyValues() {
        return JsonNodeFactory.instance.objectNode();
    }
}

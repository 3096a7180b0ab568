package io.ddbsync.worker.opensearch;

import io.ddbsync.aws.search.SearchJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.ConfigException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings and mappings of each index: the default (numbers as {@code double}, strings as
 * {@code text} with a {@code keyword} sub-field) or a user-supplied {@code {"settings":…,"mappings":…}}
 * per index, which replaces the default. The reserved metadata field's mapping is always added, its
 * quarantine object ({@link FieldQuarantine}) included.
 *
 * <p>The shape is checked when built, so a malformed INDEX_TEMPLATES fails at start naming the
 * variable (and the index): keys must be valid index names; each value an object with only
 * {@code settings} (an object) and {@code mappings} (an object whose {@code properties}, if any, is
 * an object that does not map the reserved metadata field).
 */
public final class IndexTemplates {

    /** Env var: JSON object index name → {"settings":{…},"mappings":{…}}; optional. */
    public static final String ENV = "INDEX_TEMPLATES";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> custom;
    private final String metadataField;

    /** @throws ConfigException naming INDEX_TEMPLATES and the index for a malformed template */
    public IndexTemplates(Map<String, ObjectNode> custom, String metadataField) {
        Map<String, ObjectNode> copy = new LinkedHashMap<>();
        custom.forEach((k, v) -> {
            checkShape(k, v, metadataField);
            copy.put(k, v.deepCopy());
        });
        this.custom = Map.copyOf(copy);
        this.metadataField = metadataField;
    }

    public static IndexTemplates fromEnv(Map<String, String> env, String metadataField) {
        String text = env.getOrDefault(ENV, "");
        if (text.isBlank()) {
            return new IndexTemplates(Map.of(), metadataField);
        }
        try {
            JsonNode root = SearchJson.mapper().readTree(text);
            if (!root.isObject()) {
                throw new ConfigException(ENV, "must be a JSON object of index name to {settings, mappings}");
            }
            Map<String, ObjectNode> custom = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException(ENV, "the value for index " + e.getKey() + " must be a JSON object {settings, mappings}");
                }
                custom.put(e.getKey(), (ObjectNode) e.getValue());
            }
            return new IndexTemplates(custom, metadataField);
        } catch (IOException e) {
            throw new ConfigException(ENV, "is not valid JSON", e);
        }
    }

    private static void checkShape(String index, JsonNode template, String metadataField) {
        io.ddbsync.model.config.IndexNames.problem(index).ifPresent(p -> {
            throw new ConfigException(ENV, "key " + index + ": " + p);
        });
        if (template == null || !template.isObject()) {
            throw new ConfigException(ENV, "the value for index " + index + " must be a JSON object {settings, mappings}");
        }
        for (Map.Entry<String, JsonNode> e : template.properties()) {
            if (!e.getKey().equals("settings") && !e.getKey().equals("mappings")) {
                throw new ConfigException(ENV, "index " + index + ": unknown key '" + e.getKey() + "' (only settings and mappings)");
            }
            if (!e.getValue().isObject()) {
                throw new ConfigException(ENV, "index " + index + ": " + e.getKey() + " must be a JSON object");
            }
        }
        JsonNode properties = template.path("mappings").path("properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            throw new ConfigException(ENV, "index " + index + ": mappings.properties must be a JSON object");
        }
        if (properties.has(metadataField)) {
            throw new ConfigException(ENV, "index " + index + ": mappings.properties must not map " + metadataField
                    + ", ddbsync's metadata field (METADATA_FIELD); ddbsync adds its mapping");
        }
    }

    /** The {@code template} part of a composable index template for this index. */
    public ObjectNode templateBody(String index) {
        ObjectNode supplied = custom.get(index);
        ObjectNode template = F.objectNode();
        if (supplied != null) {
            if (supplied.has("settings")) {
                template.set("settings", supplied.get("settings").deepCopy());
            }
            // Settings alone (e.g. replicas, shards) keep the default mappings.
            ObjectNode mappings = supplied.has("mappings") ? (ObjectNode) supplied.get("mappings").deepCopy() : defaultMappings();
            template.set("mappings", withMetadata(mappings));
            return template;
        }
        template.set("mappings", withMetadata(defaultMappings()));
        return template;
    }

    private ObjectNode withMetadata(ObjectNode mappings) {
        ObjectNode properties = mappings.has("properties") ? (ObjectNode) mappings.get("properties") : mappings.putObject("properties");
        ObjectNode meta = properties.putObject(metadataField);
        ObjectNode p = meta.putObject("properties");
        p.putObject("version").put("type", "keyword");
        p.putObject("deleted").put("type", "boolean");
        p.putObject("table").put("type", "keyword");
        p.putObject("updated_at").put("type", "date").put("format", "epoch_millis");
        p.putObject("ttl").put("type", "boolean");
        p.putObject("key").put("type", "object").put("enabled", false);
        addQuarantine(p);
        return mappings;
    }

    /**
     * A {@code _mapping} body that adds the metadata's quarantine fields to an index made before they existed (or by a
     * template that lacks them): {@value FieldQuarantine#FIELDS} {@code keyword}, {@value FieldQuarantine#VALUES} an
     * object with {@code enabled: false}, so quarantined values are never indexed by dynamic mapping.
     */
    public static ObjectNode quarantineMapping(String metadataField) {
        ObjectNode body = F.objectNode();
        addQuarantine(body.putObject("properties").putObject(metadataField).putObject("properties"));
        return body;
    }

    private static void addQuarantine(ObjectNode metadataProperties) {
        metadataProperties.putObject(FieldQuarantine.FIELDS).put("type", "keyword");
        metadataProperties.putObject(FieldQuarantine.VALUES).put("type", "object").put("enabled", false);
    }

    private static ObjectNode defaultMappings() {
        ObjectNode mappings = F.objectNode();
        mappings.put("date_detection", false);
        ArrayNode dynamic = mappings.putArray("dynamic_templates");
        ObjectNode numbers = dynamic.addObject().putObject("numbers_as_double");
        numbers.put("match_mapping_type", "long");
        numbers.putObject("mapping").put("type", "double");
        ObjectNode doubles = dynamic.addObject().putObject("floats_as_double");
        doubles.put("match_mapping_type", "double");
        doubles.putObject("mapping").put("type", "double");
        ObjectNode strings = dynamic.addObject().putObject("strings_as_text_and_keyword");
        strings.put("match_mapping_type", "string");
        ObjectNode sm = strings.putObject("mapping");
        sm.put("type", "text");
        sm.putObject("fields").putObject("keyword").put("type", "keyword").put("ignore_above", 256);
        return mappings;
    }
}

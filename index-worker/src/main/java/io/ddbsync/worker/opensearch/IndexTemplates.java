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
 *
 * <p>Per index, a {@link TextAnalysis} ({@value #TEXT_ANALYSIS_ENV}: {@code posts=korean,other=cjk}; unlisted
 * indexes {@code standard}) adds the index's {@code default} analyzer to the template's settings, with the
 * default mappings or a custom template alike. A custom template that declares a {@code default} analyzer
 * itself cannot also take one: that fails at start naming both variables.
 */
public final class IndexTemplates {

    /** Env var: JSON object index name → {"settings":{…},"mappings":{…}}; optional. */
    public static final String ENV = "INDEX_TEMPLATES";

    /** Env var: {@code index=analysis,…} with analysis {@code standard} (default), {@code cjk} or {@code korean}; optional. */
    public static final String TEXT_ANALYSIS_ENV = "TEXT_ANALYSIS";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> custom;
    private final Map<String, TextAnalysis> analysis;
    private final String metadataField;

    /** @throws ConfigException naming INDEX_TEMPLATES and the index for a malformed template */
    public IndexTemplates(Map<String, ObjectNode> custom, String metadataField) {
        this(custom, Map.of(), metadataField);
    }

    /**
     * @param custom   index → {@code {"settings","mappings"}} replacing the default template
     * @param analysis index → its text analysis; unlisted indexes {@link TextAnalysis#STANDARD}
     * @throws ConfigException naming INDEX_TEMPLATES (malformed template) or TEXT_ANALYSIS (bad index name, a
     *                         custom template that declares its own {@code default} analyzer)
     */
    public IndexTemplates(Map<String, ObjectNode> custom, Map<String, TextAnalysis> analysis, String metadataField) {
        Map<String, ObjectNode> copy = new LinkedHashMap<>();
        custom.forEach((k, v) -> {
            checkShape(k, v, metadataField);
            copy.put(k, v.deepCopy());
        });
        analysis.forEach((index, a) -> {
            io.ddbsync.model.config.IndexNames.problem(index).ifPresent(p -> {
                throw new ConfigException(TEXT_ANALYSIS_ENV, "index " + index + ": " + p);
            });
            if (a != TextAnalysis.STANDARD && copy.containsKey(index) && declaresDefaultAnalyzer(copy.get(index).path("settings"))) {
                throw new ConfigException(TEXT_ANALYSIS_ENV, "index " + index + " is " + a.configName() + ", but its "
                        + ENV + " template declares a default analyzer of its own: keep one of the two");
            }
        });
        this.custom = Map.copyOf(copy);
        this.analysis = Map.copyOf(analysis);
        this.metadataField = metadataField;
    }

    /** INDEX_TEMPLATES and TEXT_ANALYSIS, each optional. */
    public static IndexTemplates fromEnv(Map<String, String> env, String metadataField) {
        return new IndexTemplates(customFromEnv(env), analysisFromEnv(env), metadataField);
    }

    /** TEXT_ANALYSIS: {@code index=analysis,…} → index → analysis, in order. */
    static Map<String, TextAnalysis> analysisFromEnv(Map<String, String> env) {
        String text = env.getOrDefault(TEXT_ANALYSIS_ENV, "");
        Map<String, TextAnalysis> byIndex = new LinkedHashMap<>();
        if (text.isBlank()) {
            return byIndex;
        }
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (eq <= 0 || e.indexOf('=', eq + 1) >= 0) {
                throw new ConfigException(TEXT_ANALYSIS_ENV, "entry '" + e + "' is not of the format index=standard|cjk|korean");
            }
            String index = e.substring(0, eq).trim();
            if (byIndex.put(index, TextAnalysis.of(TEXT_ANALYSIS_ENV, e.substring(eq + 1))) != null) {
                throw new ConfigException(TEXT_ANALYSIS_ENV, "index " + index + " is listed twice");
            }
        }
        return byIndex;
    }

    private static Map<String, ObjectNode> customFromEnv(Map<String, String> env) {
        String text = env.getOrDefault(ENV, "");
        if (text.isBlank()) {
            return Map.of();
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
            return custom;
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

    /** The text analysis of this index ({@link TextAnalysis#STANDARD} unless TEXT_ANALYSIS names it). */
    public TextAnalysis analysisOf(String index) {
        return analysis.getOrDefault(index, TextAnalysis.STANDARD);
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
        } else {
            template.set("mappings", withMetadata(defaultMappings()));
        }
        analysisOf(index).analysisSettings().ifPresent(added -> {
            ObjectNode settings = template.has("settings") ? (ObjectNode) template.get("settings") : F.objectNode();
            ObjectNode into = settings.has("analysis") && settings.get("analysis").isObject()
                    ? (ObjectNode) settings.get("analysis") : settings.putObject("analysis");
            added.properties().forEach(e -> {
                ObjectNode kind = into.has(e.getKey()) && into.get(e.getKey()).isObject()
                        ? (ObjectNode) into.get(e.getKey()) : into.putObject(e.getKey());
                kind.setAll((ObjectNode) e.getValue());
            });
            // settings first, as OpenSearch prints a template
            ObjectNode ordered = F.objectNode();
            ordered.set("settings", settings);
            ordered.set("mappings", template.get("mappings"));
            template.removeAll();
            template.setAll(ordered);
        });
        return template;
    }

    /** Whether index settings (nested or flat keys) declare an analyzer named {@code default}. */
    private static boolean declaresDefaultAnalyzer(com.fasterxml.jackson.databind.JsonNode settings) {
        if (!settings.isObject()) {
            return false;
        }
        if (settings.path("analysis").path("analyzer").has("default")
                || settings.path("index").path("analysis").path("analyzer").has("default")) {
            return true;
        }
        for (String key : (Iterable<String>) settings::fieldNames) {
            if (key.startsWith("analysis.analyzer.default.") || key.startsWith("index.analysis.analyzer.default.")) {
                return true;
            }
        }
        return false;
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

package io.ddbsync.ops.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a sample says about a table's index: each path's types, the conflicts, and a proposed template — the body
 * {@code ddbsync reindex --template} takes and the value of the index's entry in the worker's
 * {@code INDEX_TEMPLATES} ({@code {"mappings":{…}}}, plus {@code "settings"} when the field limit must grow). The
 * template maps every path the sample held explicitly ({@link FieldMappings}), turns date detection off, and sets
 * the policy for paths the sample did not hold ({@link Dynamic}). The worker adds its metadata field's mapping.
 *
 * @param sampled    items read from the table
 * @param complete   true when the sample is surely the whole table (false: the scan stopped at the sample size)
 * @param documents  items converted into documents (the others are refused, see the conflicts)
 * @param paths      path → what it held
 * @param conflicts  by path, then kind
 * @param template   the proposed {@code {"settings"?, "mappings"}}
 * @param fields     fields the template's mappings define, the worker's metadata fields included (what
 *                   {@code index.mapping.total_fields.limit} counts)
 */
public record MappingPlan(long sampled, boolean complete, long documents, Map<String, PathStats> paths,
                          List<Conflict> conflicts, ObjectNode template, int fields) {

    /** OpenSearch's default {@code index.mapping.total_fields.limit}. */
    public static final int DEFAULT_TOTAL_FIELDS_LIMIT = 1000;
    /**
     * Fields of the worker's metadata object (the object, version, deleted, table, updated_at, ttl, key,
     * quarantined_fields, quarantine).
     */
    static final int METADATA_FIELDS = 9;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The template's policy for paths the sample did not hold: OpenSearch's {@code dynamic} mapping parameter. */
    public enum Dynamic {
        /** New paths are mapped as they come, by ddbsync's default dynamic templates (numbers double, strings text+keyword). */
        TRUE,
        /** New paths are kept in {@code _source} and not indexed: never refused, not searchable until mapped. */
        FALSE,
        /** A document with a new path is refused. */
        STRICT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param dynamic          policy for new paths
     * @param totalFieldsLimit the index's {@code index.mapping.total_fields.limit} (OpenSearch's default: 1000)
     * @param metadataField    the worker's metadata field (for its dynamic templates' source)
     */
    public record Settings(Dynamic dynamic, int totalFieldsLimit, String metadataField) {

        public Settings {
            Objects.requireNonNull(dynamic, "dynamic");
            if (totalFieldsLimit < 1) {
                throw new IllegalArgumentException("totalFieldsLimit must be positive: " + totalFieldsLimit);
            }
            Objects.requireNonNull(metadataField, "metadataField");
        }

        public static Settings defaults(String metadataField) {
            return new Settings(Dynamic.TRUE, DEFAULT_TOTAL_FIELDS_LIMIT, metadataField);
        }
    }

    public MappingPlan {
        paths = Map.copyOf(paths);
        conflicts = List.copyOf(conflicts);
        template = template.deepCopy();
    }

    @Override
    public ObjectNode template() {
        return template.deepCopy();
    }

    @Override
    public Map<String, PathStats> paths() {
        return new java.util.TreeMap<>(paths);
    }

    /** The plan of what {@code inference} gathered from {@code sampled} items. */
    public static MappingPlan of(TypeInference inference, long sampled, boolean complete, Settings settings) {
        Map<String, PathStats> paths = inference.paths();
        ObjectNode mappings = F.objectNode();
        mappings.put("dynamic", settings.dynamic().value());
        mappings.put("date_detection", false);
        if (settings.dynamic() == Dynamic.TRUE) {
            JsonNode defaults = new IndexTemplates(Map.of(), settings.metadataField()).templateBody("ddbsync-plan")
                    .path("mappings").path("dynamic_templates");
            mappings.set("dynamic_templates", defaults.deepCopy());
        }
        Map<String, Integer> fieldsByTop = new HashMap<>();
        mappings.set("properties", properties(paths, fieldsByTop));
        int fields = METADATA_FIELDS + fieldsByTop.values().stream().mapToInt(Integer::intValue).sum();

        List<Conflict> conflicts = new ArrayList<>();
        paths.forEach((path, s) -> conflicts.addAll(Conflicts.of(path, s)));
        inference.refusals().forEach(r -> conflicts.add(Conflicts.refused(r)));
        ObjectNode template = F.objectNode();
        if (fields > settings.totalFieldsLimit()) {
            int limit = proposedLimit(fields);
            conflicts.add(Conflicts.totalFields(paths, fieldsByTop, fields, settings.totalFieldsLimit(), limit, inference.sampleKeys()));
            template.putObject("settings").putObject("index").putObject("mapping").putObject("total_fields").put("limit", limit);
        }
        template.set("mappings", mappings);
        conflicts.sort(Comparator.comparing(Conflict::path).thenComparing(Conflict::kind));
        return new MappingPlan(sampled, complete, inference.documents(), paths, conflicts, template, fields);
    }

    /** The limit proposed for {@code fields}: a quarter more, rounded up to a hundred, so the next paths fit too. */
    static int proposedLimit(int fields) {
        return (fields + fields / 4 + 99) / 100 * 100;
    }

    private static ObjectNode properties(Map<String, PathStats> paths, Map<String, Integer> fieldsByTop) {
        ObjectNode root = F.objectNode();
        Map<String, ObjectNode> containers = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        for (Map.Entry<String, PathStats> e : paths.entrySet()) {
            String path = e.getKey();
            if (disabled.stream().anyMatch(d -> path.startsWith(d + "."))) {
                continue;
            }
            int dot = path.lastIndexOf('.');
            ObjectNode container = dot < 0 ? root : containers.get(path.substring(0, dot));
            if (container == null) {
                continue; // under a path that is not an object: cannot happen for converted documents
            }
            String name = path.substring(dot + 1);
            String top = dot < 0 ? path : path.substring(0, path.indexOf('.'));
            FieldMappings.Choice choice = FieldMappings.choose(e.getValue());
            if (choice == FieldMappings.Choice.OBJECT) {
                containers.put(path, container.putObject(name).putObject("properties"));
                fieldsByTop.merge(top, 1, Integer::sum);
            } else {
                ObjectNode leaf = FieldMappings.leaf(choice, e.getValue());
                container.set(name, leaf);
                fieldsByTop.merge(top, FieldMappings.fieldCount(leaf), Integer::sum);
                if (choice == FieldMappings.Choice.DISABLED_OBJECT) {
                    disabled.add(path);
                }
            }
        }
        return root;
    }

    /** The mapping the template gives a path that held {@code s}, in words (for reports). */
    public static String proposed(PathStats s) {
        return Conflicts.describe(FieldMappings.choose(s));
    }

    /** The number of conflicts of a kind. */
    public long count(Conflict.Kind kind) {
        return conflicts.stream().filter(c -> c.kind() == kind).count();
    }

}

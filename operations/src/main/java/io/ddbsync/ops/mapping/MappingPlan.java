package io.ddbsync.ops.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
    /** Fields of the worker's metadata object (the object, version, deleted, table, updated_at, ttl, key). */
    static final int METADATA_FIELDS = 7;

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
        paths.forEach((path, s) -> conflicts.addAll(conflictsOf(path, s)));
        for (TypeInference.Refusal r : inference.refusals()) {
            boolean depth = r.reason().contains("deeper than");
            conflicts.add(new Conflict(r.path(), depth ? Conflict.Kind.DEPTH : Conflict.Kind.TYPES, r.count(), r.sampleKeys(),
                    (depth ? "" : "in one item: ") + r.reason() + "; the worker refuses these items under any mapping "
                            + "(shape or change them: the shaping's drop or flatten steps, or the attribute lists)"));
        }
        ObjectNode template = F.objectNode();
        if (fields > settings.totalFieldsLimit()) {
            int limit = proposedLimit(fields);
            conflicts.add(totalFields(paths, fieldsByTop, fields, settings.totalFieldsLimit(), limit, inference.sampleKeys()));
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

    /** The conflicts one path shows. */
    static List<Conflict> conflictsOf(String path, PathStats s) {
        List<Conflict> found = new ArrayList<>();
        FieldMappings.Choice choice = FieldMappings.choose(s);
        Set<ValueType.Family> families = s.families();
        if (families.size() > 1) {
            Set<ValueType> all = EnumSet.copyOf(s.types());
            all.remove(ValueType.NULL);
            found.add(new Conflict(path, Conflict.Kind.TYPES, s.count(all), s.samples(all), describe(s, all)
                    + " at one path: whichever comes first decides the field's type and OpenSearch refuses the others; proposed: "
                    + describe(choice)));
        } else if (families.equals(Set.of(ValueType.Family.NUMBER)) && s.integerTokens() > 0
                && s.count(ValueType.FRACTIONAL) + s.count(ValueType.BEYOND_DOUBLE) > 0) {
            Set<ValueType> fractions = EnumSet.of(ValueType.FRACTIONAL, ValueType.BEYOND_DOUBLE);
            List<String> keys = merge(s.integerTokenSamples(), s.samples(fractions), s.sampleKeys());
            found.add(new Conflict(path, Conflict.Kind.TYPES, s.integerTokens() + s.count(fractions), keys,
                    s.integerTokens() + " integer(s) and " + s.count(fractions) + " fractional number(s): when an integer comes "
                            + "first OpenSearch's dynamic mapping makes the field a long and cuts the fractions of the others; "
                            + "proposed: " + describe(choice)));
        }
        if (families.equals(Set.of(ValueType.Family.NUMBER))) {
            Set<ValueType> beyond = EnumSet.of(ValueType.UNSIGNED, ValueType.BEYOND_DOUBLE);
            long count = s.count(beyond);
            List<String> keys = s.samples(beyond);
            if (choice == FieldMappings.Choice.EXACT_NUMBER && s.longsBeyondDouble() > 0) {
                count += s.longsBeyondDouble();
                keys = merge(keys, s.longsBeyondDoubleSamples(), s.sampleKeys());
            }
            if (count > 0) {
                found.add(new Conflict(path, Conflict.Kind.PRECISION, count, keys, describe(s, beyond)
                        + (s.longsBeyondDouble() > 0 && choice == FieldMappings.Choice.EXACT_NUMBER
                        ? ", " + s.longsBeyondDouble() + " integral beyond 2^53 next to fractions" : "")
                        + ": a long refuses or a double rounds them; proposed: " + describe(choice)));
            }
        }
        if (s.count(ValueType.DATE_LIKE) > 0) {
            long others = s.count(ValueType.STRING);
            found.add(new Conflict(path, Conflict.Kind.DATE_DETECTION, s.count(ValueType.DATE_LIKE), s.samples(ValueType.DATE_LIKE),
                    s.count(ValueType.DATE_LIKE) + " date-like string(s)" + (others > 0 ? " and " + others + " other string(s)" : "")
                            + ": date detection (on unless the mappings turn it off) makes the field a date and refuses "
                            + (others > 0 ? "the other strings" : "any later string that is not one") + "; proposed: "
                            + describe(choice) + " with a date sub-field that ignores non-dates, date detection off"));
        }
        return found;
    }

    private static Conflict totalFields(Map<String, PathStats> paths, Map<String, Integer> fieldsByTop, int fields, int limit,
                                        int proposed, int sampleKeys) {
        List<Map.Entry<String, Integer>> biggest = fieldsByTop.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).toList();
        String top = biggest.get(0).getKey();
        PathStats s = paths.get(top);
        List<String> keys = s == null ? List.of() : s.samples(s.types()).stream().limit(sampleKeys).toList();
        return new Conflict(top, Conflict.Kind.TOTAL_FIELDS, fields, keys, fields + " fields (with ddbsync's "
                + METADATA_FIELDS + " metadata fields and sub-fields) exceed index.mapping.total_fields.limit " + limit
                + "; most under " + biggest.stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")) + "; proposed: the limit raised to " + proposed
                + " in the template's settings (or drop or flatten that map with the shaping)");
    }

    /** The keys of both lists, each once, at most {@code max}. */
    private static List<String> merge(List<String> first, List<String> second, int max) {
        List<String> keys = new ArrayList<>();
        for (List<String> list : List.of(first, second)) {
            list.stream().filter(k -> keys.size() < max && !keys.contains(k)).forEach(keys::add);
        }
        return keys;
    }

    /** "string 40, integral 3". */
    static String describe(PathStats s, Set<ValueType> types) {
        return types.stream().filter(t -> s.count(t) > 0).map(t -> t.label() + " " + s.count(t))
                .collect(Collectors.joining(", "));
    }

    static String describe(FieldMappings.Choice choice) {
        return switch (choice) {
            case OBJECT -> "object";
            case DISABLED_OBJECT -> "object with enabled false (kept in _source, not searchable)";
            case STRING -> "text with keyword sub-field";
            case BOOLEAN -> "boolean";
            case LONG -> "long";
            case UNSIGNED_LONG -> "unsigned_long";
            case DOUBLE -> "double";
            case EXACT_NUMBER -> "keyword (exact text) with a double sub-field for ranges";
        };
    }

    /** The mapping the template gives a path that held {@code s}, in words (for reports). */
    public static String proposed(PathStats s) {
        return describe(FieldMappings.choose(s));
    }

    /** The number of conflicts of a kind. */
    public long count(Conflict.Kind kind) {
        return conflicts.stream().filter(c -> c.kind() == kind).count();
    }

}

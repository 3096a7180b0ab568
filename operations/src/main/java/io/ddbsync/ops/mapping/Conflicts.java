package io.ddbsync.ops.mapping;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The conflicts a sample shows ({@link Conflict}): per path from what it held, the items the converter refused, and the
 * field count against {@code index.mapping.total_fields.limit}; each with what the proposed template does about it.
 * Counts and item keys only, never a value.
 */
final class Conflicts {

    private Conflicts() {
    }

    /** An item the converter refused: too deep ({@link Conflict.Kind#DEPTH}) or mixing kinds inside it. */
    static Conflict refused(TypeInference.Refusal r) {
        boolean depth = r.reason().contains("deeper than");
        return new Conflict(r.path(), depth ? Conflict.Kind.DEPTH : Conflict.Kind.TYPES, r.count(), r.sampleKeys(),
                (depth ? "" : "in one item: ") + r.reason() + "; the worker refuses these items under any mapping "
                        + "(shape or change them: the shaping's drop or flatten steps, or the attribute lists)");
    }

    /** The conflicts one path shows. */
    static List<Conflict> of(String path, PathStats s) {
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

    static Conflict totalFields(Map<String, PathStats> paths, Map<String, Integer> fieldsByTop, int fields, int limit,
                                        int proposed, int sampleKeys) {
        List<Map.Entry<String, Integer>> biggest = fieldsByTop.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).toList();
        String top = biggest.get(0).getKey();
        PathStats s = paths.get(top);
        List<String> keys = s == null ? List.of() : s.samples(s.types()).stream().limit(sampleKeys).toList();
        return new Conflict(top, Conflict.Kind.TOTAL_FIELDS, fields, keys, fields + " fields (with ddbsync's "
                + MappingPlan.METADATA_FIELDS + " metadata fields and sub-fields) exceed index.mapping.total_fields.limit " + limit
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
}

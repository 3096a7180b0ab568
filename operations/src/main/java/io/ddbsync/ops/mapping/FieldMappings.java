package io.ddbsync.ops.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Set;

/**
 * The mapping of one path from what the sample held there ({@link PathStats}), chosen so that every sampled value
 * indexes and stays searchable.
 *
 * <p><b>Numbers</b> (OpenSearch's numeric field types,
 * https://docs.opensearch.org/latest/field-types/supported-field-types/numeric/: {@code long} a signed 64-bit integer,
 * {@code double} a 64-bit IEEE 754 number; {@code unsigned_long}, 0..2⁶⁴−1, no fraction, exact {@code term} and
 * {@code range} queries, https://docs.opensearch.org/latest/field-types/supported-field-types/unsigned-long/; the
 * {@code coerce} parameter, default true, https://docs.opensearch.org/latest/mappings/mapping-parameters/index/):
 * <ul>
 *   <li>only whole numbers a {@code long} holds → {@code long};</li>
 *   <li>whole numbers, some beyond a {@code long} but all within 0..2⁶⁴−1 → {@code unsigned_long} (OpenSearch 2.8+):
 *       a {@code long} refuses them ("out of range"), a {@code double} rounds them;</li>
 *   <li>any fractional value, and a {@code double} holds every value exactly → {@code double} (a {@code long} would
 *       cut fractions: integer fields {@code coerce} by default, so {@code 1.5} is indexed as {@code 1});</li>
 *   <li>anything else (a value of more significant digits than a {@code double} keeps, or whole numbers beyond
 *       2⁵³ next to fractions, or negative numbers next to ones beyond a {@code long}) → {@code keyword} with a
 *       {@code double} sub-field: the keyword indexes each number's exact DynamoDB text (a {@code term} query on it
 *       finds exactly that number), the sub-field {@code <path>.double} keeps {@code range} queries and sorting,
 *       rounded to a double.</li>
 * </ul>
 * Not {@code scaled_float}: OpenSearch parses its values as a {@code double} before scaling
 * ({@code ScaledFloatFieldMapper}), so it holds no more digits than a {@code double} — it only stores fewer bytes;
 * not {@code float} (about 7 digits), OpenSearch's dynamic mapping of a first fractional value.
 *
 * <p><b>Strings</b>: {@code text} with a {@code keyword} sub-field ({@code ignore_above} 256), as ddbsync's default
 * template maps them; a path with date-like strings also gets a {@code date} sub-field in the format date detection
 * takes, with {@code ignore_malformed} so a string that is not a date still indexes (the field is explicit, so date
 * detection never decides it). Strings, numbers and booleans at one path → the string mapping: {@code text} and
 * {@code keyword} take numbers and booleans as their text. A map at a path that also holds other values →
 * {@code object} with {@code enabled: false}: OpenSearch keeps every value of it in {@code _source} and indexes none
 * (it skips a disabled object's content, https://docs.opensearch.org/latest/mappings/mapping-parameters/enabled —
 * also a value that is not an object, as {@code MappingPlanIT} shows on the real engine), the one mapping under
 * which all of them index.
 * Booleans → {@code boolean}; a path that held only nulls or empty lists → the string mapping.
 */
final class FieldMappings {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<ValueType> NUMBERS = EnumSet.of(ValueType.INTEGRAL, ValueType.UNSIGNED, ValueType.FRACTIONAL,
            ValueType.BEYOND_DOUBLE);

    private FieldMappings() {
    }

    /** How a path is mapped. */
    enum Choice { OBJECT, DISABLED_OBJECT, STRING, BOOLEAN, LONG, UNSIGNED_LONG, DOUBLE, EXACT_NUMBER }

    static Choice choose(PathStats s) {
        Set<ValueType.Family> families = s.families();
        if (families.contains(ValueType.Family.OBJECT)) {
            return families.size() == 1 ? Choice.OBJECT : Choice.DISABLED_OBJECT;
        }
        if (families.equals(Set.of(ValueType.Family.BOOLEAN))) {
            return Choice.BOOLEAN;
        }
        if (families.equals(Set.of(ValueType.Family.NUMBER))) {
            return number(s);
        }
        return Choice.STRING;
    }

    static Choice number(PathStats s) {
        boolean unsigned = s.count(ValueType.UNSIGNED) > 0;
        boolean fractional = s.count(ValueType.FRACTIONAL) > 0;
        boolean beyond = s.count(ValueType.BEYOND_DOUBLE) > 0;
        if (beyond) {
            return Choice.EXACT_NUMBER;
        }
        if (!fractional) {
            if (!unsigned) {
                return Choice.LONG;
            }
            return s.negativeIntegral() ? Choice.EXACT_NUMBER : Choice.UNSIGNED_LONG;
        }
        // fractional values: a double holds them; the whole numbers must be held too
        return unsigned || s.longsBeyondDouble() > 0 ? Choice.EXACT_NUMBER : Choice.DOUBLE;
    }

    /** The mapping of a leaf (not an {@link Choice#OBJECT}, whose properties the caller fills). */
    static ObjectNode leaf(Choice choice, PathStats s) {
        ObjectNode m = F.objectNode();
        switch (choice) {
            case DISABLED_OBJECT -> m.put("type", "object").put("enabled", false);
            case BOOLEAN -> m.put("type", "boolean");
            case LONG -> m.put("type", "long");
            case UNSIGNED_LONG -> m.put("type", "unsigned_long");
            case DOUBLE -> m.put("type", "double");
            case EXACT_NUMBER -> {
                m.put("type", "keyword");
                m.putObject("fields").putObject("double").put("type", "double");
            }
            case STRING -> {
                m.put("type", "text");
                ObjectNode fields = m.putObject("fields");
                fields.putObject("keyword").put("type", "keyword").put("ignore_above", 256);
                if (s.count(ValueType.DATE_LIKE) > 0) {
                    fields.putObject("date").put("type", "date").put("format", DateDetection.FORMAT)
                            .put("ignore_malformed", true);
                }
            }
            default -> throw new IllegalArgumentException("not a leaf: " + choice);
        }
        return m;
    }

    /** Fields OpenSearch counts for {@code index.mapping.total_fields.limit}: the field and each sub-field. */
    static int fieldCount(ObjectNode mapping) {
        return 1 + (mapping.has("fields") ? mapping.get("fields").size() : 0);
    }

    static Set<ValueType> numbers() {
        return NUMBERS;
    }
}

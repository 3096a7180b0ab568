package io.ddbsync.ops.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What one value of a search document is, for choosing its field's mapping: the JSON kinds OpenSearch maps, with
 * strings split by whether OpenSearch's date detection takes them and numbers by which numeric field type holds
 * them exactly.
 *
 * <p>Numbers, by value (the converter keeps DynamoDB's exact decimal text): {@link #INTEGRAL} — a whole number a
 * {@code long} holds (−2⁶³..2⁶³−1); {@link #UNSIGNED} — a whole number beyond a {@code long} that an
 * {@code unsigned_long} holds (2⁶³..2⁶⁴−1); {@link #FRACTIONAL} — any other number a {@code double} holds exactly
 * (the nearest double is the value, or gives its decimal text back: every number of at most 15 significant digits, and longer
 * ones that happen to; whole numbers beyond 2⁶⁴ such as {@code 1E+30} count here too, a {@code double} is what
 * holds them); {@link #BEYOND_DOUBLE} — a number none of them holds exactly (DynamoDB keeps 38 digits, a
 * {@code double} about 15.9).
 */
public enum ValueType {
    STRING("string", Family.STRING),
    DATE_LIKE("date-like string", Family.STRING),
    INTEGRAL("integral", Family.NUMBER),
    UNSIGNED("integral beyond long", Family.NUMBER),
    FRACTIONAL("fractional", Family.NUMBER),
    BEYOND_DOUBLE("beyond double precision", Family.NUMBER),
    BOOLEAN("bool", Family.BOOLEAN),
    NULL("null", Family.NONE),
    OBJECT("map", Family.OBJECT);

    /** Kinds of value that one OpenSearch field cannot take in any order (nulls go with every kind). */
    public enum Family { STRING, NUMBER, BOOLEAN, OBJECT, NONE }

    static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal UNSIGNED_MAX = new BigDecimal(UNSIGNED_LONG_MAX);
    /** Decimal digits every {@code double} round trip keeps (DBL_DIG). */
    private static final int DOUBLE_SAFE_DIGITS = 15;

    private final String label;
    private final Family family;

    ValueType(String label, Family family) {
        this.label = label;
        this.family = family;
    }

    public String label() {
        return label;
    }

    public Family family() {
        return family;
    }

    /** The type of a scalar or object value of a document (arrays are walked element by element by the caller). */
    public static ValueType of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NULL;
        }
        if (value.isTextual()) {
            return DateDetection.detects(value.textValue()) ? DATE_LIKE : STRING;
        }
        if (value.isNumber()) {
            return number(value.decimalValue());
        }
        if (value.isBoolean()) {
            return BOOLEAN;
        }
        if (value.isObject()) {
            return OBJECT;
        }
        throw new IllegalArgumentException("an array has no single value type; walk its elements");
    }

    /** The numeric type of a value (see the class comment). */
    public static ValueType number(BigDecimal v) {
        if (isIntegral(v)) {
            if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
                return INTEGRAL;
            }
            if (v.signum() > 0 && v.compareTo(UNSIGNED_MAX) <= 0) {
                return UNSIGNED;
            }
        }
        return doubleHolds(v) ? FRACTIONAL : BEYOND_DOUBLE;
    }

    static boolean isIntegral(BigDecimal v) {
        return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
    }

    /**
     * True when a {@code double} holds this value: the nearest double is the value itself (2⁶⁴), or gives its decimal
     * text back (0.1: every decimal of at most 15 significant digits does, longer ones may).
     */
    public static boolean doubleHolds(BigDecimal v) {
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            return false;
        }
        if (v.signum() == 0 || v.stripTrailingZeros().precision() <= DOUBLE_SAFE_DIGITS) {
            return true;
        }
        return new BigDecimal(d).compareTo(v) == 0 || new BigDecimal(Double.toString(d)).compareTo(v) == 0;
    }
}

package io.ddbsync.model.id;

import java.math.BigDecimal;

/** DynamoDB number text → canonical plain decimal text ({@code 1E+3} → {@code 1000}, {@code -0} → {@code 0}). */
public final class Numbers {

    /** DynamoDB numbers carry at most 38 significant digits. */
    public static final int MAX_PRECISION = 38;
    /** Smallest and largest decimal exponent of a DynamoDB number (1E-130 .. 9.99…E+125). */
    public static final int MIN_EXPONENT = -130;
    public static final int MAX_EXPONENT = 125;

    private Numbers() {
    }

    /**
     * Parses DynamoDB number text.
     *
     * @throws NumberFormatException when it is not a decimal number or lies outside DynamoDB's range
     *                               (this also keeps {@code 1E+999999999} from expanding to a huge string)
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            throw new NumberFormatException("'" + text + "' is not a DynamoDB number");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a decimal number");
        }
        if (d.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.precision() > MAX_PRECISION) {
            throw new NumberFormatException("'" + text + "' has " + stripped.precision()
                    + " significant digits; DynamoDB allows " + MAX_PRECISION);
        }
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new NumberFormatException("'" + text + "' is outside DynamoDB's number range (1E-130 to 9.99E+125)");
        }
        return stripped;
    }

    /** Canonical text: plain notation, no trailing zeros, no sign on zero. */
    public static String canonical(String text) {
        BigDecimal d = parse(text);
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}

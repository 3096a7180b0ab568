package io.ddbsync.testbench.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, spread and percentiles of measured values. */
final class Spread {

    private Spread() {
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** Nearest-rank percentile; NaN for no values. */
    static double percentile(List<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values.size());
        values.forEach(v -> sorted.add(v.doubleValue()));
        Collections.sort(sorted);
        if (p == 50 && sorted.size() % 2 == 0) {
            return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** "median (min–max)" with the given format for each value. */
    static String describe(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        if (values.size() == 1) {
            return String.format(format, values.get(0));
        }
        return String.format(format + " (" + format + "–" + format + ")", median(values), Collections.min(values),
                Collections.max(values));
    }
}

package io.ddbsync.ops.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the sample held at one document path: how many values of each {@link ValueType} (elements of lists and sets
 * count one by one, as OpenSearch indexes them), the keys of the first items that held each, whether the path held
 * lists, and the DynamoDB types (S, N, B, SS, NS, BS, L, M, BOOL, NULL) of the attribute when the document keeps the
 * item's path. Never a value. Not thread-safe: {@link TypeInference} guards it.
 */
public final class PathStats {

    private final int sampleKeys;
    private final Map<ValueType, Long> counts = new EnumMap<>(ValueType.class);
    private final Map<ValueType, List<String>> samples = new EnumMap<>(ValueType.class);
    private final Set<String> dynamoTypes = new TreeSet<>();
    private long lists;
    private long integerTokens;
    private final List<String> integerTokenSamples = new ArrayList<>();
    private long longsBeyondDouble;
    private final List<String> longsBeyondDoubleSamples = new ArrayList<>();
    private boolean negativeIntegral;

    PathStats(int sampleKeys) {
        this.sampleKeys = sampleKeys;
    }

    void add(ValueType type, String key) {
        counts.merge(type, 1L, Long::sum);
        sample(samples.computeIfAbsent(type, t -> new ArrayList<>()), key);
    }

    /** A number: its type, and what its text and value say beyond the type. */
    void addNumber(ValueType type, String text, java.math.BigDecimal value, String key) {
        add(type, key);
        if (type == ValueType.INTEGRAL) {
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                integerTokens++;
                sample(integerTokenSamples, key);
            }
            if (!ValueType.doubleHolds(value)) {
                longsBeyondDouble++;
                sample(longsBeyondDoubleSamples, key);
            }
            if (value.signum() < 0) {
                negativeIntegral = true;
            }
        }
    }

    void addList() {
        lists++;
    }

    void addDynamoType(String tag) {
        dynamoTypes.add(tag);
    }

    private void sample(List<String> keys, String key) {
        if (keys.size() < sampleKeys && !keys.contains(key)) {
            keys.add(key);
        }
    }

    /** How many item keys it keeps per type. */
    public int sampleKeys() {
        return sampleKeys;
    }

    public long count(ValueType type) {
        return counts.getOrDefault(type, 0L);
    }

    public List<String> samples(ValueType type) {
        return Collections.unmodifiableList(samples.getOrDefault(type, List.of()));
    }

    /** The types seen, in {@link ValueType} order. */
    public Set<ValueType> types() {
        return counts.isEmpty() ? EnumSet.noneOf(ValueType.class) : EnumSet.copyOf(counts.keySet());
    }

    /** The families of the values seen, nulls left out. */
    public Set<ValueType.Family> families() {
        Set<ValueType.Family> f = EnumSet.noneOf(ValueType.Family.class);
        counts.keySet().forEach(t -> f.add(t.family()));
        f.remove(ValueType.Family.NONE);
        return f;
    }

    public long lists() {
        return lists;
    }

    /** Whole numbers within a long written without a point or exponent: what OpenSearch's dynamic mapping makes a long. */
    public long integerTokens() {
        return integerTokens;
    }

    public List<String> integerTokenSamples() {
        return Collections.unmodifiableList(integerTokenSamples);
    }

    /** {@link ValueType#INTEGRAL} values a double does not hold exactly (beyond 2⁵³ and not a multiple that fits). */
    public long longsBeyondDouble() {
        return longsBeyondDouble;
    }

    public List<String> longsBeyondDoubleSamples() {
        return Collections.unmodifiableList(longsBeyondDoubleSamples);
    }

    public boolean negativeIntegral() {
        return negativeIntegral;
    }

    public Set<String> dynamoTypes() {
        return Collections.unmodifiableSet(dynamoTypes);
    }

    /** Values of these types, summed. */
    public long count(Set<ValueType> types) {
        return types.stream().mapToLong(this::count).sum();
    }

    /** Keys of items holding values of these types, at most the sample size. */
    public List<String> samples(Set<ValueType> types) {
        List<String> keys = new ArrayList<>();
        for (ValueType t : types) {
            for (String k : samples(t)) {
                if (keys.size() < sampleKeys && !keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }
}

package io.driftmonitor.state;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.NumericHistogram;

/**
 * What a window has seen of one signal. Bound to a baseline it counts into the baseline's bins
 * ({@link Mode#NUMERIC} or {@link Mode#CATEGORICAL}); while the model has no baseline yet it keeps
 * the raw values ({@link Mode#LEARNING}), so that the first baseline is built exactly and a
 * learning partial can still be binned exactly once a baseline exists.
 */
public final class SignalAccumulator {
    /** Distinct categories a learning accumulator keeps; further ones are counted as {@link CategoricalHistogram#OTHER}. */
    static final int MAX_LEARNING_CATEGORIES = 1000;

    public enum Mode { NUMERIC, CATEGORICAL, LEARNING }

    private final Mode mode;
    private NumericHistogram numeric;
    private CategoricalHistogram categorical;
    /** Values of the wrong kind for the bound baseline (a string in a numeric signal). */
    private long mismatched;

    // LEARNING
    private double[] raw;
    private int rawSize;
    private Map<String, Long> categories;
    private long missing;
    private long negativeInfinity;
    private long positiveInfinity;

    private SignalAccumulator(Mode mode) {
        this.mode = mode;
    }

    public static SignalAccumulator numeric(double[] edges) {
        SignalAccumulator a = new SignalAccumulator(Mode.NUMERIC);
        a.numeric = new NumericHistogram(edges);
        return a;
    }

    public static SignalAccumulator categorical(java.util.List<String> categories) {
        SignalAccumulator a = new SignalAccumulator(Mode.CATEGORICAL);
        a.categorical = new CategoricalHistogram(categories);
        return a;
    }

    public static SignalAccumulator learning() {
        SignalAccumulator a = new SignalAccumulator(Mode.LEARNING);
        a.raw = new double[16];
        a.categories = new HashMap<>();
        return a;
    }

    static SignalAccumulator restoredNumeric(NumericHistogram h, long mismatched) {
        SignalAccumulator a = new SignalAccumulator(Mode.NUMERIC);
        a.numeric = h;
        a.mismatched = mismatched;
        return a;
    }

    static SignalAccumulator restoredCategorical(CategoricalHistogram h, long mismatched) {
        SignalAccumulator a = new SignalAccumulator(Mode.CATEGORICAL);
        a.categorical = h;
        a.mismatched = mismatched;
        return a;
    }

    static SignalAccumulator restoredLearning(double[] raw, Map<String, Long> categories, long missing,
                                              long negativeInfinity, long positiveInfinity) {
        SignalAccumulator a = new SignalAccumulator(Mode.LEARNING);
        a.raw = raw.length == 0 ? new double[16] : raw;
        a.rawSize = raw.length;
        a.categories = new HashMap<>(categories);
        a.missing = missing;
        a.negativeInfinity = negativeInfinity;
        a.positiveInfinity = positiveInfinity;
        return a;
    }

    public Mode mode() {
        return mode;
    }

    public void addNumber(double value) {
        switch (mode) {
            case NUMERIC -> numeric.add(value);
            case CATEGORICAL -> categorical.add(categoryOf(value));
            case LEARNING -> learnNumber(value);
        }
    }

    public void addCategory(String value) {
        switch (mode) {
            case CATEGORICAL -> categorical.add(value);
            case NUMERIC -> mismatched++;
            case LEARNING -> learnCategory(value);
        }
    }

    public void addMissing() {
        switch (mode) {
            case NUMERIC -> numeric.addMissing();
            case CATEGORICAL -> categorical.addMissing();
            case LEARNING -> missing++;
        }
    }

    /** Numbers in a categorical signal are categories by their plain text: 3.0 is "3". */
    static String categoryOf(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private void learnNumber(double value) {
        if (Double.isNaN(value)) {
            missing++;
        } else if (value == Double.POSITIVE_INFINITY) {
            positiveInfinity++;
        } else if (value == Double.NEGATIVE_INFINITY) {
            negativeInfinity++;
        } else {
            if (rawSize == raw.length) {
                raw = Arrays.copyOf(raw, raw.length * 2);
            }
            raw[rawSize++] = value;
        }
    }

    private void learnCategory(String value) {
        if (categories.size() >= MAX_LEARNING_CATEGORIES && !categories.containsKey(value)) {
            value = CategoricalHistogram.OTHER;
        }
        categories.merge(value, 1L, Long::sum);
    }

    /** Adds another accumulator of the same signal. A learning one is binned into this one's bins exactly. */
    public void merge(SignalAccumulator other) {
        if (mode == Mode.LEARNING && other.mode != Mode.LEARNING) {
            throw new IllegalArgumentException("merge a learning accumulator into a bound one, not the other way round");
        }
        switch (mode) {
            case NUMERIC -> {
                if (other.mode == Mode.NUMERIC) {
                    numeric.merge(other.numeric);
                    mismatched += other.mismatched;
                } else if (other.mode == Mode.LEARNING) {
                    other.replayInto(this);
                } else {
                    mismatched += other.categorical.total() + other.mismatched;
                }
            }
            case CATEGORICAL -> {
                if (other.mode == Mode.CATEGORICAL) {
                    categorical.merge(other.categorical);
                    mismatched += other.mismatched;
                } else if (other.mode == Mode.LEARNING) {
                    other.replayInto(this);
                } else {
                    mismatched += other.numeric.total() + other.mismatched;
                }
            }
            case LEARNING -> {
                for (int i = 0; i < other.rawSize; i++) {
                    learnNumber(other.raw[i]);
                }
                other.categories.forEach((k, v) -> {
                    String key = categories.size() >= MAX_LEARNING_CATEGORIES && !categories.containsKey(k)
                        ? CategoricalHistogram.OTHER : k;
                    categories.merge(key, v, Long::sum);
                });
                missing += other.missing;
                negativeInfinity += other.negativeInfinity;
                positiveInfinity += other.positiveInfinity;
            }
        }
    }

    /** Feeds every raw observation of this learning accumulator into {@code target}. */
    public void replayInto(SignalAccumulator target) {
        if (mode != Mode.LEARNING) {
            throw new IllegalStateException("only a learning accumulator keeps raw values");
        }
        for (int i = 0; i < rawSize; i++) {
            target.addNumber(raw[i]);
        }
        for (long i = 0; i < negativeInfinity; i++) {
            target.addNumber(Double.NEGATIVE_INFINITY);
        }
        for (long i = 0; i < positiveInfinity; i++) {
            target.addNumber(Double.POSITIVE_INFINITY);
        }
        categories.forEach((category, n) -> {
            for (long i = 0; i < n; i++) {
                target.addCategory(category);
            }
        });
        for (long i = 0; i < missing; i++) {
            target.addMissing();
        }
    }

    public SignalAccumulator copy() {
        return switch (mode) {
            case NUMERIC -> restoredNumeric(numeric.copy(), mismatched);
            case CATEGORICAL -> restoredCategorical(categorical.copy(), mismatched);
            case LEARNING -> restoredLearning(Arrays.copyOf(raw, rawSize), categories, missing, negativeInfinity,
                positiveInfinity);
        };
    }

    public NumericHistogram numeric() {
        return numeric;
    }

    public CategoricalHistogram categorical() {
        return categorical;
    }

    public long mismatched() {
        return mismatched;
    }

    /** Finite raw values (learning mode). */
    public double[] rawValues() {
        return Arrays.copyOf(raw, rawSize);
    }

    public Map<String, Long> learnedCategories() {
        return categories;
    }

    public long learnedMissing() {
        return missing;
    }

    public long learnedNegativeInfinity() {
        return negativeInfinity;
    }

    public long learnedPositiveInfinity() {
        return positiveInfinity;
    }

    /** Observations that were not missing (learning mode): raw numbers, infinities and categories. */
    public long learnedPresent() {
        long n = rawSize + negativeInfinity + positiveInfinity;
        for (long c : categories.values()) {
            n += c;
        }
        return n;
    }

    /** Whether a learning accumulator has seen more numbers than categories: the kind its baseline gets. */
    public boolean learnedMostlyNumeric() {
        long cats = 0;
        for (long c : categories.values()) {
            cats += c;
        }
        return rawSize + negativeInfinity + positiveInfinity >= cats;
    }
}

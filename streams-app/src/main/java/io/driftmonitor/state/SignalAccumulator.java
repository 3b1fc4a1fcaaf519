package io.driftmonitor.state;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.KllEdges;
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
    /**
     * Raw values a learning accumulator keeps exactly; beyond that it keeps a KLL quantile sketch, so
     * that state stays small at any rate (its bin counts are then estimates, flagged as such, and its
     * edges vary from run to run: the sketch's compaction is randomised).
     */
    public static final int MAX_RAW_VALUES = 4096;

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
    /** LEARNING beyond {@link #MAX_RAW_VALUES}: the sketch of every finite value, and their sums. */
    private KllEdges sketch;
    private double sketchSum;
    private double sketchSumOfSquares;
    /** NUMERIC: some counts are estimates from a sketch. */
    private boolean approximate;

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
        // The bound numeric case first, without the enum switch's table: it is most of level 1's counting.
        NumericHistogram h = numeric;
        if (h != null) {
            h.add(value);
            return;
        }
        switch (mode) {
            case NUMERIC -> numeric.add(value);
            case CATEGORICAL -> categorical.add(categoryOf(value));
            case LEARNING -> learnNumber(value);
        }
    }

    public void addCategory(String value) {
        CategoricalHistogram h = categorical;
        if (h != null) {
            h.add(value);
            return;
        }
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
        } else if (sketch != null) {
            sketch.add(value);
            sketchSum += value;
            sketchSumOfSquares += value * value;
        } else {
            if (rawSize == raw.length) {
                raw = Arrays.copyOf(raw, raw.length * 2);
            }
            raw[rawSize++] = value;
            if (rawSize > MAX_RAW_VALUES) {
                switchToSketch();
            }
        }
    }

    private void switchToSketch() {
        sketch = new KllEdges();
        for (int i = 0; i < rawSize; i++) {
            sketch.add(raw[i]);
            sketchSum += raw[i];
            sketchSumOfSquares += raw[i] * raw[i];
        }
        raw = new double[16];
        rawSize = 0;
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
                    approximate |= other.approximate;
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
                if (other.sketch != null) {
                    if (sketch == null) {
                        switchToSketch();
                    }
                    sketch.merge(other.sketch);
                    sketchSum += other.sketchSum;
                    sketchSumOfSquares += other.sketchSumOfSquares;
                }
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
        if (sketch != null) {
            if (target.mode == Mode.NUMERIC) {
                target.numeric.addBinCounts(sketch.estimatedBinCounts(target.numeric.edges()), sketchSum, sketchSumOfSquares);
                target.approximate = true;
            } else {
                target.mismatched += sketch.count();
            }
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
            case NUMERIC -> {
                SignalAccumulator c = restoredNumeric(numeric.copy(), mismatched);
                c.approximate = approximate;
                yield c;
            }
            case CATEGORICAL -> restoredCategorical(categorical.copy(), mismatched);
            case LEARNING -> {
                SignalAccumulator c = restoredLearning(Arrays.copyOf(raw, rawSize), categories, missing, negativeInfinity,
                    positiveInfinity);
                if (sketch != null) {
                    c.sketch = KllEdges.fromByteArray(sketch.toByteArray());
                    c.sketchSum = sketchSum;
                    c.sketchSumOfSquares = sketchSumOfSquares;
                }
                yield c;
            }
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

    /** Whether some bin counts are estimates from a quantile sketch (see {@link #MAX_RAW_VALUES}). */
    public boolean approximate() {
        return approximate;
    }

    /** The sketch of a learning accumulator that outgrew its raw values, else null. */
    public KllEdges learnedSketch() {
        return sketch;
    }

    double learnedSketchSum() {
        return sketchSum;
    }

    double learnedSketchSumOfSquares() {
        return sketchSumOfSquares;
    }

    void restoreSketch(KllEdges restored, double sum, double sumOfSquares) {
        sketch = restored;
        sketchSum = sum;
        sketchSumOfSquares = sumOfSquares;
    }

    void markApproximate() {
        approximate = true;
    }

    /** Observations that were not missing (learning mode): raw numbers, infinities and categories. */
    public long learnedPresent() {
        long n = rawSize + negativeInfinity + positiveInfinity + (sketch == null ? 0 : sketch.count());
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
        return rawSize + negativeInfinity + positiveInfinity + (sketch == null ? 0 : sketch.count()) >= cats;
    }
}

package io.driftmonitor.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.driftmonitor.performance.ScoreHistogram;

/**
 * Everything one window of one model (and one segment) has seen, as counted by one partition task
 * (level 1) or merged across partitions (level 2). Partials of the same window add up exactly.
 */
public final class WindowPartial {
    /** The segment of the whole model. */
    public static final String ALL = "";
    /** No baseline was bound when the partial was created. */
    public static final long NO_BASELINE = -1;

    private final String modelId;
    private final long windowStart;
    private final long windowEnd;
    private final String segment;
    private long count;
    private long minEventTime = Long.MAX_VALUE;
    private long maxEventTime = Long.MIN_VALUE;
    private String modelVersion;
    private long modelVersionTime = Long.MIN_VALUE;
    private long baselineVersion;
    private final Map<String, SignalAccumulator> signals;
    /** Input partition to {from offset, to offset}, both inclusive. */
    private final TreeMap<Integer, long[]> offsets;
    /**
     * Whole-model partials of classifiers: the scores in fine bins, split by predicted class
     * ("positives" = predicted positive), for the label-free performance estimate. Null until a
     * score is counted.
     */
    private ScoreHistogram predictedScores;
    /** The records' embedding vectors; null until a record with an embedding is counted. */
    private EmbeddingAccumulator embedding;
    /**
     * The accumulators of {@link #signals} by position in a record layout (the names array that
     * records of one writer share), so that counting a record finds them without hashing; rebuilt
     * when another layout comes, dropped when {@link #signals} changes other than by {@link #signal}.
     */
    private Object slotLayout;
    private SignalAccumulator[] slots;
    /** The moments of the records' numeric features (multivariate signal); null unless the policy asks for them. */
    private MultivariateAccumulator multivariate;
    /** Bins of {@link #predictedScores}: the same as the labelled score histograms'. */
    public static final int SCORE_BINS = PerformancePartial.SCORE_BINS;

    public WindowPartial(String modelId, long windowStart, long windowEnd, String segment, long baselineVersion) {
        this(modelId, windowStart, windowEnd, segment, baselineVersion, new LinkedHashMap<>(), new TreeMap<>());
    }

    WindowPartial(String modelId, long windowStart, long windowEnd, String segment, long baselineVersion,
                  Map<String, SignalAccumulator> signals, TreeMap<Integer, long[]> offsets) {
        this.modelId = modelId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.segment = segment;
        this.baselineVersion = baselineVersion;
        this.signals = signals;
        this.offsets = offsets;
    }

    void restoreCounters(long count, long minEventTime, long maxEventTime, String modelVersion, long modelVersionTime) {
        this.count = count;
        this.minEventTime = minEventTime;
        this.maxEventTime = maxEventTime;
        this.modelVersion = modelVersion;
        this.modelVersionTime = modelVersionTime;
    }

    /** Counts one record: its time, model version and input position. Signals are added with {@link #signal}. */
    public void countRecord(long eventTime, String version, int partition, long offset) {
        count++;
        minEventTime = Math.min(minEventTime, eventTime);
        maxEventTime = Math.max(maxEventTime, eventTime);
        if (version != null && eventTime >= modelVersionTime) {
            modelVersion = version;
            modelVersionTime = eventTime;
        }
        if (partition >= 0) {
            long[] range = offsets.get(partition);
            if (range == null) {
                offsets.put(partition, new long[] {offset, offset});
            } else {
                range[0] = Math.min(range[0], offset);
                range[1] = Math.max(range[1], offset);
            }
        }
    }

    /**
     * Counts a classifier's score for the label-free estimate: a probability of the positive class
     * and whether the model predicted that class. A score outside [0, 1] is not a probability and
     * is counted apart (the estimate then does not apply).
     */
    public void countScore(double score, boolean predictedPositive) {
        if (predictedScores == null) {
            predictedScores = new ScoreHistogram(SCORE_BINS);
        }
        if (score >= 0 && score <= 1) {
            predictedScores.add(score, predictedPositive);
        } else {
            predictedScores.add(Double.NaN, predictedPositive);
        }
    }

    /** The accumulator of a signal, created by {@code factory} on first use. */
    public SignalAccumulator signal(String name, Function<String, SignalAccumulator> factory) {
        SignalAccumulator a = signals.get(name);
        if (a == null) {
            a = factory.apply(name);
            signals.put(name, a);
        }
        return a;
    }

    /**
     * The accumulators of the signals {@code signalNames}, in that order, each created by {@code factory}
     * on first use; {@code layout} identifies the order (the same object for the same names), so that
     * the next record of that layout gets the same array at the cost of one comparison.
     */
    public SignalAccumulator[] signals(Object layout, String[] signalNames, Function<String, SignalAccumulator> factory) {
        if (slotLayout != layout) {
            SignalAccumulator[] found = new SignalAccumulator[signalNames.length];
            for (int i = 0; i < signalNames.length; i++) {
                found[i] = signal(signalNames[i], factory);
            }
            slots = found;
            slotLayout = layout;
        }
        return slots;
    }

    /** Adds another partial of the same model, window and segment. */
    public void merge(WindowPartial other) {
        if (!modelId.equals(other.modelId) || windowStart != other.windowStart || !segment.equals(other.segment)) {
            throw new IllegalArgumentException("cannot merge partials of different windows");
        }
        add(other);
    }

    /** The same counts under another segment name: a segment value that level 2 folds into {@code key=__other__}. */
    public WindowPartial inSegment(String otherSegment) {
        WindowPartial copy = new WindowPartial(modelId, windowStart, windowEnd, otherSegment, baselineVersion);
        copy.add(this);
        return copy;
    }

    private void add(WindowPartial other) {
        // Accumulators may be replaced below (a learning one by a bound copy).
        slotLayout = null;
        slots = null;
        count += other.count;
        minEventTime = Math.min(minEventTime, other.minEventTime);
        maxEventTime = Math.max(maxEventTime, other.maxEventTime);
        if (other.modelVersion != null && other.modelVersionTime >= modelVersionTime) {
            modelVersion = other.modelVersion;
            modelVersionTime = other.modelVersionTime;
        }
        if (baselineVersion == NO_BASELINE) {
            baselineVersion = other.baselineVersion;
        }
        other.signals.forEach((name, theirs) -> {
            SignalAccumulator mine = signals.get(name);
            if (mine == null) {
                signals.put(name, theirs.copy());
            } else if (mine.mode() == SignalAccumulator.Mode.LEARNING && theirs.mode() != SignalAccumulator.Mode.LEARNING) {
                SignalAccumulator bound = theirs.copy();
                bound.merge(mine);
                signals.put(name, bound);
            } else {
                mine.merge(theirs);
            }
        });
        if (other.predictedScores != null) {
            if (predictedScores == null) {
                predictedScores = new ScoreHistogram(SCORE_BINS);
            }
            predictedScores.merge(other.predictedScores);
        }
        if (other.embedding != null) {
            embedding = embedding == null ? other.embedding.copy() : embedding.mergedWith(other.embedding);
        }
        if (other.multivariate != null) {
            if (multivariate == null) {
                multivariate = other.multivariate.copy();
            } else {
                multivariate.merge(other.multivariate);
            }
        }
        other.offsets.forEach((partition, range) -> {
            long[] mine = offsets.get(partition);
            if (mine == null) {
                offsets.put(partition, range.clone());
            } else {
                mine[0] = Math.min(mine[0], range[0]);
                mine[1] = Math.max(mine[1], range[1]);
            }
        });
    }

    public String modelId() {
        return modelId;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public String segment() {
        return segment;
    }

    public long count() {
        return count;
    }

    public long minEventTime() {
        return minEventTime;
    }

    public long maxEventTime() {
        return maxEventTime;
    }

    public String modelVersion() {
        return modelVersion;
    }

    long modelVersionTime() {
        return modelVersionTime;
    }

    public long baselineVersion() {
        return baselineVersion;
    }

    public Map<String, SignalAccumulator> signals() {
        return signals;
    }

    public TreeMap<Integer, long[]> offsets() {
        return offsets;
    }

    /** Scores by predicted class (whole-model partials of models with scores), or null. */
    public ScoreHistogram predictedScores() {
        return predictedScores;
    }

    /** The embedding statistics of the partial's records, or null when none had an embedding. */
    public EmbeddingAccumulator embedding() {
        return embedding;
    }

    /** Sets the embedding accumulator (created by the caller on the first record with an embedding). */
    public void setEmbedding(EmbeddingAccumulator embedding) {
        this.embedding = embedding;
    }

    /** The multivariate moments of the partial's records, or null when none were counted. */
    public MultivariateAccumulator multivariate() {
        return multivariate;
    }

    /** Sets the multivariate accumulator (created by the caller on the first record it counts). */
    public void setMultivariate(MultivariateAccumulator multivariate) {
        this.multivariate = multivariate;
    }

    void restorePredictedScores(ScoreHistogram scores) {
        this.predictedScores = scores;
    }
}

package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.FeatureValues;
import io.driftmonitor.state.EmbeddingAccumulator;
import io.driftmonitor.state.MultivariateAccumulator;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.stats.EmbeddingReservoir;

/**
 * Feeds the signals of a prediction into a window partial: every feature, the score, each class
 * score, the predicted label and the label when it came with the prediction. Also derives the
 * record's segments. Signal names are cached so that the hot path does not build strings. A
 * record without an embedding costs one null check; with one, its vector is converted and (when
 * bound to a baseline) mapped through the random Fourier features once, then added to each of the
 * record's partials: O(d) per partial plus O(D d) per record. Not thread-safe (one per task).
 */
public final class PredictionSignals {
    private final Map<String, String> featureSignalNames = new HashMap<>();
    private final Map<String, String> classSignalNames = new HashMap<>();

    /** Floats of the learning sample of a whole-model partial. */
    private final int modelSampleFloats;
    private final int maxSampleVectors;
    // Per record, computed once and shared by the partials it is counted in (whole model and segments).
    private PredictionEvent lastEvent;
    private List<Float> lastValues;
    private float[] vector = new float[0];
    private boolean vectorFinite;
    private long vectorHash;
    private EmbeddingDrift.FeatureMap lastFeatureMap;
    private double[] features = new double[0];
    /** The feature layout last fed and its signal names, by position. */
    private String[] lastLayout;
    private String[] layoutSignalNames;
    /** Positions of the multivariate features in the layout last seen. */
    private String[] positionsLayout;
    /** The layout and number positions of the record whose numeric feature names were listed last. */
    private String[] lastNumericLayout;
    private boolean[] lastNumericMask;
    private final Map<List<String>, int[]> positionsByNames = new IdentityHashMap<>();
    private PredictionEvent lastNumericEvent;
    private List<String> lastNumericFeatures;
    private double[] row = new double[0];

    /** Signals of live predictions: bounded learning samples of embeddings. */
    public PredictionSignals() {
        this(EmbeddingAccumulator.MODEL_SAMPLE_FLOATS, EmbeddingAccumulator.MAX_SAMPLE_VECTORS);
    }

    /** @param modelSampleFloats floats a whole-model learning sample of embeddings may hold (uploads hold more) */
    public PredictionSignals(int modelSampleFloats, int maxSampleVectors) {
        this.modelSampleFloats = modelSampleFloats;
        this.maxSampleVectors = maxSampleVectors;
    }

    public void feed(WindowPartial partial, PredictionEvent e, Function<String, SignalAccumulator> factory) {
        feed(partial, e, factory, null);
    }

    /**
     * Feeds every signal; {@code baseline} is the baseline the partial is bound to (null: learning),
     * whose random Fourier features a record's embedding is mapped through once for all its partials.
     */
    public void feed(WindowPartial partial, PredictionEvent e, Function<String, SignalAccumulator> factory,
                     BaselineView baseline) {
        feed(partial, e, factory, baseline, null);
    }

    /**
     * Feeds every signal, and the record's numeric features into the partial's multivariate
     * moments when the policy has a {@code multivariate} section.
     */
    public void feed(WindowPartial partial, PredictionEvent e, Function<String, SignalAccumulator> factory,
                     BaselineView baseline, ModelPolicy.Multivariate multivariate) {
        if (multivariate != null) {
            multivariate(partial, e, baseline, multivariate);
        }
        if (e.getEmbedding() != null) {
            embedding(partial, e, baseline == null ? null : baseline.embeddingFeatures());
        }
        if (e.getFeatures() instanceof FeatureValues values) {
            feedFeatures(partial, values, factory);
        } else {
            for (Map.Entry<String, Object> f : e.getFeatures().entrySet()) {
                String name = featureSignalNames.computeIfAbsent(f.getKey(), SignalNames::feature);
                add(partial.signal(name, factory), f.getValue());
            }
        }
        if (e.getScore() != null) {
            partial.signal(SignalNames.SCORE, factory).addNumber(e.getScore());
        }
        if (e.getScores() != null) {
            for (Map.Entry<String, Double> s : e.getScores().entrySet()) {
                String name = classSignalNames.computeIfAbsent(s.getKey(), SignalNames::classScore);
                add(partial.signal(name, factory), s.getValue());
            }
        }
        if (e.getPredictedLabel() != null) {
            partial.signal(SignalNames.PREDICTION, factory).addCategory(e.getPredictedLabel());
        }
        if (e.getLabel() != null) {
            partial.signal(SignalNames.LABEL, factory).addCategory(e.getLabel());
        } else if (e.getLabelValue() != null) {
            partial.signal(SignalNames.LABEL, factory).addNumber(e.getLabelValue());
        }
    }

    /** Features as the reader hands them out: by position in their layout, numbers unboxed. */
    private void feedFeatures(WindowPartial partial, FeatureValues values, Function<String, SignalAccumulator> factory) {
        String[] layout = values.names();
        if (layout != lastLayout) {
            String[] names = new String[layout.length];
            for (int i = 0; i < layout.length; i++) {
                names[i] = featureSignalNames.computeIfAbsent(layout[i], SignalNames::feature);
            }
            layoutSignalNames = names;
            lastLayout = layout;
        }
        SignalAccumulator[] accumulators = partial.signals(layout, layoutSignalNames, factory);
        for (int i = 0; i < accumulators.length; i++) {
            switch (values.kind(i)) {
                case FeatureValues.NUMBER -> accumulators[i].addNumber(values.number(i));
                case FeatureValues.MISSING -> accumulators[i].addMissing();
                default -> accumulators[i].addCategory(values.text(i));
            }
        }
    }

    private void embedding(WindowPartial partial, PredictionEvent e, EmbeddingDrift.FeatureMap map) {
        List<Float> values = e.getEmbedding();
        int d = values.size();
        if (e != lastEvent || values != lastValues) {
            lastEvent = e;
            lastValues = values;
            lastFeatureMap = null;
            if (d >= 1 && d <= EmbeddingAccumulator.MAX_DIMENSION) {
                if (vector.length != d) {
                    vector = new float[d];
                }
                boolean finite = true;
                for (int i = 0; i < d; i++) {
                    Float v = values.get(i);
                    float f = v == null ? Float.NaN : v;
                    finite &= Float.isFinite(f);
                    vector[i] = f;
                }
                vectorFinite = finite;
                vectorHash = EmbeddingReservoir.hash(e.getPredictionId());
            }
        }
        EmbeddingAccumulator acc = partial.embedding();
        if (d < 1 || d > EmbeddingAccumulator.MAX_DIMENSION) {
            if (acc != null) {
                acc.addMismatched(d, 1);
            }
            return;
        }
        if (acc == null) {
            acc = map != null ? EmbeddingAccumulator.bound(map.dimension(), map.features())
                : EmbeddingAccumulator.learning(d, EmbeddingAccumulator.sampleCapacity(d,
                    partial.segment().isEmpty() ? modelSampleFloats : EmbeddingAccumulator.SEGMENT_SAMPLE_FLOATS,
                    maxSampleVectors));
            partial.setEmbedding(acc);
        }
        if (d != acc.dimension() && !acc.adoptSmallerDimension(d)) {
            acc.addMismatched(d, 1);
            return;
        }
        if (!vectorFinite) {
            acc.addInvalid(d);
            return;
        }
        double[] phi = null;
        if (acc.isBound() && map != null && map.dimension() == d && map.features() == acc.featureSum().length) {
            if (lastFeatureMap != map) {
                if (features.length != map.features()) {
                    features = new double[map.features()];
                }
                map.rff().featureMap(vector, features);
                lastFeatureMap = map;
            }
            phi = features;
        }
        acc.add(vector, vectorHash, phi);
    }

    /**
     * Counts the record's row over the partial's features (the baseline slice's or the policy's),
     * or, learning without a list, over its own numeric features (the first {@code max_features} by
     * name): O(d^2) per partial.
     */
    private void multivariate(WindowPartial partial, PredictionEvent e, BaselineView baseline,
                              ModelPolicy.Multivariate section) {
        MultivariateAccumulator acc = partial.multivariate();
        if (acc == null) {
            acc = new MultivariateAccumulator();
            partial.setMultivariate(acc);
        }
        List<String> names = MultivariateDrift.featuresFor(baseline, partial.segment(), section);
        if (names == null) {
            names = numericFeatures(e, section.maxFeatures);
        }
        if (names.size() < 2) {
            acc.addIncomplete();
            return;
        }
        if (row.length != names.size()) {
            row = new double[names.size()];
        }
        Map<String, Object> values = e.getFeatures();
        if (values instanceof FeatureValues positional) {
            int[] positions = positionsOf(positional.names(), names);
            for (int i = 0; i < row.length; i++) {
                int p = positions[i];
                if (p < 0 || positional.kind(p) != FeatureValues.NUMBER || !Double.isFinite(positional.number(p))) {
                    acc.addIncomplete();
                    return;
                }
                row[i] = positional.number(p);
            }
            acc.add(names, row);
            return;
        }
        for (int i = 0; i < row.length; i++) {
            if (!(values.get(names.get(i)) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                acc.addIncomplete();
                return;
            }
            row[i] = n.doubleValue();
        }
        acc.add(names, row);
    }

    /**
     * Where each of {@code names} stands in a record layout (-1: absent), computed once per layout and
     * feature list (the whole model and each segment may have a list of their own).
     */
    private int[] positionsOf(String[] layout, List<String> names) {
        if (layout != positionsLayout) {
            positionsByNames.clear();
            positionsLayout = layout;
        }
        return positionsByNames.computeIfAbsent(names, n -> {
            int[] positions = new int[n.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = Arrays.asList(layout).indexOf(n.get(i));
            }
            return positions;
        });
    }

    /** The names of the record's numeric features, sorted, at most {@code max}; computed once per record. */
    private List<String> numericFeatures(PredictionEvent e, int max) {
        if (e != lastNumericEvent && e.getFeatures() instanceof FeatureValues values && values.names() == lastNumericLayout
                && sameNumericPositions(values)) {
            lastNumericEvent = e; // the same layout with numbers in the same places: the same names
        }
        if (e != lastNumericEvent) {
            if (e.getFeatures() instanceof FeatureValues values) {
                lastNumericLayout = values.names();
                lastNumericMask = new boolean[values.size()];
                for (int i = 0; i < lastNumericMask.length; i++) {
                    lastNumericMask[i] = values.kind(i) == FeatureValues.NUMBER;
                }
            } else {
                lastNumericLayout = null;
            }
            List<String> names = new ArrayList<>();
            e.getFeatures().forEach((name, value) -> {
                if (value instanceof Number) {
                    names.add(name);
                }
            });
            Collections.sort(names);
            lastNumericFeatures = List.copyOf(names.subList(0, Math.min(max, names.size())));
            lastNumericEvent = e;
        }
        return lastNumericFeatures;
    }

    private boolean sameNumericPositions(FeatureValues values) {
        for (int i = 0; i < lastNumericMask.length; i++) {
            if (lastNumericMask[i] != (values.kind(i) == FeatureValues.NUMBER)) {
                return false;
            }
        }
        return true;
    }

    private static void add(SignalAccumulator a, Object value) {
        if (value == null) {
            a.addMissing();
        } else if (value instanceof Double d) {
            a.addNumber(d);
        } else if (value instanceof Number n) {
            a.addNumber(n.doubleValue());
        } else {
            a.addCategory(value.toString());
        }
    }

    /**
     * The segment keys of a record: {@code key=value} for each configured key found in its tags
     * (or, failing that, among its non-numeric features); every tag key when {@code keys} is null.
     */
    public static void segmentsOf(PredictionEvent e, List<String> keys, java.util.function.BiConsumer<String, String> out) {
        if (keys == null) {
            e.getTags().forEach(out);
            return;
        }
        for (String key : keys) {
            String value = e.getTags().get(key);
            if (value == null) {
                Object feature = e.getFeatures().get(key);
                if (feature != null && !(feature instanceof Double)) {
                    value = feature.toString();
                }
            }
            if (value != null) {
                out.accept(key, value);
            }
        }
    }
}

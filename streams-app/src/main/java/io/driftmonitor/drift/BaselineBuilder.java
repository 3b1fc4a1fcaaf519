package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.SignalBaseline;
import io.driftmonitor.schema.SignalKind;
import io.driftmonitor.state.SignalAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.NumericHistogram;
import io.driftmonitor.stats.QuantileEdges;

/**
 * Builds a baseline from a closed window: quantile edges from the window's raw values (the same
 * code as {@code baseline build} on a training sample) and the window's exact counts over them,
 * for the whole model and for each segment.
 */
public final class BaselineBuilder {
    private BaselineBuilder() {
    }

    public static Baseline fromWindow(List<WindowPartial> partials, ModelPolicy policy, long version,
                                      long createdAt, String source) {
        List<SignalBaseline> signals = new ArrayList<>();
        String modelId = null;
        long effectiveFrom = 0;
        for (WindowPartial p : partials) {
            modelId = p.modelId();
            effectiveFrom = p.windowEnd();
            String segment = p.segment().isEmpty() ? null : p.segment();
            for (Map.Entry<String, SignalAccumulator> e : p.signals().entrySet()) {
                signals.add(slice(e.getKey(), segment, e.getValue(), p.count(), policy));
            }
        }
        return Baseline.newBuilder()
            .setModelId(modelId)
            .setVersion(version)
            .setCreatedAt(createdAt)
            .setSource(source)
            .setEffectiveFrom(effectiveFrom)
            .setSignals(signals)
            .setEmbeddings(EmbeddingDrift.slices(partials, EmbeddingDrift.seedFor(String.valueOf(modelId), version)))
            .setMultivariate(MultivariateDrift.slices(partials))
            .build();
    }

    static SignalBaseline slice(String name, String segment, SignalAccumulator a, long records, ModelPolicy policy) {
        SignalBaseline.Builder b = SignalBaseline.newBuilder().setName(name).setSegment(segment).setTotal(records);
        switch (a.mode()) {
            case NUMERIC -> {
                NumericHistogram h = a.numeric();
                return numeric(b, h.edges(), h.counts(), records, h.sum(), h.sumOfSquares());
            }
            case CATEGORICAL -> {
                CategoricalHistogram h = a.categorical();
                return categorical(b, h.categories(), h.counts(), records);
            }
            default -> {
                if (a.learnedMostlyNumeric()) {
                    double[] raw = a.rawValues();
                    // Exact quantile edges from the raw values; from the sketch once the window outgrew them.
                    double[] edges = a.learnedSketch() == null ? QuantileEdges.fromSample(raw, policy.bins)
                        : a.learnedSketch().edges(policy.bins);
                    SignalAccumulator bound = SignalAccumulator.numeric(edges);
                    a.replayInto(bound);
                    NumericHistogram h = bound.numeric();
                    return numeric(b, edges, h.counts(), records, h.sum(), h.sumOfSquares());
                }
                List<Map.Entry<String, Long>> ranked = new ArrayList<>(a.learnedCategories().entrySet());
                ranked.removeIf(e -> e.getKey().equals(CategoricalHistogram.OTHER));
                ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                List<String> named = new ArrayList<>();
                for (int i = 0; i < Math.min(policy.maxCategories, ranked.size()); i++) {
                    named.add(ranked.get(i).getKey());
                }
                named.sort(Comparator.naturalOrder());
                CategoricalHistogram h = new CategoricalHistogram(named);
                a.learnedCategories().forEach((category, n) -> {
                    for (long i = 0; i < n; i++) {
                        h.add(category);
                    }
                });
                return categorical(b, named, h.counts(), records);
            }
        }
    }

    private static SignalBaseline numeric(SignalBaseline.Builder b, double[] edges, long[] counts, long records,
                                          double sum, double sumOfSquares) {
        long binned = 0;
        for (long c : counts) {
            binned += c;
        }
        Double mean = binned > 0 ? sum / binned : null;
        Double std = binned > 1 ? Math.sqrt(Math.max(0, (sumOfSquares - sum * sum / binned) / (binned - 1))) : null;
        return b.setKind(SignalKind.numeric)
            .setEdges(toList(edges))
            .setCategories(List.of())
            .setCounts(toList(counts))
            .setMissing(records - binned)
            .setMean(mean)
            .setStd(std)
            .build();
    }

    private static SignalBaseline categorical(SignalBaseline.Builder b, List<String> categories, long[] counts, long records) {
        long counted = 0;
        for (long c : counts) {
            counted += c;
        }
        return b.setKind(SignalKind.categorical)
            .setEdges(List.of())
            .setCategories(new ArrayList<>(categories))
            .setCounts(toList(counts))
            .setMissing(records - counted)
            .build();
    }

    static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    static List<Long> toList(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    /** A fresh accumulator bound to a baseline slice (or learning when there is none). */
    public static SignalAccumulator accumulatorFor(SignalBaseline slice) {
        if (slice == null) {
            return SignalAccumulator.learning();
        }
        if (slice.getKind() == SignalKind.numeric) {
            double[] edges = new double[slice.getEdges().size()];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = slice.getEdges().get(i);
            }
            return SignalAccumulator.numeric(edges);
        }
        return SignalAccumulator.categorical(slice.getCategories());
    }
}

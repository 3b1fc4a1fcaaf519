package io.driftmonitor.drift;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.EmbeddingBaseline;
import io.driftmonitor.schema.MultivariateBaseline;
import io.driftmonitor.schema.SignalBaseline;
import io.driftmonitor.stats.PcaReconstruction;

/** Fast lookup of a baseline's signal slices by segment and signal name. */
public final class BaselineView {
    private final Baseline baseline;
    private final Map<String, SignalBaseline> slices = new HashMap<>();
    private final Map<String, EmbeddingBaseline> embeddings = new HashMap<>();
    private final Map<String, MultivariateBaseline> multivariate = new HashMap<>();
    /** Principal components fitted on a multivariate slice, by slice and variance share; fitted on first use. */
    private final Map<String, Optional<PcaReconstruction>> components = new java.util.concurrent.ConcurrentHashMap<>();
    /** The feature map of the whole model's embedding slice; built on first use (D x d random draws). */
    private volatile Optional<EmbeddingDrift.FeatureMap> featureMap;

    public BaselineView(Baseline baseline) {
        this.baseline = baseline;
        for (SignalBaseline s : baseline.getSignals()) {
            slices.put(key(s.getSegment(), s.getName()), s);
        }
        for (EmbeddingBaseline e : baseline.getEmbeddings()) {
            embeddings.put(e.getSegment() == null ? "" : e.getSegment(), e);
        }
        for (MultivariateBaseline m : baseline.getMultivariate()) {
            multivariate.put(m.getSegment() == null ? "" : m.getSegment(), m);
        }
    }

    /** The segment's own multivariate slice, or the whole model's when the segment has none. */
    public MultivariateBaseline multivariate(String segment) {
        return ownOrWhole(multivariate, segment);
    }

    /** The principal components of a multivariate slice of this baseline, or null when it has too few rows or features. */
    public PcaReconstruction pca(MultivariateBaseline slice, double variance) {
        String key = (slice.getSegment() == null ? "" : slice.getSegment()) + "\u0000" + variance;
        return components.computeIfAbsent(key, k -> {
            if (slice.getFeatures().size() < 2 || slice.getCount() < 2) {
                return Optional.empty();
            }
            return Optional.of(PcaReconstruction.fit(MultivariateDrift.moments(slice), variance));
        }).orElse(null);
    }

    /** The segment's own embedding slice, or the whole model's when the segment has none. */
    public EmbeddingBaseline embedding(String segment) {
        return ownOrWhole(embeddings, segment);
    }

    private static <T> T ownOrWhole(Map<String, T> slices, String segment) {
        if (segment != null && !segment.isEmpty()) {
            T own = slices.get(segment);
            if (own != null) {
                return own;
            }
        }
        return slices.get("");
    }

    /** The random Fourier features windows compute against this baseline, or null when it has no kernel reference. */
    public EmbeddingDrift.FeatureMap embeddingFeatures() {
        Optional<EmbeddingDrift.FeatureMap> map = featureMap;
        if (map == null) {
            // Deterministic and immutable: two threads racing here at worst build it twice.
            map = Optional.ofNullable(EmbeddingDrift.FeatureMap.of(embeddings.get("")));
            featureMap = map;
        }
        return map.orElse(null);
    }

    private static String key(String segment, String signal) {
        return (segment == null ? "" : segment) + "\u0000" + signal;
    }

    public Baseline baseline() {
        return baseline;
    }

    public long version() {
        return baseline.getVersion();
    }

    /** The segment's own slice of the signal, or the whole model's when the segment has none. */
    public SignalBaseline find(String segment, String signal) {
        if (segment != null && !segment.isEmpty()) {
            SignalBaseline own = slices.get(key(segment, signal));
            if (own != null) {
                return own;
            }
        }
        return slices.get(key(null, signal));
    }

    /** Whether windows starting at {@code windowStart} use this version. */
    public boolean appliesTo(long windowStart) {
        return baseline.getEffectiveFrom() <= windowStart;
    }
}

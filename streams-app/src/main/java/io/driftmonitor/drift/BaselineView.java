package io.driftmonitor.drift;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.EmbeddingBaseline;
import io.driftmonitor.schema.SignalBaseline;

/** Fast lookup of a baseline's signal slices by segment and signal name. */
public final class BaselineView {
    private final Baseline baseline;
    private final Map<String, SignalBaseline> slices = new HashMap<>();
    private final Map<String, EmbeddingBaseline> embeddings = new HashMap<>();
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
    }

    /** The segment's own embedding slice, or the whole model's when the segment has none. */
    public EmbeddingBaseline embedding(String segment) {
        if (segment != null && !segment.isEmpty()) {
            EmbeddingBaseline own = embeddings.get(segment);
            if (own != null) {
                return own;
            }
        }
        return embeddings.get("");
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

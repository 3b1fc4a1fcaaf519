package io.driftmonitor.drift;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.schema.EmbeddingBaseline;
import io.driftmonitor.state.EmbeddingAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.stats.EmbeddingReservoir;
import io.driftmonitor.stats.EmbeddingStats;
import io.driftmonitor.stats.RandomFourierMmd;

/**
 * Embedding drift of a window against its baseline, per model and segment:
 * <ul>
 *   <li>{@code embedding:centroid}: the Euclidean distance between the centroids divided by the
 *       baseline's spread sqrt(tr Sigma) (metric {@code centroid_distance}; the raw distance, the
 *       cosine distance and the standardised shift are in {@code metrics}). Its p-value tests
 *       "same mean": T = ||mu_X - mu_Y||^2 / (tr Sigma_X / n + tr Sigma_Y / m) is, for normal means,
 *       a quadratic form with weights summing to 1, and P(chi2_1 &gt;= T) bounds its tail from above
 *       for every covariance when the bound is at most 0.215 (Szekely and Bakirov 2003): conservative
 *       without knowing the covariance, which the monitor does not keep.</li>
 *   <li>{@code embedding:mmd}: MMD^2 with the Gaussian kernel through the baseline's random Fourier
 *       features (metric {@code mmd2}), p-value from the Satterthwaite approximation g chi2(h) of
 *       its null distribution at the window's size; threshold and warn threshold are the MMD^2
 *       values at {@code alpha} and {@code alpha_warn}.</li>
 *   <li>{@code data_quality:embedding_dimension} (status warn) when records came with another
 *       dimension than the baseline's; they are not counted in the other two.</li>
 * </ul>
 */
public final class EmbeddingDrift {
    /** Random Fourier features per baseline: per-record cost D x d multiply-adds. */
    public static final int FEATURES = 64;
    /** Normalised centroid distance (in units of the baseline's RMS spread) for a warning. */
    public static final double CENTROID_WARN = 0.05;
    /** Normalised centroid distance for drift. */
    public static final double CENTROID_DRIFT = 0.1;
    /** Fewest baseline vectors behind the kernel moments for an MMD verdict. */
    public static final long MIN_KERNEL_SAMPLE = 20;

    private EmbeddingDrift() {
    }

    /** The baseline's feature map, shared by every slice of it and by every level-1 task. */
    public record FeatureMap(RandomFourierMmd rff, long seed) {
        static FeatureMap of(EmbeddingBaseline slice) {
            if (slice == null || slice.getRffFeatures() < 1 || !(slice.getRffBandwidth() > 0)) {
                return null;
            }
            return new FeatureMap(new RandomFourierMmd(slice.getDimension(), slice.getRffFeatures(),
                slice.getRffBandwidth(), slice.getRffSeed()), slice.getRffSeed());
        }

        public int dimension() {
            return rff.dimension();
        }

        public int features() {
            return rff.features();
        }
    }

    /** The seed of a baseline version's features: derived from model and version, so every instance agrees. */
    public static long seedFor(String model, long version) {
        return UUID.nameUUIDFromBytes(("rff|" + model + "|" + version).getBytes(StandardCharsets.UTF_8))
            .getMostSignificantBits();
    }

    /**
     * The embedding slices of a baseline built from partials (a first window or a sample): exact
     * centroid sums for each partial, and kernel moments from the partials' samples, with a
     * bandwidth from the whole model's sample (median heuristic) shared by every slice.
     */
    public static List<EmbeddingBaseline> slices(List<WindowPartial> partials, long seed) {
        List<EmbeddingBaseline> out = new ArrayList<>();
        RandomFourierMmd rff = null;
        for (WindowPartial p : partials) {
            EmbeddingAccumulator a = p.embedding();
            if (p.segment().isEmpty() && a != null && a.sample() != null && a.sample().size() >= 2) {
                double bandwidth = RandomFourierMmd.medianHeuristic(a.sample().vectors());
                rff = new RandomFourierMmd(a.dimension(), FEATURES, bandwidth, seed);
            }
        }
        for (WindowPartial p : partials) {
            EmbeddingAccumulator a = p.embedding();
            if (a == null || a.stats().count() == 0) {
                continue;
            }
            EmbeddingStats s = a.stats();
            EmbeddingBaseline.Builder b = EmbeddingBaseline.newBuilder()
                .setSegment(p.segment().isEmpty() ? null : p.segment())
                .setDimension(a.dimension())
                .setCount(s.count())
                .setSum(BaselineBuilder.toList(s.sum()))
                .setSumOfSquaredNorms(s.sumOfSquaredNorms())
                .setRffMean(List.of());
            EmbeddingReservoir sample = a.sample();
            if (rff != null && sample != null && sample.size() > 0 && a.dimension() == rff.dimension()) {
                RandomFourierMmd.Moments m = rff.moments(sample.vectors());
                b.setRffSeed(seed).setRffFeatures(rff.features()).setRffBandwidth(rff.bandwidth())
                    .setRffCount(m.count()).setRffMean(BaselineBuilder.toList(m.mean()))
                    .setRffTrace(m.trace()).setRffTraceSquared(m.traceSquared());
            }
            out.add(b.build());
        }
        return out;
    }

    /** The embedding events of one partial (model or segment) of a closed window; empty without embeddings. */
    public static List<DriftEvent> evaluate(WindowPartial p, BaselineView baseline, ModelPolicy policy) {
        EmbeddingAccumulator acc = p.embedding();
        if (acc == null) {
            return List.of();
        }
        List<DriftEvent> events = new ArrayList<>(3);
        String segment = p.segment().isEmpty() ? null : p.segment();
        EmbeddingBaseline slice = baseline == null ? null : baseline.embedding(segment);
        long mismatched = acc.mismatched();
        int minDim = acc.mismatchedMin();
        int maxDim = acc.mismatchedMax();
        boolean sameDimension = slice == null || slice.getDimension() == acc.dimension();
        if (!sameDimension) {
            mismatched += acc.stats().count() + acc.stats().invalid();
            minDim = Math.min(minDim, acc.dimension());
            maxDim = Math.max(maxDim, acc.dimension());
        }
        if (mismatched > 0) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("expected_dimension", (double) (slice == null ? acc.dimension() : slice.getDimension()));
            metrics.put("observed_dimension_min", (double) minDim);
            metrics.put("observed_dimension_max", (double) maxDim);
            metrics.put("mismatched_share", p.count() == 0 ? 0.0 : (double) mismatched / p.count());
            events.add(base(p, segment, SignalNames.EMBEDDING_DIMENSION, "mismatched_records", baseline)
                .setValue((double) mismatched).setThreshold(0.0).setStatus(DriftStatus.warn)
                .setWindowCount(p.count()).setBaselineCount(0).setMetrics(metrics).build());
        }
        events.add(centroid(p, segment, acc, slice, sameDimension, baseline, policy));
        events.add(mmd(p, segment, acc, slice, sameDimension, baseline, policy));
        return events;
    }

    private static DriftEvent.Builder base(WindowPartial p, String segment, String signal, String metric,
                                           BaselineView baseline) {
        return DriftEvent.newBuilder()
            .setEventId(WindowEvaluator.eventId(p.modelId(), p.windowStart(), signal, segment, 0))
            .setModelId(p.modelId())
            .setModelVersion(p.modelVersion())
            .setWindowStart(p.windowStart())
            .setWindowEnd(p.windowEnd())
            .setSignal(signal)
            .setSegment(segment)
            .setMetric(metric)
            .setBaselineVersion(baseline == null ? null : baseline.version())
            .setMetrics(new LinkedHashMap<>());
    }

    static DriftEvent centroid(WindowPartial p, String segment, EmbeddingAccumulator acc, EmbeddingBaseline slice,
                               boolean sameDimension, BaselineView baseline, ModelPolicy policy) {
        EmbeddingStats window = acc.stats();
        DriftEvent.Builder e = base(p, segment, SignalNames.EMBEDDING_CENTROID, "centroid_distance", baseline)
            .setThreshold(CENTROID_DRIFT).setWarnThreshold(CENTROID_WARN)
            .setWindowCount(sameDimension ? window.count() : 0)
            .setWindowMissing(p.count() - (sameDimension ? window.count() : 0))
            .setBaselineCount(slice == null ? 0 : slice.getCount());
        if (slice == null || !sameDimension || slice.getCount() < policy.minSamples || window.count() < policy.minSamples) {
            return e.setStatus(DriftStatus.insufficient_data).build();
        }
        EmbeddingStats reference = referenceStats(slice);
        CentroidShift shift = CentroidShift.of(reference, window);
        Map<String, Double> m = e.getMetrics();
        putFinite(m, "euclidean", shift.euclidean());
        putFinite(m, "cosine", shift.cosine());
        putFinite(m, "standardised_shift", shift.standardised());
        putFinite(m, "baseline_spread", shift.baselineSpread());
        putFinite(m, "window_spread", Math.sqrt(window.totalVariance()));
        m.put("dimension", (double) acc.dimension());
        double value = shift.normalised();
        double pValue = shift.pValue();
        DriftStatus status;
        if (value >= CENTROID_DRIFT && pValue <= policy.alpha) {
            status = DriftStatus.drift;
        } else if (value >= CENTROID_WARN && pValue <= policy.alphaWarn) {
            status = DriftStatus.warn;
        } else {
            status = DriftStatus.ok;
        }
        return e.setValue(Double.isFinite(value) ? value : null).setPValue(pValue).setStatus(status).build();
    }

    /** The baseline slice's centroid statistics. */
    static EmbeddingStats referenceStats(EmbeddingBaseline slice) {
        double[] sum = slice.getSum().stream().mapToDouble(Double::doubleValue).toArray();
        return EmbeddingStats.of(sum, slice.getSumOfSquaredNorms(), slice.getCount(), 0);
    }

    /** The centroid comparison of a window with a baseline. */
    public record CentroidShift(double euclidean, double cosine, double baselineSpread, double normalised,
                                double standardised, double pValue) {
        public static CentroidShift of(EmbeddingStats reference, EmbeddingStats window) {
            return new CentroidShift(EmbeddingStats.euclideanShift(reference, window),
                EmbeddingStats.cosineShift(reference, window), Math.sqrt(reference.totalVariance()),
                EmbeddingStats.normalisedShift(reference, window), EmbeddingStats.welchShift(reference, window),
                EmbeddingStats.shiftPValue(reference, window));
        }
    }

    static DriftEvent mmd(WindowPartial p, String segment, EmbeddingAccumulator acc, EmbeddingBaseline slice,
                          boolean sameDimension, BaselineView baseline, ModelPolicy policy) {
        boolean kernel = slice != null && slice.getRffFeatures() > 0 && slice.getRffMean().size() == slice.getRffFeatures();
        long m = 0;
        double[] window = null;
        if (sameDimension && kernel && acc.isBound() && acc.featureSum().length == slice.getRffFeatures()) {
            m = acc.featureCount();
            window = acc.featureSum().clone();
            for (int j = 0; j < window.length; j++) {
                window[j] /= Math.max(1, m);
            }
        } else if (sameDimension && kernel && acc.sample() != null && baseline.embeddingFeatures() != null
                && baseline.embeddingFeatures().dimension() == acc.dimension()
                && baseline.embeddingFeatures().features() == slice.getRffFeatures()) {
            // Counted before its task knew the baseline (the window after a first-window baseline):
            // the window's uniform sample stands in for it, with its own size as m.
            RandomFourierMmd.Accumulator a = baseline.embeddingFeatures().rff().newAccumulator(false);
            for (float[] v : acc.sample().vectors()) {
                a.add(v);
            }
            m = a.count();
            window = a.mean();
        }
        DriftEvent.Builder e = base(p, segment, SignalNames.EMBEDDING_MMD, "mmd2", baseline)
            .setWindowCount(m)
            .setWindowMissing(p.count() - m)
            .setBaselineCount(kernel ? slice.getRffCount() : 0);
        if (!kernel || m < policy.minSamples || slice.getRffCount() < MIN_KERNEL_SAMPLE) {
            return e.setStatus(DriftStatus.insufficient_data).build();
        }
        double[] reference = slice.getRffMean().stream().mapToDouble(Double::doubleValue).toArray();
        double mmd2 = RandomFourierMmd.mmdSquared(reference, window);
        long n = slice.getRffCount();
        double trace = slice.getRffTrace();
        double traceSquared = slice.getRffTraceSquared();
        double pValue = RandomFourierMmd.pValue(mmd2, trace, traceSquared, n, m);
        double drift = RandomFourierMmd.threshold(trace, traceSquared, n, m, policy.alpha);
        double warn = RandomFourierMmd.threshold(trace, traceSquared, n, m, policy.alphaWarn);
        double[] gh = RandomFourierMmd.nullApproximation(trace, traceSquared, n, m);
        Map<String, Double> metrics = e.getMetrics();
        metrics.put("mmd", Math.sqrt(mmd2));
        metrics.put("null_scale", gh[0]);
        metrics.put("null_dof", gh[1]);
        metrics.put("rff_features", (double) slice.getRffFeatures());
        metrics.put("rff_bandwidth", slice.getRffBandwidth());
        DriftStatus status = pValue <= policy.alpha ? DriftStatus.drift
            : pValue <= policy.alphaWarn ? DriftStatus.warn : DriftStatus.ok;
        return e.setValue(mmd2).setThreshold(drift).setWarnThreshold(warn).setPValue(pValue).setStatus(status).build();
    }

    private static void putFinite(Map<String, Double> metrics, String key, double value) {
        if (Double.isFinite(value)) {
            metrics.put(key, value);
        }
    }
}

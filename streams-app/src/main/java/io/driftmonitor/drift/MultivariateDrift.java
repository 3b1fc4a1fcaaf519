package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.DriftStatus;
import io.driftmonitor.schema.MultivariateBaseline;
import io.driftmonitor.state.MultivariateAccumulator;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.stats.MultivariateMoments;
import io.driftmonitor.stats.PcaReconstruction;

/**
 * The multivariate signal {@code multivariate:pca_reconstruction} of a window, per model and
 * segment: the mean PCA reconstruction error of the rows' numeric features against principal
 * components fitted on the baseline ({@link PcaReconstruction}), from the window's moments. It
 * sees changes of the joint distribution that leave every marginal alone, such as a correlation
 * that flips. Metric {@code pca_reconstruction_error}; status drift when the error's p-value under
 * "rows like the baseline's" is at most {@code alpha} and the error exceeds the baseline's by at
 * least {@code min_change} (relative), warn likewise at {@code alpha_warn}. The event's threshold
 * is the error at which both hold.
 */
public final class MultivariateDrift {
    public static final String METRIC = "pca_reconstruction_error";

    private MultivariateDrift() {
    }

    /**
     * The features a partial counts its rows over: the baseline slice's when the partial is bound
     * to a baseline that has one, else the policy's list; null: each row over its own numeric features.
     */
    static List<String> featuresFor(BaselineView bound, String segment, ModelPolicy.Multivariate section) {
        MultivariateBaseline slice = bound == null ? null : bound.multivariate(segment);
        if (slice != null) {
            return slice.getFeatures();
        }
        return section.features;
    }

    /** The baseline slices of partials (a first window or a sample): each one's largest feature set of two or more. */
    public static List<MultivariateBaseline> slices(List<WindowPartial> partials) {
        List<MultivariateBaseline> out = new ArrayList<>();
        for (WindowPartial p : partials) {
            MultivariateAccumulator a = p.multivariate();
            List<String> features = a == null ? null : a.largestSet();
            if (features == null || features.size() < 2) {
                continue;
            }
            MultivariateMoments m = a.moments(features);
            out.add(MultivariateBaseline.newBuilder()
                .setSegment(p.segment().isEmpty() ? null : p.segment())
                .setFeatures(new ArrayList<>(features))
                .setCount(m.count())
                .setMean(BaselineBuilder.toList(m.mean()))
                .setComoment(BaselineBuilder.toList(m.comoment()))
                .setIncomplete(p.count() - m.count())
                .build());
        }
        return out;
    }

    /** The baseline slice's moments. */
    static MultivariateMoments moments(MultivariateBaseline slice) {
        return MultivariateMoments.of(slice.getCount(), slice.getMean().stream().mapToDouble(Double::doubleValue).toArray(),
            slice.getComoment().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The multivariate event of one partial of a closed window; none when the policy has no multivariate section. */
    public static List<DriftEvent> evaluate(WindowPartial p, BaselineView baseline, ModelPolicy policy) {
        ModelPolicy.Multivariate section = policy.multivariate;
        if (section == null) {
            return List.of();
        }
        String segment = p.segment().isEmpty() ? null : p.segment();
        MultivariateBaseline slice = baseline == null ? null : baseline.multivariate(segment);
        MultivariateMoments window = slice == null || p.multivariate() == null ? null
            : p.multivariate().moments(slice.getFeatures());
        long m = window == null ? 0 : window.count();
        DriftEvent.Builder e = DriftEvent.newBuilder()
            .setEventId(WindowEvaluator.eventId(p.modelId(), p.windowStart(), SignalNames.MULTIVARIATE_PCA, segment, 0))
            .setModelId(p.modelId())
            .setModelVersion(p.modelVersion())
            .setWindowStart(p.windowStart())
            .setWindowEnd(p.windowEnd())
            .setSignal(SignalNames.MULTIVARIATE_PCA)
            .setSegment(segment)
            .setMetric(METRIC)
            .setBaselineVersion(baseline == null ? null : baseline.version())
            .setWindowCount(m)
            .setWindowMissing(p.count() - m)
            .setBaselineCount(slice == null ? 0 : slice.getCount())
            .setBaselineMissing(slice == null ? 0 : slice.getIncomplete())
            .setMetrics(new LinkedHashMap<>());
        PcaReconstruction pca = slice == null ? null : baseline.pca(slice, section.variance);
        long needed = Math.max(2, policy.minSamples);
        if (pca == null || m < needed || slice.getCount() < needed) {
            return List.of(e.setStatus(DriftStatus.insufficient_data).build());
        }
        double error = pca.meanError(window);
        double change = pca.relativeChange(error);
        double pValue = pca.pValue(error, m);
        double significant = pca.threshold(m, policy.alpha);
        double significantWarn = pca.threshold(m, policy.alphaWarn);
        double changed = pca.baselineError() * (1 + section.minChange);
        Map<String, Double> metrics = e.getMetrics();
        metrics.put("baseline_error", pca.baselineError());
        metrics.put("relative_change", change);
        metrics.put("min_change", section.minChange);
        metrics.put("significance_threshold", significant);
        metrics.put("features", (double) pca.dimension());
        metrics.put("components", (double) pca.components());
        metrics.put("explained_variance", pca.explainedVariance());
        double[] gh = pca.nullApproximation(m);
        metrics.put("null_scale", gh[0]);
        metrics.put("null_dof", gh[1]);
        DriftStatus status = change >= section.minChange && pValue <= policy.alpha ? DriftStatus.drift
            : change >= section.minChange && pValue <= policy.alphaWarn ? DriftStatus.warn : DriftStatus.ok;
        return List.of(e.setValue(error).setThreshold(Math.max(significant, changed))
            .setWarnThreshold(Math.max(significantWarn, changed)).setPValue(pValue).setStatus(status).build());
    }
}

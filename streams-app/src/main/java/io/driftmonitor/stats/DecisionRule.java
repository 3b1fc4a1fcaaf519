package io.driftmonitor.stats;

import java.util.Objects;

/**
 * How one metric of one signal becomes a status. Build one with {@link #defaults(DriftMetric)},
 * {@link #staticThresholds} or {@link #calibrated} and adjust it with the {@code with...} methods.
 *
 * @param metric        the metric compared
 * @param mode          static thresholds or thresholds calibrated to the null distribution
 * @param warn          static warn threshold (ignored when calibrated)
 * @param drift         static drift threshold (ignored when calibrated)
 * @param warnAlpha     significance level of a warning (gate in static mode, quantile in calibrated mode)
 * @param driftAlpha    significance level of drift
 * @param minSampleSize windows (and baselines) with fewer values report {@code insufficient_data}
 * @param replicates    resampling replicates for calibrated thresholds of metrics without analytic null
 * @param seed          seed of that resampling (results are deterministic)
 */
public record DecisionRule(DriftMetric metric, ThresholdMode mode, double warn, double drift, double warnAlpha,
                           double driftAlpha, long minSampleSize, int replicates, long seed) {
    public static final long DEFAULT_MIN_SAMPLE_SIZE = 100;
    public static final double DEFAULT_WARN_ALPHA = 0.05;
    public static final double DEFAULT_DRIFT_ALPHA = 0.01;
    public static final int DEFAULT_REPLICATES = 1000;
    public static final long DEFAULT_SEED = 0x5EEDL;

    public DecisionRule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(mode, "mode");
        if (mode == ThresholdMode.STATIC && !(warn <= drift)) {
            throw new IllegalArgumentException("warn threshold must not exceed drift threshold: " + warn + " > " + drift);
        }
        if (!(driftAlpha > 0 && driftAlpha <= warnAlpha && warnAlpha < 1)) {
            throw new IllegalArgumentException("need 0 < driftAlpha <= warnAlpha < 1, got " + driftAlpha + ", " + warnAlpha);
        }
        if (minSampleSize < 1) {
            throw new IllegalArgumentException("minSampleSize must be at least 1");
        }
        if (replicates < 20) {
            throw new IllegalArgumentException("replicates must be at least 20");
        }
        if (mode == ThresholdMode.CALIBRATED
            && (metric == DriftMetric.MISSING_RATE || metric == DriftMetric.NEW_CATEGORY_SHARE)) {
            throw new IllegalArgumentException(metric.wireName() + " supports static thresholds only");
        }
    }

    /** Static thresholds with the default alphas and minimum sample size. */
    public static DecisionRule staticThresholds(DriftMetric metric, double warn, double drift) {
        return new DecisionRule(metric, ThresholdMode.STATIC, warn, drift, DEFAULT_WARN_ALPHA, DEFAULT_DRIFT_ALPHA,
            DEFAULT_MIN_SAMPLE_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED);
    }

    /** Thresholds from the metric's null distribution at the window's sample size. */
    public static DecisionRule calibrated(DriftMetric metric, double warnAlpha, double driftAlpha) {
        return new DecisionRule(metric, ThresholdMode.CALIBRATED, Double.NaN, Double.NaN, warnAlpha, driftAlpha,
            DEFAULT_MIN_SAMPLE_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED);
    }

    /**
     * What users know: PSI 0.1 / 0.25, KL 0.1 / 0.25, JS 0.1 / 0.2, Hellinger 0.15 / 0.4 (whylogs),
     * normalised Wasserstein 0.1 / 0.2 (Evidently's 0.1), KS statistic 0.1 / 0.2, missing-rate delta
     * 0.05 / 0.1, new-category share 0.01 / 0.05; chi-square and raw Wasserstein have no unit-free
     * scale and are calibrated (alpha 0.05 / 0.01).
     */
    public static DecisionRule defaults(DriftMetric metric) {
        return switch (metric) {
            case PSI, KL -> staticThresholds(metric, 0.1, 0.25);
            case JS, KS, WASSERSTEIN_NORM -> staticThresholds(metric, 0.1, 0.2);
            case HELLINGER -> staticThresholds(metric, 0.15, 0.4);
            case MISSING_RATE -> staticThresholds(metric, 0.05, 0.1);
            case NEW_CATEGORY_SHARE -> staticThresholds(metric, 0.01, 0.05);
            case CHI2, WASSERSTEIN -> calibrated(metric, DEFAULT_WARN_ALPHA, DEFAULT_DRIFT_ALPHA);
        };
    }

    public DecisionRule withMinSampleSize(long minimum) {
        return new DecisionRule(metric, mode, warn, drift, warnAlpha, driftAlpha, minimum, replicates, seed);
    }

    public DecisionRule withAlphas(double newWarnAlpha, double newDriftAlpha) {
        return new DecisionRule(metric, mode, warn, drift, newWarnAlpha, newDriftAlpha, minSampleSize, replicates, seed);
    }

    public DecisionRule withResampling(int newReplicates, long newSeed) {
        return new DecisionRule(metric, mode, warn, drift, warnAlpha, driftAlpha, minSampleSize, newReplicates, newSeed);
    }
}

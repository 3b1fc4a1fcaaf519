package io.driftmonitor.config;

import java.time.Duration;
import java.util.List;

/**
 * How one model is monitored: its windows, binning, drift thresholds and retrain rule. Field names
 * are the keys in {@code monitor.yaml} (snake_case). Every model without its own entry uses the
 * {@code defaults}; a model's entry overrides only the keys it names.
 */
public class ModelPolicy {
    /** Tumbling event-time window size. */
    public Duration window = Duration.ofMinutes(1);
    /** How long after its end a window still accepts late records. */
    public Duration grace = Duration.ofSeconds(10);
    /** Quantile bins of numeric signals in a baseline built by the monitor. */
    public int bins = 10;
    /** Named categories kept per categorical signal (by baseline frequency); the rest is "__other__". */
    public int maxCategories = 50;
    /** Below this many records a window (or segment) reports insufficient_data instead of a verdict. */
    public long minSamples = 100;
    /** A window needs this many records to become the model's first baseline. */
    public long baselineMinCount = 100;
    /** The drift metric each signal is judged by: psi, js, hellinger, kl, wasserstein_norm, ks, chi2, ... */
    public String metric = "psi";
    /** Warn and drift thresholds of a metric other than PSI; absent: calibrated from the baseline. */
    public Double warnThreshold;
    public Double driftThreshold;
    /** PSI at or above which a signal is in warning. */
    public double psiWarn = 0.1;
    /** PSI at or above which a signal drifts. */
    public double psiDrift = 0.25;
    /** A drift verdict also needs the metric to be significant at this level (for PSI: its chi-square null). */
    public double alpha = 0.01;
    /** The significance level of a warn verdict. */
    public double alphaWarn = 0.05;
    /** Retrain when one signal drifts in this many consecutive windows. */
    public int consecutiveWindows = 2;
    /** No second retrain trigger within this time after one (event time). */
    public Duration cooldown = Duration.ofHours(1);
    /** Tag keys (or feature names) that define segments; null means every key of tags. */
    public List<String> segmentKeys;
    /** Distinct values kept per segment key and window; the rest is counted as key=__other__. */
    public int maxSegmentValues = 50;
    /** How long after a prediction its label is still counted in the prediction's window. */
    public Duration labelHorizon = Duration.ofDays(7);
    /** Below this many labels a window's performance reports insufficient_data. */
    public long minLabels = 30;
    /** The positive class of a binary classifier whose score is P(positive); null: inferred from predicted_label. */
    public String positiveLabel;
    /**
     * Performance thresholds by metric (accuracy, precision, recall, f1, roc_auc, log_loss, ece, mae,
     * rmse, mape): below them (above for the error metrics) a window's performance is in drift.
     */
    public java.util.Map<String, Double> performanceThresholds = new java.util.LinkedHashMap<>();
    /** Cost of one retrain, carried in retrain events and used by ROI reports. */
    public double retrainCost = 0;

    void validate(String path) {
        requirePositive(path + ".window", window);
        if (grace == null || grace.isNegative()) {
            throw new ConfigException(path + ".grace: must be zero or positive");
        }
        requireRange(path + ".bins", bins, 2, 1000);
        requireRange(path + ".max_categories", maxCategories, 1, 10_000);
        requireRange(path + ".min_samples", minSamples, 1, Long.MAX_VALUE);
        requireRange(path + ".baseline_min_count", baselineMinCount, 1, Long.MAX_VALUE);
        requireRange(path + ".consecutive_windows", consecutiveWindows, 1, 1000);
        requireRange(path + ".max_segment_values", maxSegmentValues, 1, 10_000);
        if (!(psiWarn > 0) || !(psiDrift >= psiWarn)) {
            throw new ConfigException(path + ".psi_warn/psi_drift: need 0 < psi_warn <= psi_drift, got "
                + psiWarn + " and " + psiDrift);
        }
        try {
            io.driftmonitor.stats.DriftMetric.fromWireName(metric);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + ".metric: " + e.getMessage());
        }
        if ((warnThreshold == null) != (driftThreshold == null)
            || warnThreshold != null && !(warnThreshold >= 0 && driftThreshold >= warnThreshold)) {
            throw new ConfigException(path + ".warn_threshold/drift_threshold: give both, with 0 <= warn <= drift");
        }
        if (!(alphaWarn > 0 && alphaWarn <= 1)) {
            throw new ConfigException(path + ".alpha_warn: must be in (0, 1], got " + alphaWarn);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new ConfigException(path + ".alpha: must be in (0, 1], got " + alpha);
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new ConfigException(path + ".cooldown: must be zero or positive");
        }
        if (labelHorizon == null || labelHorizon.isNegative() || labelHorizon.isZero()) {
            throw new ConfigException(path + ".label_horizon: must be a positive duration");
        }
        requireRange(path + ".min_labels", minLabels, 1, Long.MAX_VALUE);
        for (String metric : performanceThresholds.keySet()) {
            if (!io.driftmonitor.drift.PerformanceEvaluator.METRICS.contains(metric)) {
                throw new ConfigException(path + ".performance_thresholds." + metric + ": unknown metric; one of "
                    + io.driftmonitor.drift.PerformanceEvaluator.METRICS);
            }
        }
        if (retrainCost < 0) {
            throw new ConfigException(path + ".retrain_cost: must not be negative, got " + retrainCost);
        }
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigException(key + ": must be a positive duration");
        }
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}

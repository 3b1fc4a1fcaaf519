package io.driftmonitor.stats;

/** How the warn and drift thresholds of a {@link DecisionRule} are obtained. */
public enum ThresholdMode {
    /** Fixed values from the policy (e.g. PSI 0.1 / 0.25), gated by significance where the metric has a p-value. */
    STATIC,
    /**
     * The metric's null distribution at the window's actual sample size: its (1 - alpha) quantiles
     * for the warn and drift alphas. Analytic for PSI (chi-square), chi-square and KS; by resampling
     * the baseline once ({@link ThresholdCalibration}) for the others.
     */
    CALIBRATED
}

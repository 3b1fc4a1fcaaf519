package io.driftmonitor.stats;

/**
 * The decision for one metric of one signal in one window: effect size ({@code value}) and
 * significance ({@code pValue}) are both reported, with the thresholds and sample sizes used.
 *
 * @param pValue         the metric's p-value (analytic, or from the calibration resampling); NaN if none
 * @param adjustedPValue the p-value after multiple-testing correction ({@link MultipleTesting}); equals
 *                       {@code pValue} until a correction is applied
 */
public record DriftDecision(DriftMetric metric, DriftStatus status, double value, double warnThreshold,
                            double driftThreshold, double pValue, double adjustedPValue, long referenceCount,
                            long currentCount, ThresholdMode mode) {

    /** The threshold that matters for the status: the drift threshold when drifting, else the warn threshold. */
    public double threshold() {
        return status == DriftStatus.DRIFT ? driftThreshold : warnThreshold;
    }

    /** The p-value, or null when the metric has none (for nullable event fields). */
    public Double pValueOrNull() {
        return Double.isNaN(adjustedPValue) ? null : adjustedPValue;
    }

    DriftDecision withCorrection(double adjusted, DriftStatus newStatus) {
        return new DriftDecision(metric, newStatus, value, warnThreshold, driftThreshold, pValue, adjusted,
            referenceCount, currentCount, mode);
    }
}

package io.driftmonitor.stats;

import java.util.Locale;

/**
 * The drift metrics a policy can choose for a signal; every one grows with the difference between
 * baseline and window. {@link #wireName()} is the name in events and in {@code compare} output.
 */
public enum DriftMetric {
    /** Population stability index (nats), epsilon for empty bins. */
    PSI(true),
    /** KL(reference || current) in nats, epsilon for empty bins. */
    KL(false),
    /** Jensen-Shannon distance, base 2, in [0, 1]. */
    JS(false),
    /** Hellinger distance in [0, 1]. */
    HELLINGER(false),
    /** Wasserstein-1 in the signal's unit (numeric signals only). */
    WASSERSTEIN(false),
    /** Wasserstein-1 divided by the reference standard deviation (numeric signals only). */
    WASSERSTEIN_NORM(false),
    /** Kolmogorov-Smirnov statistic, with its p-value (numeric signals only). */
    KS(true),
    /** Chi-square statistic of homogeneity, with its p-value. */
    CHI2(true),
    /** Missing share of the window minus that of the baseline. */
    MISSING_RATE(false),
    /** Share of the window's values in categories the baseline never saw. */
    NEW_CATEGORY_SHARE(false);

    private final boolean hasPValue;

    DriftMetric(boolean hasPValue) {
        this.hasPValue = hasPValue;
    }

    /** Whether the metric comes with an analytic p-value (PSI's is the chi-square approximation). */
    public boolean hasPValue() {
        return hasPValue;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DriftMetric fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether the metric is defined for a numeric (binned) signal. */
    public boolean appliesToNumeric() {
        return this != NEW_CATEGORY_SHARE;
    }

    /** Whether the metric is defined for a categorical signal. */
    public boolean appliesToCategorical() {
        return this != WASSERSTEIN && this != WASSERSTEIN_NORM && this != KS;
    }
}

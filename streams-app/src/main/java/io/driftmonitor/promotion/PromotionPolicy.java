package io.driftmonitor.promotion;

import java.util.Locale;
import java.util.Set;

/**
 * How a model's candidate version is judged against its champion.
 *
 * @param strategy       shadow (the candidate scores the champion's traffic), ab (split traffic) or
 *                       canary (a small share of traffic, with a stop rule)
 * @param metric         accuracy, roc_auc (classifiers), mae or rmse (regressors); null: accuracy when
 *                       the predictions have labels, else mae
 * @param role           the deployment role of the candidate's predictions (default by strategy:
 *                       shadow, challenger, canary)
 * @param minSamples     labelled predictions each role needs, summed over the experiment's windows,
 *                       before the experiment's test is looked at
 * @param alpha          error rate of the experiment's two-sided always-valid test (held however
 *                       often it is looked at)
 * @param maxDegradation canary stop rule: relative degradation of the metric (0.05 = 5 % worse than
 *                       the champion) beyond which a significantly worse canary is rolled back
 * @param maxWindows     horizon: an experiment with labelled outcomes in this many windows and no
 *                       significant difference is concluded with keep
 * @param maxDurationMillis horizon in event time, from the start of the experiment's first window to
 *                       the end of its latest one
 * @param effectSize     standard deviation of the normal mixture of the mSPRT: the size of difference
 *                       the test is tuned for; absolute for accuracy and roc_auc, relative to the
 *                       champion's value for mae and rmse
 */
public record PromotionPolicy(Strategy strategy, String metric, String role, long minSamples, double alpha,
                              double maxDegradation, int maxWindows, long maxDurationMillis, double effectSize) {
    /** Metrics with a significance test on the counts the monitor keeps. */
    public static final Set<String> METRICS = Set.of("accuracy", "roc_auc", "mae", "rmse");
    public static final long DEFAULT_MIN_SAMPLES = 200;
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_MAX_DEGRADATION = 0.05;
    public static final int DEFAULT_MAX_WINDOWS = 100;
    public static final long DEFAULT_MAX_DURATION_MILLIS = 7L * 24 * 3600 * 1000;
    public static final double DEFAULT_EFFECT_SIZE = 0.05;

    public enum Strategy {
        SHADOW(Roles.SHADOW), AB(Roles.CHALLENGER), CANARY(Roles.CANARY);

        private final String defaultRole;

        Strategy(String defaultRole) {
            this.defaultRole = defaultRole;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the key when the value is not a strategy */
        public static Strategy parse(String value) {
            for (Strategy s : values()) {
                if (s.wireName().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("strategy: must be shadow, ab or canary, got '" + value + "'");
        }
    }

    /** @throws IllegalArgumentException naming the key ({@code metric: ...}) of an invalid value */
    public PromotionPolicy {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy: required (shadow, ab or canary)");
        }
        if (metric != null && !METRICS.contains(metric)) {
            throw new IllegalArgumentException("metric: must be one of " + new java.util.TreeSet<>(METRICS)
                + " (the metrics with a significance test), got '" + metric + "'");
        }
        if (role == null) {
            role = strategy.defaultRole;
        } else if (!Roles.NON_CHAMPION.contains(role)) {
            throw new IllegalArgumentException("role: must be one of " + Roles.NON_CHAMPION + ", got '" + role + "'");
        }
        if (minSamples < 2) {
            throw new IllegalArgumentException("min_samples: must be at least 2, got " + minSamples);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha: must be in (0, 1), got " + alpha);
        }
        if (!(maxDegradation >= 0 && maxDegradation < 1)) {
            throw new IllegalArgumentException("max_degradation: must be in [0, 1), got " + maxDegradation);
        }
        if (maxWindows < 1 || maxWindows > 10_000) {
            throw new IllegalArgumentException("max_windows: must be between 1 and 10000, got " + maxWindows);
        }
        if (maxDurationMillis <= 0) {
            throw new IllegalArgumentException("max_duration: must be a positive duration");
        }
        if (!(effectSize > 0 && effectSize < 1)) {
            throw new IllegalArgumentException("effect_size: must be in (0, 1), got " + effectSize);
        }
    }

    /** A policy with the default horizon and effect size. */
    public PromotionPolicy(Strategy strategy, String metric, String role, long minSamples, double alpha,
                           double maxDegradation) {
        this(strategy, metric, role, minSamples, alpha, maxDegradation, DEFAULT_MAX_WINDOWS, DEFAULT_MAX_DURATION_MILLIS,
            DEFAULT_EFFECT_SIZE);
    }

    /** Whether lower values of the metric are better (error metrics). */
    public static boolean lowerIsBetter(String metric) {
        return "mae".equals(metric) || "rmse".equals(metric);
    }
}

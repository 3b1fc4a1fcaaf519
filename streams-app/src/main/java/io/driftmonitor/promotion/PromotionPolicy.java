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
 * @param minSamples     labelled predictions each role needs in a window before it is decided
 * @param alpha          significance level of the two-sided test
 * @param maxDegradation canary stop rule: relative degradation of the metric (0.05 = 5 % worse than
 *                       the champion) beyond which a significantly worse canary is rolled back
 */
public record PromotionPolicy(Strategy strategy, String metric, String role, long minSamples, double alpha,
                              double maxDegradation) {
    /** Metrics with a significance test on the counts the monitor keeps. */
    public static final Set<String> METRICS = Set.of("accuracy", "roc_auc", "mae", "rmse");
    public static final long DEFAULT_MIN_SAMPLES = 200;
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_MAX_DEGRADATION = 0.05;

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
    }

    /** Whether lower values of the metric are better (error metrics). */
    public static boolean lowerIsBetter(String metric) {
        return "mae".equals(metric) || "rmse".equals(metric);
    }
}

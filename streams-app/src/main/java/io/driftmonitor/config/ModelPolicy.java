package io.driftmonitor.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.promotion.PromotionPolicy;

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
    /**
     * first_window: the first complete window is the baseline until another is published; rolling:
     * after each window the counts of the previous {@link #rollingWindows} windows become the next version.
     */
    public String baseline = "first_window";
    /** Windows summed by a rolling baseline. */
    public int rollingWindows = 6;
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
    /** How the p-values of one window's verdicts are adjusted together: none, bonferroni or benjamini_hochberg. */
    public String multipleTesting = "benjamini_hochberg";
    /**
     * Retrain when one signal drifts in this many consecutive windows: the default rule's length, and
     * the default of every rule of {@code retrain} that does not name its own.
     */
    public int consecutiveWindows = 2;
    /** No second retrain trigger within this time after one (event time); default of {@code retrain.cooldown}. */
    public Duration cooldown = Duration.ofHours(1);
    /** Tag keys (or feature names) that define segments; null means every key of tags. */
    public List<String> segmentKeys;
    /** Distinct values kept per segment key and window; the rest is counted as key=__other__. */
    public int maxSegmentValues = 50;
    /**
     * A prediction or label whose event time is further ahead of the wall clock goes to the dead-letter
     * topic with reason timestamp_in_future, and moves no clock.
     */
    public Duration maxFutureSkew = Duration.ofHours(1);
    /** Event times before this instant go to the dead-letter topic with reason timestamp_out_of_range. */
    public java.time.Instant minTimestamp = java.time.Instant.parse("2000-01-01T00:00:00Z");
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
    /**
     * Optional weight per feature name (e.g. the model's feature importances): window reports then
     * carry the importance-weighted share of drifting features and rank drivers by it.
     */
    public java.util.Map<String, Double> featureImportance = new java.util.LinkedHashMap<>();
    /** A window's dataset drift holds when at least this share of its evaluated features drifts (Evidently: 0.5). */
    public double datasetDriftShare = 0.5;
    /**
     * How much older data a retrain event's training_data.history names beside the breaching
     * windows (bounded by what the monitor has seen of the model).
     */
    public Duration trainingHistory = Duration.ofDays(30);
    /** Cost of one retrain, carried in retrain events and used by ROI reports; default of {@code retrain.retrain_cost}. */
    public double retrainCost = 0;
    /**
     * The retrain policy. Absent: the default policy (the score or any feature drifting in
     * {@code consecutive_windows} consecutive windows, then {@code cooldown}). A model's {@code retrain}
     * entry is merged key by key into the defaults' one; {@code rules} is replaced as a whole.
     */
    @JsonMerge
    public Retrain retrain;
    /**
     * Champion/challenger decisions (shadow, A/B or canary). Absent: none are made (non-champion
     * predictions are still kept out of the model's statistics and counted per role).
     */
    @JsonMerge
    public Promotion promotion;

    /**
     * The multivariate signal {@code multivariate:pca_reconstruction}: the PCA reconstruction error
     * of the numeric features against the baseline's principal components. Absent: not computed.
     */
    @JsonMerge
    public Multivariate multivariate;

    /** The {@code multivariate} section as written; every key is optional. */
    public static class Multivariate {
        /** The numeric features, at least two; absent: every numeric feature (the first max_features by name). */
        public List<String> features;
        /** Most features the signal covers: its state is (d + 1)(d + 2) / 2 numbers per window and segment. */
        public int maxFeatures = 20;
        /** Share of the baseline's variance the kept principal components explain. */
        public double variance = 0.65;
        /** A warn or drift also needs the error to exceed the baseline's by at least this share. */
        public double minChange = 0.1;
    }

    /** The {@code promotion} section as written; only {@code strategy} is required. */
    public static class Promotion {
        /** shadow, ab or canary. */
        public String strategy;
        /** accuracy, roc_auc, mae or rmse; absent: accuracy for classifiers, mae for regressors. */
        public String metric;
        /** Deployment role of the candidate's predictions; default by strategy: shadow, challenger, canary. */
        public String role;
        /** Labelled predictions each role needs, over the experiment's windows, before its test is looked at. */
        public long minSamples = PromotionPolicy.DEFAULT_MIN_SAMPLES;
        /** Error rate of the experiment's two-sided always-valid test, however often it is looked at. */
        public double alpha = PromotionPolicy.DEFAULT_ALPHA;
        /** Canary stop rule: relative degradation beyond which a significantly worse canary is rolled back. */
        public double maxDegradation = PromotionPolicy.DEFAULT_MAX_DEGRADATION;
        /** Horizon: an experiment with evidence in this many windows and no significant difference concludes keep. */
        public int maxWindows = PromotionPolicy.DEFAULT_MAX_WINDOWS;
        /** Horizon in event time, from the start of the experiment's first window to the end of its latest. */
        public Duration maxDuration = Duration.ofMillis(PromotionPolicy.DEFAULT_MAX_DURATION_MILLIS);
        /**
         * The difference the test is tuned for (standard deviation of the mSPRT's normal mixture):
         * absolute for accuracy and roc_auc (0.05 = 5 points), relative to the champion for mae and rmse.
         */
        public double effectSize = PromotionPolicy.DEFAULT_EFFECT_SIZE;
    }

    /** The {@code retrain} section as written; every key is optional. */
    public static class Retrain {
        /** Carried in events and part of their ids; default {@code default-psi} without rules, else {@code custom}. */
        public String name;
        /** fixed, dynamic (default) or hybrid. */
        public String mode;
        /** Interval of the fixed schedule (mode fixed). */
        public Duration schedule;
        /** Maximum model age before a retrain (mode hybrid). */
        public Duration maxAge;
        /** Trigger rules; default: the default rule. */
        public List<Rule> rules;
        /** any (default) or all. */
        public String combine;
        public Duration cooldown;
        /** At most this many retrains in any 7 days; 0 or absent: no limit. */
        public Integer maxRetrainsPerWeek;
        public Double retrainCost;
        /** Whether rules may use label-free estimates (performance_estimate:*); default false. */
        public Boolean allowLabelFreeEstimate;
        /** When a new model version shows up: first_window (default), published or keep. */
        public String baselineOnNewVersion;
    }

    /** One trigger rule as written. */
    public static class Rule {
        /** Signal name or glob (feature:*, score); alternatives separated by |. */
        public String signal;
        /** Absent: whole model; *: every segment; or one segment such as country=DE. */
        public String segment;
        /** psi (default), js, ..., performance:accuracy, performance_estimate:accuracy. */
        public String metric;
        /** Absent: the monitor's own drift verdict (psi_drift and the significance test). */
        public Double threshold;
        /** above (default) or below. */
        public String direction;
        /** Default: the policy's consecutive_windows. */
        public Integer consecutiveWindows;
        /** Windows with fewer records behind the value do not count; default 0. */
        public Long minSamples;
        /**
         * page_hinkley or cusum: the rule breaches while this sequential detector over the signal's
         * per-window series of the metric alarms (threshold unused; consecutive_windows default 1).
         */
        public String detector;
        /** Page-Hinkley: tolerated change (default 0.01) and alarm threshold (default 0.5). */
        public Double delta;
        public Double lambda;
        /** CUSUM: allowance k (default 0.05), decision interval (default 0.5), in-control level (default: learned). */
        public Double drift;
        public Double h;
        public Double target;
        /** Values a detector needs before it may alarm (and CUSUM learns its target from); default 3. */
        public Integer minWindows;
    }

    /**
     * The validated retrain policy of this model.
     *
     * @throws IllegalArgumentException naming the key inside {@code retrain} when the section is invalid
     */
    public RetrainPolicy retrainPolicy() {
        Retrain r = retrain == null ? new Retrain() : retrain;
        long cooldownMs = (r.cooldown != null ? r.cooldown : cooldown).toMillis();
        double cost = r.retrainCost != null ? r.retrainCost : retrainCost;
        List<RetrainPolicy.Rule> rules = new ArrayList<>();
        if (r.rules == null) {
            rules.add(RetrainPolicy.defaultRule(consecutiveWindows));
        } else {
            for (int i = 0; i < r.rules.size(); i++) {
                Rule rule = r.rules.get(i);
                if (rule == null) {
                    throw new IllegalArgumentException("rules[" + i + "]: must be a mapping with signal, metric, ...");
                }
                try {
                    io.driftmonitor.policy.Detector detector = null;
                    if (rule.detector != null) {
                        detector = io.driftmonitor.policy.Detector.of(rule.detector, rule.delta, rule.lambda, rule.drift,
                            rule.h, rule.target, rule.minWindows);
                    } else {
                        for (var p : java.util.Map.of("delta", java.util.Optional.ofNullable(rule.delta),
                                "lambda", java.util.Optional.ofNullable(rule.lambda), "drift", java.util.Optional.ofNullable(rule.drift),
                                "h", java.util.Optional.ofNullable(rule.h), "target", java.util.Optional.ofNullable(rule.target),
                                "min_windows", java.util.Optional.ofNullable(rule.minWindows)).entrySet()) {
                            if (p.getValue().isPresent()) {
                                throw new IllegalArgumentException(p.getKey() + ": is a detector parameter; add detector: "
                                    + "page_hinkley or cusum");
                            }
                        }
                    }
                    rules.add(new RetrainPolicy.Rule(rule.signal, rule.segment, rule.metric == null ? "psi" : rule.metric,
                        rule.threshold,
                        rule.direction == null ? null : RetrainPolicy.keyword(RetrainPolicy.Direction.class, "direction", rule.direction),
                        rule.consecutiveWindows != null ? rule.consecutiveWindows : detector != null ? 1 : consecutiveWindows,
                        rule.minSamples != null ? rule.minSamples : 0, detector));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("rules[" + i + "]." + e.getMessage(), e);
                }
            }
        }
        String name = r.name != null ? r.name : r.rules == null ? RetrainPolicy.DEFAULT_NAME : "custom";
        RetrainPolicy.Mode mode = r.mode == null ? RetrainPolicy.Mode.DYNAMIC
            : RetrainPolicy.keyword(RetrainPolicy.Mode.class, "mode", r.mode);
        return new RetrainPolicy(name, mode, rules,
            r.combine == null ? RetrainPolicy.Combine.ANY : RetrainPolicy.keyword(RetrainPolicy.Combine.class, "combine", r.combine),
            cooldownMs,
            r.maxRetrainsPerWeek == null ? 0 : r.maxRetrainsPerWeek,
            cost,
            r.schedule == null ? 0 : positiveMillis("schedule", r.schedule),
            r.maxAge == null ? 0 : positiveMillis("max_age", r.maxAge),
            Boolean.TRUE.equals(r.allowLabelFreeEstimate),
            r.baselineOnNewVersion == null ? RetrainPolicy.BaselineOnNewVersion.FIRST_WINDOW
                : RetrainPolicy.keyword(RetrainPolicy.BaselineOnNewVersion.class, "baseline_on_new_version", r.baselineOnNewVersion));
    }

    /**
     * The validated promotion policy of this model, or null when it has none.
     *
     * @throws IllegalArgumentException naming the key inside {@code promotion} when the section is invalid
     */
    public PromotionPolicy promotionPolicy() {
        if (promotion == null) {
            return null;
        }
        if (promotion.maxDuration == null || promotion.maxDuration.isZero() || promotion.maxDuration.isNegative()) {
            throw new IllegalArgumentException("max_duration: must be a positive duration");
        }
        return new PromotionPolicy(PromotionPolicy.Strategy.parse(promotion.strategy), promotion.metric, promotion.role,
            promotion.minSamples, promotion.alpha, promotion.maxDegradation, promotion.maxWindows,
            promotion.maxDuration.toMillis(), promotion.effectSize);
    }

    private static long positiveMillis(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be a positive duration");
        }
        return d.toMillis();
    }

    /** Checks the policy; throws naming every bad key under {@code path}. */
    void validate(String path) {
        ConfigProblems problems = new ConfigProblems();
        validate(path, problems);
        problems.throwIfAny();
    }

    /** Checks the policy, recording every bad key under {@code path}. */
    void validate(String path, ConfigProblems problems) {
        requirePositive(problems, path + ".window", window);
        if (grace == null || grace.isNegative()) {
            problems.add(path + ".grace: must be zero or positive");
        }
        requireRange(problems, path + ".bins", bins, 2, 1000);
        if (!"first_window".equals(baseline) && !"rolling".equals(baseline)) {
            problems.add(path + ".baseline: must be first_window or rolling, got '" + baseline + "'");
        }
        requireRange(problems, path + ".rolling_windows", rollingWindows, 1, 10_000);
        requireRange(problems, path + ".max_categories", maxCategories, 1, 10_000);
        requireRange(problems, path + ".min_samples", minSamples, 1, Long.MAX_VALUE);
        requireRange(problems, path + ".baseline_min_count", baselineMinCount, 1, Long.MAX_VALUE);
        requireRange(problems, path + ".consecutive_windows", consecutiveWindows, 1, 1000);
        requireRange(problems, path + ".max_segment_values", maxSegmentValues, 1, 10_000);
        requirePositive(problems, path + ".max_future_skew", maxFutureSkew);
        requirePositive(problems, path + ".training_history", trainingHistory);
        if (!(datasetDriftShare > 0 && datasetDriftShare <= 1)) {
            problems.add(path + ".dataset_drift_share: must be in (0, 1], got " + datasetDriftShare);
        }
        if (featureImportance != null) {
            featureImportance.forEach((name, weight) -> {
                if (weight == null || !(weight >= 0) || Double.isInfinite(weight)) {
                    problems.add(path + ".feature_importance." + name + ": must be a finite weight >= 0, got " + weight);
                }
            });
        }
        if (minTimestamp == null) {
            problems.add(path + ".min_timestamp: must be an ISO-8601 instant or date, or epoch milliseconds");
        }
        if (!(psiWarn > 0) || !(psiDrift >= psiWarn)) {
            problems.add(path + ".psi_warn/psi_drift: need 0 < psi_warn <= psi_drift, got "
                + psiWarn + " and " + psiDrift);
        }
        try {
            io.driftmonitor.stats.DriftMetric.fromWireName(metric);
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(path + ".metric: must be one of " + java.util.Arrays.stream(io.driftmonitor.stats.DriftMetric.values())
                .map(io.driftmonitor.stats.DriftMetric::wireName).collect(java.util.stream.Collectors.joining(", "))
                + ", got '" + metric + "'");
        }
        if ((warnThreshold == null) != (driftThreshold == null)
            || warnThreshold != null && !(warnThreshold >= 0 && driftThreshold >= warnThreshold)) {
            problems.add(path + ".warn_threshold/drift_threshold: give both, with 0 <= warn <= drift");
        }
        if (!java.util.Set.of("none", "bonferroni", "benjamini_hochberg").contains(multipleTesting)) {
            problems.add(path + ".multiple_testing: must be none, bonferroni or benjamini_hochberg, got '"
                + multipleTesting + "'");
        }
        if (!(alphaWarn > 0 && alphaWarn <= 1)) {
            problems.add(path + ".alpha_warn: must be in (0, 1], got " + alphaWarn);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            problems.add(path + ".alpha: must be in (0, 1], got " + alpha);
        }
        if (cooldown == null || cooldown.isNegative()) {
            problems.add(path + ".cooldown: must be zero or positive");
        }
        if (labelHorizon == null || labelHorizon.isNegative() || labelHorizon.isZero()) {
            problems.add(path + ".label_horizon: must be a positive duration");
        }
        requireRange(problems, path + ".min_labels", minLabels, 1, Long.MAX_VALUE);
        for (String metric : performanceThresholds == null ? java.util.Set.<String>of() : performanceThresholds.keySet()) {
            if (!io.driftmonitor.performance.PerformanceMetricNames.ALL.contains(metric)) {
                problems.add(path + ".performance_thresholds." + metric + ": unknown metric; one of "
                    + io.driftmonitor.performance.PerformanceMetricNames.ALL);
            }
        }
        if (retrainCost < 0) {
            problems.add(path + ".retrain_cost: must not be negative, got " + retrainCost);
        }
        if (retrain != null && retrain.cooldown != null && retrain.cooldown.isNegative()) {
            problems.add(path + ".retrain.cooldown: must be zero or positive");
        }
        try {
            if (cooldown != null) {
                retrainPolicy();
            }
        } catch (IllegalArgumentException e) {
            problems.add(path + ".retrain." + e.getMessage());
        }
        if (multivariate != null) {
            validateMultivariate(path + ".multivariate", problems);
        }
        try {
            promotionPolicy();
        } catch (IllegalArgumentException e) {
            problems.add(path + ".promotion." + e.getMessage());
        }
    }

    private void validateMultivariate(String path, ConfigProblems problems) {
        Multivariate m = multivariate;
        requireRange(problems, path + ".max_features", m.maxFeatures, 2, 100);
        if (!(m.variance > 0 && m.variance < 1)) {
            problems.add(path + ".variance: must be in (0, 1), got " + m.variance);
        }
        if (!(m.minChange >= 0) || Double.isInfinite(m.minChange)) {
            problems.add(path + ".min_change: must be a finite number >= 0, got " + m.minChange);
        }
        if (m.features != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < m.features.size(); i++) {
                String f = m.features.get(i);
                if (f == null || f.isBlank()) {
                    problems.add(path + ".features[" + i + "]: must name a feature");
                } else if (!seen.add(f)) {
                    problems.add(path + ".features[" + i + "]: '" + f + "' is listed twice");
                }
            }
            if (m.features.size() < 2 || m.features.size() > m.maxFeatures) {
                problems.add(path + ".features: needs 2 to max_features (" + m.maxFeatures + ") names, got "
                    + m.features.size());
            }
        }
    }

    private static void requirePositive(ConfigProblems problems, String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            problems.add(key + ": must be a positive duration");
        }
    }

    private static void requireRange(ConfigProblems problems, String key, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(key + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}

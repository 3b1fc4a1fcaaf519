package io.driftmonitor.config;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.promotion.PromotionPolicy;

/**
 * How one model is monitored: its windows, binning, drift thresholds and retrain rule. Field names
 * are the keys in {@code monitor.yaml} (snake_case). Every model without its own entry uses the
 * {@code defaults}; a model's entry overrides only the keys it names.
 */
@JsonDeserialize(builder = ModelPolicy.Builder.class)
public final class ModelPolicy {
    /** The sections a model's entry merges key by key into the defaults' (the other keys replace the default). */
    static final Set<String> MERGED_SECTIONS = Set.of("retrain", "promotion", "multivariate");

    /** Tumbling event-time window size. */
    public final Duration window;
    /** How long after its end a window still accepts late records. */
    public final Duration grace;
    /** Quantile bins of numeric signals in a baseline built by the monitor. */
    public final int bins;
    /** Named categories kept per categorical signal (by baseline frequency); the rest is "__other__". */
    public final int maxCategories;
    /** Below this many records a window (or segment) reports insufficient_data instead of a verdict. */
    public final long minSamples;
    /**
     * first_window: the first complete window is the baseline until another is published; rolling:
     * after each window the counts of the previous {@link #rollingWindows} windows become the next version.
     */
    public final String baseline;
    /** Windows summed by a rolling baseline. */
    public final int rollingWindows;
    /** A window needs this many records to become the model's first baseline. */
    public final long baselineMinCount;
    /** The drift metric each signal is judged by: psi, js, hellinger, kl, wasserstein_norm, ks, chi2, ... */
    public final String metric;
    /** Warn and drift thresholds of a metric other than PSI; absent: calibrated from the baseline. */
    public final Double warnThreshold;
    public final Double driftThreshold;
    /** PSI at or above which a signal is in warning. */
    public final double psiWarn;
    /** PSI at or above which a signal drifts. */
    public final double psiDrift;
    /** A drift verdict also needs the metric to be significant at this level (for PSI: its chi-square null). */
    public final double alpha;
    /** The significance level of a warn verdict. */
    public final double alphaWarn;
    /** How the p-values of one window's verdicts are adjusted together: none, bonferroni or benjamini_hochberg. */
    public final String multipleTesting;
    /**
     * Retrain when one signal drifts in this many consecutive windows: the default rule's length, and
     * the default of every rule of {@code retrain} that does not name its own.
     */
    public final int consecutiveWindows;
    /** No second retrain trigger within this time after one (event time); default of {@code retrain.cooldown}. */
    public final Duration cooldown;
    /** Tag keys (or feature names) that define segments; null means every key of tags. */
    public final List<String> segmentKeys;
    /** Distinct values kept per segment key and window; the rest is counted as key=__other__. */
    public final int maxSegmentValues;
    /**
     * A prediction or label whose event time is further ahead of the wall clock goes to the dead-letter
     * topic with reason timestamp_in_future, and moves no clock.
     */
    public final Duration maxFutureSkew;
    /** Event times before this instant go to the dead-letter topic with reason timestamp_out_of_range. */
    public final java.time.Instant minTimestamp;
    /** How long after a prediction its label is still counted in the prediction's window. */
    public final Duration labelHorizon;
    /**
     * Where the model's labels come from: {@code topic} (the labels topic, and inline on a prediction),
     * {@code inline} (only on the prediction itself) or {@code none}. Only {@code topic} keeps the
     * prediction index that a label on the labels topic is joined with: the other two cost a
     * prediction nothing there, and a label on the topic that needs the index counts as unmatched.
     */
    public final String labels;
    private static final java.util.Set<String> LABEL_SOURCES = java.util.Set.of("topic", "inline", "none");
    /** Below this many labels a window's performance reports insufficient_data. */
    public final long minLabels;
    /** The positive class of a binary classifier whose score is P(positive); null: inferred from predicted_label. */
    public final String positiveLabel;
    /**
     * Performance thresholds by metric (accuracy, precision, recall, f1, roc_auc, log_loss, ece, mae,
     * rmse, mape): below them (above for the error metrics) a window's performance is in drift.
     */
    public final java.util.Map<String, Double> performanceThresholds;
    /**
     * Optional weight per feature name (e.g. the model's feature importances): window reports then
     * carry the importance-weighted share of drifting features and rank drivers by it.
     */
    public final java.util.Map<String, Double> featureImportance;
    /** A window's dataset drift holds when at least this share of its evaluated features drifts (Evidently: 0.5). */
    public final double datasetDriftShare;
    /**
     * How much older data a retrain event's training_data.history names beside the breaching
     * windows (bounded by what the monitor has seen of the model).
     */
    public final Duration trainingHistory;
    /** Cost of one retrain, carried in retrain events and used by ROI reports; default of {@code retrain.retrain_cost}. */
    public final double retrainCost;
    /**
     * The retrain policy. Absent: the default policy (the score or any feature drifting in
     * {@code consecutive_windows} consecutive windows, then {@code cooldown}). A model's {@code retrain}
     * entry is merged key by key into the defaults' one; {@code rules} is replaced as a whole.
     */
    public final Retrain retrain;
    /**
     * Champion/challenger decisions (shadow, A/B or canary). Absent: none are made (non-champion
     * predictions are still kept out of the model's statistics and counted per role). A model's
     * {@code promotion} entry is merged key by key into the defaults' one.
     */
    public final Promotion promotion;
    /**
     * The multivariate signal {@code multivariate:pca_reconstruction}: the PCA reconstruction error
     * of the numeric features against the baseline's principal components. Absent: not computed.
     * A model's {@code multivariate} entry is merged key by key into the defaults' one.
     */
    public final Multivariate multivariate;

    private ModelPolicy(Builder b) {
        window = b.window;
        grace = b.grace;
        bins = b.bins;
        maxCategories = b.maxCategories;
        minSamples = b.minSamples;
        baseline = b.baseline;
        rollingWindows = b.rollingWindows;
        baselineMinCount = b.baselineMinCount;
        metric = b.metric;
        warnThreshold = b.warnThreshold;
        driftThreshold = b.driftThreshold;
        psiWarn = b.psiWarn;
        psiDrift = b.psiDrift;
        alpha = b.alpha;
        alphaWarn = b.alphaWarn;
        multipleTesting = b.multipleTesting;
        consecutiveWindows = b.consecutiveWindows;
        cooldown = b.cooldown;
        segmentKeys = Immutable.list(b.segmentKeys);
        maxSegmentValues = b.maxSegmentValues;
        maxFutureSkew = b.maxFutureSkew;
        minTimestamp = b.minTimestamp;
        labelHorizon = b.labelHorizon;
        labels = b.labels;
        minLabels = b.minLabels;
        positiveLabel = b.positiveLabel;
        performanceThresholds = Immutable.map(b.performanceThresholds);
        featureImportance = Immutable.map(b.featureImportance);
        datasetDriftShare = b.datasetDriftShare;
        trainingHistory = b.trainingHistory;
        retrainCost = b.retrainCost;
        retrain = b.retrain;
        promotion = b.promotion;
        multivariate = b.multivariate;
    }

    /** Whether labels of this model come on the labels topic, so that its predictions are indexed for them. */
    public boolean labelsOnTopic() {
        return "topic".equals(labels);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these values, to derive another. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The {@code multivariate} section as written; every key is optional. */
    @JsonDeserialize(builder = Multivariate.Builder.class)
    public static final class Multivariate {
        /** The numeric features, at least two; absent: every numeric feature (the first max_features by name). */
        public final List<String> features;
        /** Most features the signal covers: its state is (d + 1)(d + 2) / 2 numbers per window and segment. */
        public final int maxFeatures;
        /** Share of the baseline's variance the kept principal components explain. */
        public final double variance;
        /** A warn or drift also needs the error to exceed the baseline's by at least this share. */
        public final double minChange;

        private Multivariate(Builder b) {
            features = Immutable.list(b.features);
            maxFeatures = b.maxFeatures;
            variance = b.variance;
            minChange = b.minChange;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Multivariate}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private List<String> features;
            private int maxFeatures = 20;
            private double variance = 0.65;
            private double minChange = 0.1;

            private Builder() {
            }

            private Builder(Multivariate from) {
                features = from.features;
                maxFeatures = from.maxFeatures;
                variance = from.variance;
                minChange = from.minChange;
            }

            public Builder features(List<String> value) {
                features = value;
                return this;
            }

            public Builder maxFeatures(int value) {
                maxFeatures = value;
                return this;
            }

            public Builder variance(double value) {
                variance = value;
                return this;
            }

            public Builder minChange(double value) {
                minChange = value;
                return this;
            }

            public Multivariate build() {
                return new Multivariate(this);
            }
        }
    }

    /** The {@code promotion} section as written; only {@code strategy} is required. */
    @JsonDeserialize(builder = Promotion.Builder.class)
    public static final class Promotion {
        /** shadow, ab or canary. */
        public final String strategy;
        /** accuracy, roc_auc, mae or rmse; absent: accuracy for classifiers, mae for regressors. */
        public final String metric;
        /** Deployment role of the candidate's predictions; default by strategy: shadow, challenger, canary. */
        public final String role;
        /** Labelled predictions each role needs, over the experiment's windows, before its test is looked at. */
        public final long minSamples;
        /** Error rate of the experiment's two-sided always-valid test, however often it is looked at. */
        public final double alpha;
        /** Canary stop rule: relative degradation beyond which a significantly worse canary is rolled back. */
        public final double maxDegradation;
        /** Horizon: an experiment with evidence in this many windows and no significant difference concludes keep. */
        public final int maxWindows;
        /** Horizon in event time, from the start of the experiment's first window to the end of its latest. */
        public final Duration maxDuration;
        /**
         * The difference the test is tuned for (standard deviation of the mSPRT's normal mixture):
         * absolute for accuracy and roc_auc (0.05 = 5 points), relative to the champion for mae and rmse.
         */
        public final double effectSize;

        private Promotion(Builder b) {
            strategy = b.strategy;
            metric = b.metric;
            role = b.role;
            minSamples = b.minSamples;
            alpha = b.alpha;
            maxDegradation = b.maxDegradation;
            maxWindows = b.maxWindows;
            maxDuration = b.maxDuration;
            effectSize = b.effectSize;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Promotion}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String strategy;
            private String metric;
            private String role;
            private long minSamples = PromotionPolicy.DEFAULT_MIN_SAMPLES;
            private double alpha = PromotionPolicy.DEFAULT_ALPHA;
            private double maxDegradation = PromotionPolicy.DEFAULT_MAX_DEGRADATION;
            private int maxWindows = PromotionPolicy.DEFAULT_MAX_WINDOWS;
            private Duration maxDuration = Duration.ofMillis(PromotionPolicy.DEFAULT_MAX_DURATION_MILLIS);
            private double effectSize = PromotionPolicy.DEFAULT_EFFECT_SIZE;

            private Builder() {
            }

            private Builder(Promotion from) {
                strategy = from.strategy;
                metric = from.metric;
                role = from.role;
                minSamples = from.minSamples;
                alpha = from.alpha;
                maxDegradation = from.maxDegradation;
                maxWindows = from.maxWindows;
                maxDuration = from.maxDuration;
                effectSize = from.effectSize;
            }

            public Builder strategy(String value) {
                strategy = value;
                return this;
            }

            public Builder metric(String value) {
                metric = value;
                return this;
            }

            public Builder role(String value) {
                role = value;
                return this;
            }

            public Builder minSamples(long value) {
                minSamples = value;
                return this;
            }

            public Builder alpha(double value) {
                alpha = value;
                return this;
            }

            public Builder maxDegradation(double value) {
                maxDegradation = value;
                return this;
            }

            public Builder maxWindows(int value) {
                maxWindows = value;
                return this;
            }

            public Builder maxDuration(Duration value) {
                maxDuration = value;
                return this;
            }

            public Builder effectSize(double value) {
                effectSize = value;
                return this;
            }

            public Promotion build() {
                return new Promotion(this);
            }
        }
    }

    /** The {@code retrain} section as written; every key is optional. */
    @JsonDeserialize(builder = Retrain.Builder.class)
    public static final class Retrain {
        /** Carried in events and part of their ids; default {@code default-psi} without rules, else {@code custom}. */
        public final String name;
        /** fixed, dynamic (default) or hybrid. */
        public final String mode;
        /** Interval of the fixed schedule (mode fixed). */
        public final Duration schedule;
        /** Maximum model age before a retrain (mode hybrid). */
        public final Duration maxAge;
        /** Trigger rules; default: the default rule. */
        public final List<Rule> rules;
        /** any (default) or all. */
        public final String combine;
        public final Duration cooldown;
        /** At most this many retrains in any 7 days; 0 or absent: no limit. */
        public final Integer maxRetrainsPerWeek;
        public final Double retrainCost;
        /** Whether rules may use label-free estimates (performance_estimate:*); default false. */
        public final Boolean allowLabelFreeEstimate;
        /** When a new model version shows up: first_window (default), published or keep. */
        public final String baselineOnNewVersion;

        private Retrain(Builder b) {
            name = b.name;
            mode = b.mode;
            schedule = b.schedule;
            maxAge = b.maxAge;
            rules = Immutable.list(b.rules);
            combine = b.combine;
            cooldown = b.cooldown;
            maxRetrainsPerWeek = b.maxRetrainsPerWeek;
            retrainCost = b.retrainCost;
            allowLabelFreeEstimate = b.allowLabelFreeEstimate;
            baselineOnNewVersion = b.baselineOnNewVersion;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Retrain}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String name;
            private String mode;
            private Duration schedule;
            private Duration maxAge;
            private List<Rule> rules;
            private String combine;
            private Duration cooldown;
            private Integer maxRetrainsPerWeek;
            private Double retrainCost;
            private Boolean allowLabelFreeEstimate;
            private String baselineOnNewVersion;

            private Builder() {
            }

            private Builder(Retrain from) {
                name = from.name;
                mode = from.mode;
                schedule = from.schedule;
                maxAge = from.maxAge;
                rules = from.rules;
                combine = from.combine;
                cooldown = from.cooldown;
                maxRetrainsPerWeek = from.maxRetrainsPerWeek;
                retrainCost = from.retrainCost;
                allowLabelFreeEstimate = from.allowLabelFreeEstimate;
                baselineOnNewVersion = from.baselineOnNewVersion;
            }

            public Builder name(String value) {
                name = value;
                return this;
            }

            public Builder mode(String value) {
                mode = value;
                return this;
            }

            public Builder schedule(Duration value) {
                schedule = value;
                return this;
            }

            public Builder maxAge(Duration value) {
                maxAge = value;
                return this;
            }

            public Builder rules(List<Rule> value) {
                rules = value;
                return this;
            }

            public Builder combine(String value) {
                combine = value;
                return this;
            }

            public Builder cooldown(Duration value) {
                cooldown = value;
                return this;
            }

            public Builder maxRetrainsPerWeek(Integer value) {
                maxRetrainsPerWeek = value;
                return this;
            }

            public Builder retrainCost(Double value) {
                retrainCost = value;
                return this;
            }

            public Builder allowLabelFreeEstimate(Boolean value) {
                allowLabelFreeEstimate = value;
                return this;
            }

            public Builder baselineOnNewVersion(String value) {
                baselineOnNewVersion = value;
                return this;
            }

            public Retrain build() {
                return new Retrain(this);
            }
        }
    }

    /** One trigger rule as written. */
    @JsonDeserialize(builder = Rule.Builder.class)
    public static final class Rule {
        /** Signal name or glob (feature:*, score); alternatives separated by |. */
        public final String signal;
        /** Absent: whole model; *: every segment; or one segment such as country=DE. */
        public final String segment;
        /** psi (default), js, ..., performance:accuracy, performance_estimate:accuracy. */
        public final String metric;
        /** Absent: the monitor's own drift verdict (psi_drift and the significance test). */
        public final Double threshold;
        /** above (default) or below. */
        public final String direction;
        /** Default: the policy's consecutive_windows. */
        public final Integer consecutiveWindows;
        /** Windows with fewer records behind the value do not count; default 0. */
        public final Long minSamples;
        /**
         * page_hinkley or cusum: the rule breaches while this sequential detector over the signal's
         * per-window series of the metric alarms (threshold unused; consecutive_windows default 1).
         */
        public final String detector;
        /** Page-Hinkley: tolerated change (default 0.01) and alarm threshold (default 0.5). */
        public final Double delta;
        public final Double lambda;
        /** CUSUM: allowance k (default 0.05), decision interval (default 0.5), in-control level (default: learned). */
        public final Double drift;
        public final Double h;
        public final Double target;
        /** Values a detector needs before it may alarm (and CUSUM learns its target from); default 3. */
        public final Integer minWindows;

        private Rule(Builder b) {
            signal = b.signal;
            segment = b.segment;
            metric = b.metric;
            threshold = b.threshold;
            direction = b.direction;
            consecutiveWindows = b.consecutiveWindows;
            minSamples = b.minSamples;
            detector = b.detector;
            delta = b.delta;
            lambda = b.lambda;
            drift = b.drift;
            h = b.h;
            target = b.target;
            minWindows = b.minWindows;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder with these values, to derive another. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Rule}: the keys not set keep their defaults. */
        @JsonPOJOBuilder(withPrefix = "")
        public static final class Builder {
            private String signal;
            private String segment;
            private String metric;
            private Double threshold;
            private String direction;
            private Integer consecutiveWindows;
            private Long minSamples;
            private String detector;
            private Double delta;
            private Double lambda;
            private Double drift;
            private Double h;
            private Double target;
            private Integer minWindows;

            private Builder() {
            }

            private Builder(Rule from) {
                signal = from.signal;
                segment = from.segment;
                metric = from.metric;
                threshold = from.threshold;
                direction = from.direction;
                consecutiveWindows = from.consecutiveWindows;
                minSamples = from.minSamples;
                detector = from.detector;
                delta = from.delta;
                lambda = from.lambda;
                drift = from.drift;
                h = from.h;
                target = from.target;
                minWindows = from.minWindows;
            }

            public Builder signal(String value) {
                signal = value;
                return this;
            }

            public Builder segment(String value) {
                segment = value;
                return this;
            }

            public Builder metric(String value) {
                metric = value;
                return this;
            }

            public Builder threshold(Double value) {
                threshold = value;
                return this;
            }

            public Builder direction(String value) {
                direction = value;
                return this;
            }

            public Builder consecutiveWindows(Integer value) {
                consecutiveWindows = value;
                return this;
            }

            public Builder minSamples(Long value) {
                minSamples = value;
                return this;
            }

            public Builder detector(String value) {
                detector = value;
                return this;
            }

            public Builder delta(Double value) {
                delta = value;
                return this;
            }

            public Builder lambda(Double value) {
                lambda = value;
                return this;
            }

            public Builder drift(Double value) {
                drift = value;
                return this;
            }

            public Builder h(Double value) {
                h = value;
                return this;
            }

            public Builder target(Double value) {
                target = value;
                return this;
            }

            public Builder minWindows(Integer value) {
                minWindows = value;
                return this;
            }

            public Rule build() {
                return new Rule(this);
            }
        }
    }

    /**
     * The validated retrain policy of this model.
     *
     * @throws IllegalArgumentException naming the key inside {@code retrain} when the section is invalid
     */
    public RetrainPolicy retrainPolicy() {
        Retrain r = retrain == null ? Retrain.builder().build() : retrain;
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

    /**
     * This policy with the keys of a model's entry (as in {@code monitor.yaml}) on top: each key
     * replaces the value, except that {@link #MERGED_SECTIONS} are merged key by key.
     *
     * @param overrides a mapping of policy keys, or null for none
     * @throws JsonMappingException naming the key of a value that cannot be bound
     */
    ModelPolicy withOverrides(JsonNode overrides) throws IOException {
        ObjectMapper mapper = MonitorConfig.mapper();
        ObjectNode tree = mapper.valueToTree(this);
        if (overrides instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                JsonNode current = tree.get(e.getKey());
                if (MERGED_SECTIONS.contains(e.getKey()) && current instanceof ObjectNode section && e.getValue() instanceof ObjectNode keys) {
                    section.setAll(keys);
                } else {
                    tree.set(e.getKey(), e.getValue());
                }
            });
        }
        return mapper.treeToValue(tree, ModelPolicy.class);
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
        if (!LABEL_SOURCES.contains(labels)) {
            problems.add(path + ".labels: must be topic, inline or none, got '" + labels + "'");
        }
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

    /** Builds {@link ModelPolicy}: the keys not set keep their defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private Duration window = Duration.ofMinutes(1);
        private Duration grace = Duration.ofSeconds(10);
        private int bins = 10;
        private int maxCategories = 50;
        private long minSamples = 100;
        private String baseline = "first_window";
        private int rollingWindows = 6;
        private long baselineMinCount = 100;
        private String metric = "psi";
        private Double warnThreshold;
        private Double driftThreshold;
        private double psiWarn = 0.1;
        private double psiDrift = 0.25;
        private double alpha = 0.01;
        private double alphaWarn = 0.05;
        private String multipleTesting = "benjamini_hochberg";
        private int consecutiveWindows = 2;
        private Duration cooldown = Duration.ofHours(1);
        private List<String> segmentKeys;
        private int maxSegmentValues = 50;
        private Duration maxFutureSkew = Duration.ofHours(1);
        private java.time.Instant minTimestamp = java.time.Instant.parse("2000-01-01T00:00:00Z");
        private Duration labelHorizon = Duration.ofDays(7);
        private String labels = "topic";
        private long minLabels = 30;
        private String positiveLabel;
        private java.util.Map<String, Double> performanceThresholds = new java.util.LinkedHashMap<>();
        private java.util.Map<String, Double> featureImportance = new java.util.LinkedHashMap<>();
        private double datasetDriftShare = 0.5;
        private Duration trainingHistory = Duration.ofDays(30);
        private double retrainCost = 0;
        private Retrain retrain;
        private Promotion promotion;
        private Multivariate multivariate;

        private Builder() {
        }

        private Builder(ModelPolicy from) {
            window = from.window;
            grace = from.grace;
            bins = from.bins;
            maxCategories = from.maxCategories;
            minSamples = from.minSamples;
            baseline = from.baseline;
            rollingWindows = from.rollingWindows;
            baselineMinCount = from.baselineMinCount;
            metric = from.metric;
            warnThreshold = from.warnThreshold;
            driftThreshold = from.driftThreshold;
            psiWarn = from.psiWarn;
            psiDrift = from.psiDrift;
            alpha = from.alpha;
            alphaWarn = from.alphaWarn;
            multipleTesting = from.multipleTesting;
            consecutiveWindows = from.consecutiveWindows;
            cooldown = from.cooldown;
            segmentKeys = from.segmentKeys;
            maxSegmentValues = from.maxSegmentValues;
            maxFutureSkew = from.maxFutureSkew;
            minTimestamp = from.minTimestamp;
            labelHorizon = from.labelHorizon;
            labels = from.labels;
            minLabels = from.minLabels;
            positiveLabel = from.positiveLabel;
            performanceThresholds = from.performanceThresholds;
            featureImportance = from.featureImportance;
            datasetDriftShare = from.datasetDriftShare;
            trainingHistory = from.trainingHistory;
            retrainCost = from.retrainCost;
            retrain = from.retrain;
            promotion = from.promotion;
            multivariate = from.multivariate;
        }

        public Builder window(Duration value) {
            window = value;
            return this;
        }

        public Builder grace(Duration value) {
            grace = value;
            return this;
        }

        public Builder bins(int value) {
            bins = value;
            return this;
        }

        public Builder maxCategories(int value) {
            maxCategories = value;
            return this;
        }

        public Builder minSamples(long value) {
            minSamples = value;
            return this;
        }

        public Builder baseline(String value) {
            baseline = value;
            return this;
        }

        public Builder rollingWindows(int value) {
            rollingWindows = value;
            return this;
        }

        public Builder baselineMinCount(long value) {
            baselineMinCount = value;
            return this;
        }

        public Builder metric(String value) {
            metric = value;
            return this;
        }

        public Builder warnThreshold(Double value) {
            warnThreshold = value;
            return this;
        }

        public Builder driftThreshold(Double value) {
            driftThreshold = value;
            return this;
        }

        public Builder psiWarn(double value) {
            psiWarn = value;
            return this;
        }

        public Builder psiDrift(double value) {
            psiDrift = value;
            return this;
        }

        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        public Builder alphaWarn(double value) {
            alphaWarn = value;
            return this;
        }

        public Builder multipleTesting(String value) {
            multipleTesting = value;
            return this;
        }

        public Builder consecutiveWindows(int value) {
            consecutiveWindows = value;
            return this;
        }

        public Builder cooldown(Duration value) {
            cooldown = value;
            return this;
        }

        public Builder segmentKeys(List<String> value) {
            segmentKeys = value;
            return this;
        }

        public Builder maxSegmentValues(int value) {
            maxSegmentValues = value;
            return this;
        }

        public Builder maxFutureSkew(Duration value) {
            maxFutureSkew = value;
            return this;
        }

        public Builder minTimestamp(java.time.Instant value) {
            minTimestamp = value;
            return this;
        }

        public Builder labelHorizon(Duration value) {
            labelHorizon = value;
            return this;
        }

        public Builder labels(String value) {
            labels = value;
            return this;
        }

        public Builder minLabels(long value) {
            minLabels = value;
            return this;
        }

        public Builder positiveLabel(String value) {
            positiveLabel = value;
            return this;
        }

        public Builder performanceThresholds(java.util.Map<String, Double> value) {
            performanceThresholds = value;
            return this;
        }

        public Builder featureImportance(java.util.Map<String, Double> value) {
            featureImportance = value;
            return this;
        }

        public Builder datasetDriftShare(double value) {
            datasetDriftShare = value;
            return this;
        }

        public Builder trainingHistory(Duration value) {
            trainingHistory = value;
            return this;
        }

        public Builder retrainCost(double value) {
            retrainCost = value;
            return this;
        }

        @JsonProperty
        public Builder retrain(Retrain value) {
            retrain = value;
            return this;
        }

        /** Changes some keys of {@code retrain}, from the defaults when it is absent. */
        @JsonIgnore
        public Builder retrain(Consumer<Retrain.Builder> change) {
            Retrain.Builder b = retrain == null ? Retrain.builder() : retrain.toBuilder();
            change.accept(b);
            retrain = b.build();
            return this;
        }

        @JsonProperty
        public Builder promotion(Promotion value) {
            promotion = value;
            return this;
        }

        /** Changes some keys of {@code promotion}, from the defaults when it is absent. */
        @JsonIgnore
        public Builder promotion(Consumer<Promotion.Builder> change) {
            Promotion.Builder b = promotion == null ? Promotion.builder() : promotion.toBuilder();
            change.accept(b);
            promotion = b.build();
            return this;
        }

        @JsonProperty
        public Builder multivariate(Multivariate value) {
            multivariate = value;
            return this;
        }

        /** Changes some keys of {@code multivariate}, from the defaults when it is absent. */
        @JsonIgnore
        public Builder multivariate(Consumer<Multivariate.Builder> change) {
            Multivariate.Builder b = multivariate == null ? Multivariate.builder() : multivariate.toBuilder();
            change.accept(b);
            multivariate = b.build();
            return this;
        }

        public ModelPolicy build() {
            return new ModelPolicy(this);
        }
    }
}

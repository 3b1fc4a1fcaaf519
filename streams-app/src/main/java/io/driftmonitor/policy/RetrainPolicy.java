package io.driftmonitor.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When a model is retrained. Immutable and validated: a bad policy fails on construction with an
 * {@link IllegalArgumentException} whose message starts with the offending key ({@code rules[1].threshold: ...}).
 *
 * <ul>
 *   <li>{@code fixed}: a retrain every {@code schedule} (slots aligned to the epoch, so a daily schedule
 *       fires at the first window closing after midnight UTC); rules are not evaluated.</li>
 *   <li>{@code dynamic}: a retrain when the rules fire ({@code combine: any} - one rule suffices,
 *       {@code all} - every rule in the same window).</li>
 *   <li>{@code hybrid}: dynamic, plus a retrain when the model is older than {@code max_age}.</li>
 * </ul>
 * Every automatic trigger respects {@code cooldown} and {@code max_retrains_per_week} (0 = no limit).
 *
 * @param name                   carried in events and part of their deterministic id
 * @param mode                   fixed, dynamic or hybrid
 * @param rules                  trigger rules (dynamic and hybrid)
 * @param combine                any or all
 * @param cooldownMillis         no automatic trigger within this time after any trigger (event time)
 * @param maxRetrainsPerWeek     at most this many triggers in any 7 days; 0 for no limit
 * @param retrainCost            cost of one retrain (events, ROI)
 * @param scheduleMillis         interval of the fixed schedule (fixed mode), else 0
 * @param maxAgeMillis           maximum model age (hybrid mode), else 0
 * @param allowLabelFreeEstimate whether rules may use {@code performance_estimate:*} metrics
 * @param baselineOnNewVersion   what happens to the baseline when a new model version shows up
 */
public record RetrainPolicy(String name, Mode mode, List<Rule> rules, Combine combine, long cooldownMillis,
                            int maxRetrainsPerWeek, double retrainCost, long scheduleMillis, long maxAgeMillis,
                            boolean allowLabelFreeEstimate, BaselineOnNewVersion baselineOnNewVersion) {
    public static final long WEEK_MILLIS = 7L * 24 * 3600 * 1000;
    /** Name of the default policy; part of the ids of its events. */
    public static final String DEFAULT_NAME = "default-psi";
    /** The signals the default rule watches: the score, class scores and every feature. */
    public static final String DEFAULT_SIGNALS = "score|scores:*|feature:*";
    public static final String PERFORMANCE_PREFIX = "performance:";
    public static final String ESTIMATE_PREFIX = "performance_estimate:";

    public enum Mode { FIXED, DYNAMIC, HYBRID }

    public enum Combine { ANY, ALL }

    public enum Direction { ABOVE, BELOW }

    /** first_window: the new version's first window becomes the baseline; published: wait for one; keep: no change. */
    public enum BaselineOnNewVersion { FIRST_WINDOW, PUBLISHED, KEEP }

    public RetrainPolicy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must not be empty");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode: must be fixed, dynamic or hybrid");
        }
        rules = rules == null ? List.of() : List.copyOf(rules);
        combine = combine == null ? Combine.ANY : combine;
        baselineOnNewVersion = baselineOnNewVersion == null ? BaselineOnNewVersion.FIRST_WINDOW : baselineOnNewVersion;
        if (cooldownMillis < 0) {
            throw new IllegalArgumentException("cooldown: must be zero or positive");
        }
        if (maxRetrainsPerWeek < 0) {
            throw new IllegalArgumentException("max_retrains_per_week: must be zero (no limit) or positive, got "
                + maxRetrainsPerWeek);
        }
        if (!(retrainCost >= 0) || Double.isInfinite(retrainCost)) {
            throw new IllegalArgumentException("retrain_cost: must be a finite number >= 0, got " + retrainCost);
        }
        if (scheduleMillis < 0) {
            throw new IllegalArgumentException("schedule: must be a positive duration");
        }
        if (maxAgeMillis < 0) {
            throw new IllegalArgumentException("max_age: must be a positive duration");
        }
        switch (mode) {
            case FIXED -> {
                if (scheduleMillis == 0) {
                    throw new IllegalArgumentException("schedule: mode fixed needs a schedule such as 7d");
                }
            }
            case HYBRID -> {
                if (maxAgeMillis == 0) {
                    throw new IllegalArgumentException("max_age: mode hybrid needs a max_age such as 14d");
                }
                requireRules(rules, mode);
            }
            case DYNAMIC -> requireRules(rules, mode);
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (r == null) {
                throw new IllegalArgumentException("rules[" + i + "]: must be a rule");
            }
            if (!allowLabelFreeEstimate && r.metric().startsWith(ESTIMATE_PREFIX)) {
                throw new IllegalArgumentException("rules[" + i + "].metric: " + r.metric()
                    + " is a label-free estimate; set allow_label_free_estimate: true to trigger on it");
            }
        }
    }

    private static void requireRules(List<Rule> rules, Mode mode) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("rules: mode " + mode.name().toLowerCase(Locale.ROOT)
                + " needs at least one rule");
        }
    }

    /**
     * Today's behaviour: retrain when the score, a class score or any feature (whole model) drifts -
     * PSI at or above psi_drift and significant - in {@code consecutiveWindows} consecutive windows.
     */
    public static RetrainPolicy defaultPolicy(int consecutiveWindows, long cooldownMillis, double retrainCost) {
        return new RetrainPolicy(DEFAULT_NAME, Mode.DYNAMIC, List.of(defaultRule(consecutiveWindows)), Combine.ANY,
            cooldownMillis, 0, retrainCost, 0, 0, false, BaselineOnNewVersion.FIRST_WINDOW);
    }

    public static Rule defaultRule(int consecutiveWindows) {
        return new Rule(DEFAULT_SIGNALS, null, "psi", null, Direction.ABOVE, consecutiveWindows, 0);
    }

    /** The same policy with another name, cost or mode, for backtests and candidates. */
    public RetrainPolicy withName(String newName) {
        return new RetrainPolicy(newName, mode, rules, combine, cooldownMillis, maxRetrainsPerWeek, retrainCost,
            scheduleMillis, maxAgeMillis, allowLabelFreeEstimate, baselineOnNewVersion);
    }

    public RetrainPolicy withRetrainCost(double cost) {
        return new RetrainPolicy(name, mode, rules, combine, cooldownMillis, maxRetrainsPerWeek, cost,
            scheduleMillis, maxAgeMillis, allowLabelFreeEstimate, baselineOnNewVersion);
    }

    /** A plain fixed schedule with this policy's cost and no cooldown or budget: the classic alternative. */
    public static RetrainPolicy fixedSchedule(String name, long intervalMillis, double retrainCost) {
        return new RetrainPolicy(name, Mode.FIXED, List.of(), Combine.ANY, 0, 0, retrainCost, intervalMillis, 0, false,
            BaselineOnNewVersion.FIRST_WINDOW);
    }

    /** Parses a lower-case keyword of an enum (fixed, dynamic, above, any, first_window ...). */
    public static <E extends Enum<E>> E keyword(Class<E> type, String key, String text) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String n = e.name().toLowerCase(Locale.ROOT);
            names.add(n);
            if (n.equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + ": must be one of " + String.join(", ", names) + ", got '" + text + "'");
    }

    /**
     * A trigger rule.
     *
     * @param signal             signal name or glob ({@code feature:*}); alternatives separated by {@code |}
     * @param segment            null: whole model; {@code *}: every segment (each on its own); else one segment
     *                           ({@code country=DE})
     * @param metric             e.g. psi, js, performance:accuracy, performance_estimate:accuracy
     * @param threshold          null: the monitor's own drift verdict (threshold and significance test); else
     *                           the value is compared with it
     * @param direction          above (value &gt;= threshold breaches) or below (value &lt;= threshold)
     * @param consecutiveWindows breaching windows in a row needed to fire
     * @param minSamples         a window with fewer records behind the value does not count as a breach
     * @param detector           null: each window is judged by the threshold (or the monitor's verdict); else
     *                           the window breaches while this sequential detector over the signal's series of
     *                           the metric alarms (the threshold is not used)
     */
    public record Rule(String signal, String segment, String metric, Double threshold, Direction direction,
                       int consecutiveWindows, long minSamples, Detector detector) {
        /** A rule without a detector. */
        public Rule(String signal, String segment, String metric, Double threshold, Direction direction,
                    int consecutiveWindows, long minSamples) {
            this(signal, segment, metric, threshold, direction, consecutiveWindows, minSamples, null);
        }

        public Rule {
            if (signal == null || signal.isBlank()) {
                throw new IllegalArgumentException("signal: must name a signal or a pattern such as feature:*");
            }
            if (metric == null || metric.isBlank()) {
                throw new IllegalArgumentException("metric: must name a metric such as psi or performance:accuracy");
            }
            if (segment != null && segment.isBlank()) {
                throw new IllegalArgumentException("segment: must be key=value or *, or be left out for the whole model");
            }
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("threshold: must be a finite number");
            }
            if (threshold == null && isPerformance(metric) && detector == null) {
                throw new IllegalArgumentException("threshold: a performance rule needs a threshold (or a detector)");
            }
            if (detector != null && (metric.startsWith(PERFORMANCE_PREFIX) || signal.startsWith(PERFORMANCE_PREFIX))) {
                throw new IllegalArgumentException("detector: needs a series that comes in window order, and measured "
                    + "performance (performance:*) is revised as labels come; use a threshold, or a detector on "
                    + "performance_estimate:*");
            }
            direction = direction == null ? Direction.ABOVE : direction;
            if (consecutiveWindows < 1 || consecutiveWindows > 1000) {
                throw new IllegalArgumentException("consecutive_windows: must be between 1 and 1000, got " + consecutiveWindows);
            }
            if (minSamples < 0) {
                throw new IllegalArgumentException("min_samples: must not be negative, got " + minSamples);
            }
        }

        private static boolean isPerformance(String metric) {
            return metric.startsWith(PERFORMANCE_PREFIX) || metric.startsWith(ESTIMATE_PREFIX);
        }

        /**
         * Whether the rule watches measured performance, which comes with the labels after the window
         * closed ({@link RetrainPolicyEngine#onLabelledWindow}), not at the close.
         */
        public boolean watchesMeasuredPerformance() {
            // also the values that come with it, e.g. signal performance:accuracy, metric accuracy_significant_drop
            return metric.startsWith(PERFORMANCE_PREFIX) || signal.startsWith(PERFORMANCE_PREFIX);
        }

        /** The kind of trigger this rule fires: performance, segment or drift. */
        public Trigger trigger() {
            if (isPerformance(metric)) {
                return Trigger.PERFORMANCE;
            }
            return segment != null ? Trigger.SEGMENT : Trigger.DRIFT;
        }

        /** Whether the verdict is about this rule's signal, segment and metric. */
        public boolean matches(SignalVerdict v) {
            if (!metric.equals(v.metric())) {
                return false;
            }
            boolean segmentMatches;
            if (segment == null) {
                segmentMatches = v.segment() == null;
            } else if (segment.equals("*")) {
                segmentMatches = v.segment() != null;
            } else {
                segmentMatches = segment.equals(v.segment());
            }
            return segmentMatches && globMatches(signal, v.signal());
        }

        /** Whether the (matching) verdict breaches this rule. */
        public boolean breaches(SignalVerdict v) {
            if (!v.decided() || (v.sampleSize() >= 0 && v.sampleSize() < minSamples)) {
                return false;
            }
            if (threshold == null) {
                return v.breach();
            }
            if (Double.isNaN(v.value())) {
                return false;
            }
            return direction == Direction.ABOVE ? v.value() >= threshold : v.value() <= threshold;
        }

        /** The threshold a breach is judged against, for reasons: the rule's, else the verdict's. */
        public double thresholdFor(SignalVerdict v) {
            return threshold != null ? threshold : v.threshold();
        }

        /** The rule in one line, e.g. {@code feature:* psi >= 0.25 in 2 windows}. */
        public String describe() {
            StringBuilder s = new StringBuilder(signal);
            if (segment != null) {
                s.append('[').append(segment).append(']');
            }
            s.append(' ').append(metric);
            if (detector != null) {
                s.append(' ').append(detector.describe());
                if (direction == Direction.BELOW) {
                    s.append(" below");
                }
            } else if (threshold == null) {
                s.append(" drift");
            } else {
                s.append(direction == Direction.ABOVE ? " >= " : " <= ").append(threshold);
            }
            s.append(" in ").append(consecutiveWindows).append(consecutiveWindows == 1 ? " window" : " windows");
            if (minSamples > 0) {
                s.append(" (n >= ").append(minSamples).append(')');
            }
            return s.toString();
        }
    }

    /** Glob with {@code *} (any characters) and alternatives separated by {@code |}. */
    static boolean globMatches(String pattern, String name) {
        if (name == null) {
            return false;
        }
        for (String alt : pattern.split("\\|")) {
            String p = alt.trim();
            if (p.equals(name)) {
                return true;
            }
            if (p.indexOf('*') >= 0) {
                String regex = Arrays.stream(p.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
                if (Pattern.matches(regex, name)) {
                    return true;
                }
            }
        }
        return false;
    }
}

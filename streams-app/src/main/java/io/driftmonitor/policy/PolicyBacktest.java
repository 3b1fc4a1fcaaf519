package io.driftmonitor.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Replays a model's recorded window history through a fixed schedule and through a retrain policy,
 * and reports side by side the retrains each would have triggered, their cost, and the recorded
 * performance in the windows after each retrain. The history is what happened: the backtest shows
 * when each strategy would have retrained and what the model's performance was then, not what a
 * retrained model would have done.
 */
public final class PolicyBacktest {
    public static final String DEFAULT_PERFORMANCE_METRIC = "performance:accuracy";

    private PolicyBacktest() {
    }

    /** One closed window of the history: every verdict of its signals, segments and metrics. */
    public record Window(long windowStart, long windowEnd, List<SignalVerdict> verdicts) {
        public Window {
            verdicts = List.copyOf(verdicts);
        }
    }

    /**
     * A retrain a strategy would have triggered.
     *
     * @param performanceAfter mean performance in the windows after it (null when none has one)
     * @param windowsMeasured  how many windows that mean is over
     */
    public record Retrain(long windowStart, long time, String trigger, String eventId, List<String> reasons,
                          Double performanceAfter, int windowsMeasured) {
    }

    /** The outcome of one strategy over the history. */
    public record Strategy(String name, String policy, String mode, List<Retrain> retrains, double totalCost,
                           double retrainsPerWeek, double weeklyCost, Double meanPerformanceAfterRetrains) {
    }

    /**
     * @param meanPerformance mean recorded performance over every window that has one
     * @param strategies      the fixed schedule first, then the policy
     */
    public record Report(String model, long from, long to, int windows, double weeks, String performanceMetric,
                         int windowsAfter, Double meanPerformance, List<Strategy> strategies) {

        /** The report with snake_case JSON field names. */
        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model_id", model);
            out.put("from", from);
            out.put("to", to);
            out.put("windows", windows);
            out.put("weeks", round(weeks, 4));
            out.put("performance_metric", performanceMetric);
            out.put("windows_after", windowsAfter);
            out.put("mean_performance", meanPerformance);
            List<Map<String, Object>> list = new ArrayList<>();
            for (Strategy s : strategies) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("policy", s.policy());
                m.put("mode", s.mode());
                m.put("retrains", s.retrains().size());
                m.put("total_cost", round(s.totalCost(), 2));
                m.put("retrains_per_week", round(s.retrainsPerWeek(), 4));
                m.put("weekly_cost", round(s.weeklyCost(), 2));
                m.put("mean_performance_after_retrains", s.meanPerformanceAfterRetrains());
                List<Map<String, Object>> retrains = new ArrayList<>();
                for (Retrain r : s.retrains()) {
                    Map<String, Object> rm = new LinkedHashMap<>();
                    rm.put("window_start", r.windowStart());
                    rm.put("time", r.time());
                    rm.put("trigger", r.trigger());
                    rm.put("event_id", r.eventId());
                    rm.put("reasons", r.reasons());
                    rm.put("performance_after", r.performanceAfter());
                    rm.put("windows_measured", r.windowsMeasured());
                    retrains.add(rm);
                }
                m.put("retrain_events", retrains);
                list.add(m);
            }
            out.put("strategies", list);
            if (strategies.size() == 2) {
                out.put("weekly_savings", round(strategies.get(0).weeklyCost() - strategies.get(1).weeklyCost(), 2));
            }
            return out;
        }

        /** The report as text for a terminal. */
        public String toTable() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "model %s: %d windows, %s .. %s (%.2f weeks)%n", model, windows,
                windows == 0 ? "-" : Instant.ofEpochMilli(from), windows == 0 ? "-" : Instant.ofEpochMilli(to), weeks));
            t.append(String.format(Locale.ROOT, "performance (%s): %s overall%n%n", performanceMetric, perf(meanPerformance)));
            t.append(String.format(Locale.ROOT, "%-28s %8s %9s %13s %13s %16s%n", "strategy", "retrains", "per week",
                "weekly cost", "total cost", "perf. after (" + windowsAfter + ")"));
            for (Strategy s : strategies) {
                t.append(String.format(Locale.ROOT, "%-28s %8d %9.2f %13s %13s %16s%n", s.name(), s.retrains().size(),
                    s.retrainsPerWeek(), RoiReport.dollars(s.weeklyCost()), RoiReport.dollars(s.totalCost()),
                    perf(s.meanPerformanceAfterRetrains())));
            }
            if (strategies.size() == 2) {
                t.append(String.format(Locale.ROOT, "%nweekly savings of %s over %s: %s%n", strategies.get(1).name(),
                    strategies.get(0).name(), RoiReport.dollars(strategies.get(0).weeklyCost() - strategies.get(1).weeklyCost())));
            }
            for (Strategy s : strategies) {
                t.append(System.lineSeparator()).append(s.name()).append(':').append(System.lineSeparator());
                if (s.retrains().isEmpty()) {
                    t.append("  no retrain").append(System.lineSeparator());
                }
                for (Retrain r : s.retrains()) {
                    t.append(String.format(Locale.ROOT, "  %s  %-11s %s  -> %s over %d windows%n", Instant.ofEpochMilli(r.time()),
                        r.trigger(), String.join("; ", r.reasons()), perf(r.performanceAfter()), r.windowsMeasured()));
                }
            }
            return t.toString();
        }

        private static String perf(Double v) {
            return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
        }
    }

    /**
     * Replays the history through a fixed schedule and through the policy.
     *
     * @param fixedIntervalMillis interval of the fixed schedule to compare with
     * @param performanceMetric   the whole-model metric whose values measure performance
     * @param windowsAfter        how many windows (with a value) after a retrain its performance is taken over
     */
    public static Report run(String model, List<Window> history, RetrainPolicy policy, long fixedIntervalMillis,
                             String performanceMetric, int windowsAfter) {
        if (fixedIntervalMillis <= 0) {
            throw new IllegalArgumentException("fixed schedule: must be a positive interval");
        }
        if (windowsAfter < 1) {
            throw new IllegalArgumentException("windows after: must be at least 1, got " + windowsAfter);
        }
        List<Window> windows = normalise(history);
        RetrainPolicy fixed = RetrainPolicy.fixedSchedule("fixed-" + RetrainPolicyEngine.humanDuration(fixedIntervalMillis),
            fixedIntervalMillis, policy.retrainCost());
        List<Strategy> strategies = List.of(
            replay(model, windows, fixed, "fixed every " + RetrainPolicyEngine.humanDuration(fixedIntervalMillis),
                performanceMetric, windowsAfter),
            replay(model, windows, policy, "policy " + policy.name(), performanceMetric, windowsAfter));
        long from = windows.isEmpty() ? 0 : windows.get(0).windowStart();
        long to = windows.isEmpty() ? 0 : windows.get(windows.size() - 1).windowEnd();
        List<Double> all = new ArrayList<>();
        for (Window w : windows) {
            performance(w, performanceMetric).ifPresent(all::add);
        }
        return new Report(model, from, to, windows.size(), weeks(from, to), performanceMetric, windowsAfter, mean(all),
            strategies);
    }

    /** One strategy over the history (sorted by window start, one entry per window). */
    public static Strategy replay(String model, List<Window> windows, RetrainPolicy policy, String label,
                                  String performanceMetric, int windowsAfter) {
        RetrainPolicyEngine engine = new RetrainPolicyEngine(model, policy);
        PolicyState state = new PolicyState();
        List<Retrain> retrains = new ArrayList<>();
        List<Double> pooled = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Optional<RetrainDecision> decision = engine.onWindowClosed(state, w.windowStart(), w.windowEnd(), w.verdicts());
            if (decision.isEmpty()) {
                continue;
            }
            List<Double> after = new ArrayList<>();
            for (int j = i + 1; j < windows.size() && after.size() < windowsAfter; j++) {
                performance(windows.get(j), performanceMetric).ifPresent(after::add);
            }
            pooled.addAll(after);
            RetrainDecision d = decision.get();
            List<String> reasons = d.reasons().stream().map(PolicyBacktest::describe).toList();
            retrains.add(new Retrain(w.windowStart(), d.decidedAt(), d.trigger().wireName(), d.eventId(), reasons,
                mean(after), after.size()));
        }
        long from = windows.isEmpty() ? 0 : windows.get(0).windowStart();
        long to = windows.isEmpty() ? 0 : windows.get(windows.size() - 1).windowEnd();
        double weeks = weeks(from, to);
        double perWeek = weeks > 0 ? retrains.size() / weeks : 0;
        return new Strategy(label, policy.name(), policy.mode().name().toLowerCase(Locale.ROOT), retrains,
            retrains.size() * policy.retrainCost(), perWeek, perWeek * policy.retrainCost(), mean(pooled));
    }

    private static String describe(RetrainDecision.Reason r) {
        if (r.signal().equals("schedule") || r.signal().equals("model_age")) {
            return r.rule();
        }
        return String.format(Locale.ROOT, "%s%s %s %.4g (threshold %.4g) in %d windows", r.signal(),
            r.segment() == null ? "" : "[" + r.segment() + "]", r.metric(), r.value(), r.threshold(), r.windowStarts().size());
    }

    /** Sorts by window start and merges entries of the same window. */
    static List<Window> normalise(List<Window> history) {
        TreeMap<Long, Window> byStart = new TreeMap<>();
        for (Window w : history) {
            byStart.merge(w.windowStart(), w, (a, b) -> {
                List<SignalVerdict> all = new ArrayList<>(a.verdicts());
                all.addAll(b.verdicts());
                return new Window(a.windowStart(), Math.max(a.windowEnd(), b.windowEnd()), all);
            });
        }
        return new ArrayList<>(byStart.values());
    }

    /** The window's whole-model value of the performance metric, if it has one. */
    static Optional<Double> performance(Window w, String metric) {
        for (SignalVerdict v : w.verdicts()) {
            if (v.segment() == null && v.metric().equals(metric) && v.decided() && !Double.isNaN(v.value())) {
                return Optional.of(v.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Rebuilds the window history of a model from its drift events as plain JSON objects (the
     * {@code drift-events} topic, or the signals of the stored window reports). Every event gives the
     * verdict of its metric (drift when its status is drift, undecided when insufficient_data) and one
     * verdict per entry of its {@code metrics} map; events of other models are skipped.
     */
    public static List<Window> fromDriftEvents(String model, List<Map<String, Object>> events) {
        TreeMap<Long, long[]> ends = new TreeMap<>();
        TreeMap<Long, List<SignalVerdict>> verdicts = new TreeMap<>();
        for (Map<String, Object> e : events) {
            if (model != null && !model.equals(e.get("model_id"))) {
                continue;
            }
            Object start = e.get("window_start");
            Object end = e.get("window_end");
            Object signal = e.get("signal");
            Object metric = e.get("metric");
            if (!(start instanceof Number) || !(end instanceof Number) || signal == null || metric == null) {
                continue;
            }
            long s = ((Number) start).longValue();
            ends.put(s, new long[] {((Number) end).longValue()});
            String status = String.valueOf(e.get("status"));
            boolean decided = !"insufficient_data".equals(status);
            String segment = e.get("segment") == null ? null : e.get("segment").toString();
            long n = e.get("window_count") instanceof Number c ? c.longValue() : -1;
            List<SignalVerdict> list = verdicts.computeIfAbsent(s, k -> new ArrayList<>());
            list.add(new SignalVerdict(signal.toString(), segment, metric.toString(), number(e.get("value")),
                number(e.get("threshold")), "drift".equals(status), decided, n));
            if (e.get("metrics") instanceof Map<?, ?> metrics) {
                for (Map.Entry<?, ?> m : metrics.entrySet()) {
                    if (!metric.equals(m.getKey())) {
                        list.add(new SignalVerdict(signal.toString(), segment, String.valueOf(m.getKey()), number(m.getValue()),
                            Double.NaN, false, decided, n));
                    }
                }
            }
        }
        List<Window> out = new ArrayList<>();
        verdicts.forEach((s, list) -> out.add(new Window(s, ends.get(s)[0], list)));
        return out;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double weeks(long from, long to) {
        return to > from ? (double) (to - from) / RetrainPolicy.WEEK_MILLIS : 0;
    }

    private static Double mean(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return round(sum / values.size(), 6);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}

package io.driftmonitor.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;

/**
 * Detector evaluation: replays labelled scenarios through the monitor's topology
 * ({@link EvaluationRunner}), turns each series' drift events into each detector's alarms
 * ({@link DetectorReplay}) and scores them ({@link Scorer}) per scenario (at the model level: an
 * alarm on any signal) and per signal (pooled over the scenarios; segment signals pooled over their
 * segments). The topology's own retrain events under the configured policy are scored per scenario
 * too. Deterministic for a seed.
 */
public final class Evaluation {
    /** The name of the row of the topology's own retrain events. */
    public static final String RETRAIN_POLICY = "retrain_policy";
    /** The row pooling every series of a detector. */
    public static final String ALL_SERIES = "(all series)";

    /**
     * @param windows          windows judged per scenario
     * @param rate             predictions per window
     * @param tolerance        windows after a drift interval whose alarms still count for it
     * @param referenceWindows the size of the baseline's reference sample in windows' worth of predictions
     */
    public record Settings(long seed, int windows, int rate, List<String> scenarios, int tolerance, int referenceWindows) {
        public Settings {
            scenarios = List.copyOf(scenarios);
            if (scenarios.isEmpty()) {
                throw new IllegalArgumentException("--scenarios: name at least one of " + String.join(", ", Scenario.NAMES));
            }
            if (tolerance < 0) {
                throw new IllegalArgumentException("--tolerance: must not be negative, got " + tolerance);
            }
        }
    }

    /** One row: a detector on a scenario (model level) or on a signal (pooled). */
    public record Row(String scenarioOrSignal, String detector, Score score) {
    }

    /** What one scenario gave: the topology's output and each detector's alarms on each series. */
    public record ScenarioResult(ScenarioRun run, Map<Series, Map<EvaluatedDetector, TreeSet<Integer>>> alarms) {
    }

    /**
     * The outcome of an evaluation.
     *
     * @param referencePredictions predictions in the reference sample each scenario's baseline is built from
     */
    public record Report(Settings settings, MonitorConfig config, int referencePredictions, List<ScenarioResult> results,
                         List<Row> byScenario, List<Row> bySignal, double seconds) {

        /** As JSON-ready maps with snake_case names. */
        public Map<String, Object> toMap() {
            ModelPolicy policy = config.defaults;
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("seed", settings.seed());
            s.put("windows_per_scenario", settings.windows());
            s.put("predictions_per_window", settings.rate());
            s.put("reference_predictions", referencePredictions);
            s.put("tolerance_windows", settings.tolerance());
            s.put("window", policy.window.toString());
            s.put("metric", policy.metric);
            s.put("segment_keys", policy.segmentKeys);
            s.put("min_samples", policy.minSamples);
            s.put("retrain_policy", policy.retrainPolicy().rules().stream().map(r -> r.describe()).toList());
            s.put("retrain_cooldown", policy.retrainPolicy().cooldownMillis());
            out.put("settings", s);
            List<Map<String, Object>> scenarios = new ArrayList<>();
            for (ScenarioResult result : results) {
                ScenarioRun r = result.run();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.scenario().name());
                m.put("kind", r.scenario().kind().name().toLowerCase(Locale.ROOT));
                m.put("windows", r.scenario().windows());
                m.put("intervals", r.scenario().intervals().stream().map(d -> List.of(d.from(), d.to())).toList());
                m.put("predictions", r.predictions());
                m.put("windows_closed", r.windowsClosed());
                m.put("drift_events", r.driftEvents().size());
                m.put("retrain_events", r.retrainEvents().size());
                m.put("seconds", Math.round(r.seconds() * 100) / 100.0);
                m.put("retrain_windows", DetectorReplay.retrainWindows(r));
                List<Map<String, Object>> alarms = new ArrayList<>();
                result.alarms().forEach((series, byDetector) -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("series", series.label());
                    a.put("metric", series.metric());
                    byDetector.forEach((d, windows) -> a.put(d.wireName(), windows));
                    alarms.add(a);
                });
                m.put("alarms", alarms);
                scenarios.add(m);
            }
            out.put("scenarios", scenarios);
            out.put("by_scenario", rows(byScenario, "scenario"));
            out.put("by_signal", rows(bySignal, "signal"));
            out.put("seconds", Math.round(seconds * 100) / 100.0);
            return out;
        }

        private static List<Map<String, Object>> rows(List<Row> rows, String key) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(key, row.scenarioOrSignal());
                m.put("detector", row.detector());
                m.putAll(row.score().toMap());
                out.add(m);
            }
            return out;
        }

        /** Both tables as text. */
        public String toTable() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "Detector evaluation: seed %d, %d windows per scenario, %d predictions per window, "
                + "tolerance %d windows%n", settings.seed(), settings.windows(), settings.rate(), settings.tolerance()));
            t.append(String.format(Locale.ROOT, "%nBy scenario (model level: an alarm on any signal in the window)%n"));
            table(t, "scenario", byScenario);
            t.append(String.format(Locale.ROOT, "%nBy signal (all scenarios; segment signals pooled over their segments)%n"));
            table(t, "signal", bySignal);
            return t.toString();
        }

        private static void table(StringBuilder t, String first, List<Row> rows) {
            int width = Math.max(first.length(), rows.stream().mapToInt(r -> r.scenarioOrSignal().length()).max().orElse(0));
            String format = "%-" + width + "s  %-14s %9s %8s %6s %9s %6s %9s %12s%n";
            t.append(String.format(Locale.ROOT, format, first, "detector", "intervals", "detected", "recall", "delay", "max",
                "precision", "FA/1k wins"));
            for (Row r : rows) {
                Score s = r.score();
                t.append(String.format(Locale.ROOT, format, r.scenarioOrSignal(), r.detector(), s.intervals(), s.detected(),
                    fmt(s.recall(), "%.2f"), fmt(s.meanDelay(), "%.2f"), s.maxDelay() == null ? "-" : s.maxDelay().toString(),
                    fmt(s.precision(), "%.2f"), fmt(s.falseAlarmsPer1000(), "%.1f")));
            }
        }

        private static String fmt(Double v, String pattern) {
            return v == null ? "-" : String.format(Locale.ROOT, pattern, v);
        }
    }

    private Evaluation() {
    }

    /**
     * Runs every scenario of the settings.
     *
     * @param progress told the number of scenarios done after each one
     */
    public static Report run(Settings settings, MonitorConfig config, IntConsumer progress) {
        long started = System.nanoTime();
        EvaluationRunner runner = new EvaluationRunner(config, settings.rate(), settings.referenceWindows());
        List<ScenarioResult> results = new ArrayList<>();
        List<Row> byScenario = new ArrayList<>();
        Map<String, Map<EvaluatedDetector, Score>> pooled = new TreeMap<>(Evaluation::signalOrder);
        for (String name : settings.scenarios()) {
            Scenario scenario = Scenario.standard(name, settings.windows());
            ScenarioRun run = runner.run(scenario, settings.seed());
            Map<Series, Map<EvaluatedDetector, TreeSet<Integer>>> alarms = DetectorReplay.alarms(run);
            results.add(new ScenarioResult(run, alarms));
            for (EvaluatedDetector d : EvaluatedDetector.values()) {
                TreeSet<Integer> any = new TreeSet<>();
                alarms.forEach((series, byDetector) -> any.addAll(byDetector.get(d)));
                byScenario.add(new Row(scenario.name(), d.wireName(),
                    Scorer.score(any, scenario.intervals(), scenario.windows(), settings.tolerance())));
                alarms.forEach((series, byDetector) -> {
                    Score s = Scorer.score(byDetector.get(d), scenario.intervalsOf(series.signal(), series.segment()),
                        scenario.windows(), settings.tolerance());
                    pooled.computeIfAbsent(series.pooledLabel(), k -> new TreeMap<>()).merge(d, s, Score::plus);
                    pooled.computeIfAbsent(ALL_SERIES, k -> new TreeMap<>()).merge(d, s, Score::plus);
                });
            }
            byScenario.add(new Row(scenario.name(), RETRAIN_POLICY, Scorer.score(DetectorReplay.retrainWindows(run),
                scenario.intervals(), scenario.windows(), settings.tolerance())));
            progress.accept(results.size());
        }
        List<Row> bySignal = new ArrayList<>();
        pooled.forEach((signal, byDetector) -> byDetector.forEach((d, s) -> bySignal.add(new Row(signal, d.wireName(), s))));
        return new Report(settings, config, runner.referenceSize(), results, byScenario, bySignal,
            (System.nanoTime() - started) / 1e9);
    }

    /** Whole-model signals first, then segment signals, then the pooled row; by name within each. */
    private static int signalOrder(String a, String b) {
        int c = Integer.compare(rank(a), rank(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int rank(String label) {
        return label.equals(ALL_SERIES) ? 2 : label.contains("[") ? 1 : 0;
    }
}

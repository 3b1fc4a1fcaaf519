package io.driftmonitor.evaluation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import io.driftmonitor.policy.PolicyBacktest;
import io.driftmonitor.policy.PolicyState;
import io.driftmonitor.policy.RetrainPolicy;
import io.driftmonitor.policy.RetrainPolicyEngine;
import io.driftmonitor.policy.SignalVerdict;

/**
 * The alarms of each detector on each series of a scenario's drift events: the windows (scenario
 * indices) in which the detector's one-rule policy fired. Each series gets a policy state of its
 * own, so one signal's alarm never resets another's detector.
 */
public final class DetectorReplay {
    private DetectorReplay() {
    }

    /** Series whose metric is a performance measure are left out: the drift signals only. */
    static boolean isDriftSignal(String signal) {
        return !signal.startsWith(RetrainPolicy.PERFORMANCE_PREFIX) && !signal.startsWith(RetrainPolicy.ESTIMATE_PREFIX);
    }

    public static Map<Series, Map<EvaluatedDetector, TreeSet<Integer>>> alarms(ScenarioRun run) {
        List<PolicyBacktest.Window> windows = PolicyBacktest.fromDriftEvents(SyntheticPredictions.MODEL, run.driftEvents());
        // Each series' own verdicts (the event's primary metric), window by window.
        Map<Series, List<PolicyBacktest.Window>> bySeries = new TreeMap<>();
        for (Map<String, Object> e : run.driftEvents()) {
            String signal = String.valueOf(e.get("signal"));
            if (!isDriftSignal(signal) || !SyntheticPredictions.MODEL.equals(e.get("model_id"))) {
                continue;
            }
            Series s = new Series(signal, e.get("segment") == null ? null : e.get("segment").toString(),
                String.valueOf(e.get("metric")));
            bySeries.putIfAbsent(s, new ArrayList<>());
        }
        for (PolicyBacktest.Window w : windows) {
            int index = run.windowIndex(w.windowStart());
            if (index < 0 || index >= run.scenario().windows()) {
                continue;
            }
            for (Map.Entry<Series, List<PolicyBacktest.Window>> entry : bySeries.entrySet()) {
                Series s = entry.getKey();
                List<SignalVerdict> own = w.verdicts().stream()
                    .filter(v -> v.signal().equals(s.signal()) && Objects.equals(v.segment(), s.segment())
                        && v.metric().equals(s.metric()))
                    .toList();
                if (!own.isEmpty()) {
                    entry.getValue().add(new PolicyBacktest.Window(w.windowStart(), w.windowEnd(), own));
                }
            }
        }
        Map<Series, Map<EvaluatedDetector, TreeSet<Integer>>> out = new TreeMap<>();
        for (Map.Entry<Series, List<PolicyBacktest.Window>> entry : bySeries.entrySet()) {
            Series s = entry.getKey();
            Map<EvaluatedDetector, TreeSet<Integer>> perDetector = new EnumMap<>(EvaluatedDetector.class);
            for (EvaluatedDetector d : EvaluatedDetector.values()) {
                RetrainPolicyEngine engine = new RetrainPolicyEngine(SyntheticPredictions.MODEL,
                    d.policyFor(s.signal(), s.segment(), s.metric()));
                PolicyState state = new PolicyState();
                TreeSet<Integer> fired = new TreeSet<>();
                for (PolicyBacktest.Window w : entry.getValue()) {
                    if (engine.onWindowClosed(state, w.windowStart(), w.windowEnd(), w.verdicts()).isPresent()) {
                        fired.add(run.windowIndex(w.windowStart()));
                    }
                }
                perDetector.put(d, fired);
            }
            out.put(s, perDetector);
        }
        return out;
    }

    /** The windows (scenario indices) of the topology's own retrain events. */
    public static TreeSet<Integer> retrainWindows(ScenarioRun run) {
        TreeSet<Integer> out = new TreeSet<>();
        for (Map<String, Object> r : run.retrainEvents()) {
            if (r.get("window_end") instanceof Number end) {
                int index = run.windowIndex(end.longValue() - run.windowMillis());
                if (index >= 0 && index < run.scenario().windows()) {
                    out.add(index);
                }
            }
        }
        return out;
    }
}

package io.driftmonitor.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The retrain state machine of one model. Each closed window updates the runs of consecutive
 * breaching windows per signal; a run that reaches the rule's length fires a trigger unless the
 * model is cooling down. Firing clears the runs, so one cause never fires twice. Pure: the caller
 * persists the state together with the events it emits.
 */
public final class RetrainPolicyEngine {
    private final RetrainRule rule;

    public RetrainPolicyEngine(RetrainRule rule) {
        this.rule = rule;
    }

    /**
     * @param state       the model's policy state, updated in place
     * @param windowStart start of the closed window
     * @param windowSize  window length, to tell consecutive windows from a gap
     * @param verdicts    the whole-model verdicts of the window's retrain-relevant signals
     */
    public Optional<RetrainDecision> onWindowClosed(PolicyState state, long windowStart, long windowSize,
                                                    List<SignalVerdict> verdicts) {
        if (windowStart <= state.lastWindowStart) {
            return Optional.empty(); // already seen: a replay must not count a window twice
        }
        boolean consecutive = state.lastWindowStart != Long.MIN_VALUE && windowStart - state.lastWindowStart == windowSize;
        state.lastWindowStart = windowStart;
        if (!consecutive) {
            state.breachRuns.clear();
        }
        List<RetrainDecision.Reason> reasons = new ArrayList<>();
        TreeSet<Long> windows = new TreeSet<>();
        List<String> seen = new ArrayList<>();
        for (SignalVerdict v : verdicts) {
            seen.add(v.signal());
            if (!v.breach() || !v.decided()) {
                state.breachRuns.remove(v.signal());
                continue;
            }
            List<Long> run = state.breachRuns.computeIfAbsent(v.signal(), k -> new ArrayList<>());
            run.add(windowStart);
            if (run.size() >= rule.consecutiveWindows()) {
                List<Long> last = List.copyOf(run.subList(run.size() - rule.consecutiveWindows(), run.size()));
                reasons.add(new RetrainDecision.Reason(v.signal(), v.segment(), v.metric(), v.value(), v.threshold(), last));
                windows.addAll(last);
            }
        }
        state.breachRuns.keySet().retainAll(seen);
        long windowEnd = windowStart + windowSize;
        if (reasons.isEmpty() || windowEnd < state.nextAllowedAt) {
            return Optional.empty();
        }
        state.breachRuns.clear();
        state.nextAllowedAt = windowEnd + rule.cooldownMillis();
        state.triggers++;
        return Optional.of(new RetrainDecision(reasons, List.copyOf(windows), state.nextAllowedAt));
    }
}

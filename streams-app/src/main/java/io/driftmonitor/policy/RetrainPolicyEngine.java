package io.driftmonitor.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The retrain state machine of one model under one {@link RetrainPolicy}. Pure: the caller loads the
 * {@link PolicyState}, calls one of the {@code on...} methods (which update it in place) and stores it
 * in the same transaction as the events it emits, so a replay after a crash sees the updated state and
 * never fires the same cause twice.
 *
 * <p>Per closed window: every rule keeps, per matching signal and segment, the run of consecutive
 * breaching windows; a window that does not breach (or lacks data, or is missing, or follows a gap)
 * ends the run. The policy fires when one rule's run reaches its length ({@code any}) or every rule's
 * does in the same window ({@code all}); the fixed schedule and the hybrid maximum age fire on their own.
 * A trigger is suppressed while cooling down or when {@code max_retrains_per_week} triggers happened in
 * the last 7 days; the runs then go on, so the cause fires as soon as it is allowed. Firing clears the
 * runs, so one run of windows never fires twice, and a window seen before is ignored.
 */
public final class RetrainPolicyEngine {
    private final String modelId;
    private final RetrainPolicy policy;

    public RetrainPolicyEngine(String modelId, RetrainPolicy policy) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public RetrainPolicy policy() {
        return policy;
    }

    /**
     * Evaluates a closed window.
     *
     * @param state       the model's policy state, updated in place
     * @param windowStart start of the closed window (event time)
     * @param windowEnd   its end (exclusive)
     * @param verdicts    every signal × segment × metric of the window the rules may look at (drift metrics,
     *                    performance and its estimate); verdicts no rule matches are ignored
     * @return the decision to retrain, if this window fires one
     */
    public Optional<RetrainDecision> onWindowClosed(PolicyState state, long windowStart, long windowEnd,
                                                    List<SignalVerdict> verdicts) {
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " must be after its start " + windowStart);
        }
        if (windowStart <= state.lastWindowStart) {
            return Optional.empty(); // already seen: a replay must not count a window twice
        }
        boolean consecutive = state.lastWindowStart != Long.MIN_VALUE
            && windowStart - state.lastWindowStart == windowEnd - windowStart;
        state.lastWindowStart = windowStart;
        state.lastWindowEnd = windowEnd;
        if (state.modelSince == Long.MIN_VALUE) {
            state.modelSince = windowStart;
        }
        if (!consecutive) {
            state.breachRuns.clear();
        }

        Trigger trigger = null;
        List<RetrainDecision.Reason> reasons = new ArrayList<>();
        if (policy.mode() != RetrainPolicy.Mode.FIXED) {
            trigger = evaluateRules(state, windowStart, verdicts, reasons);
        }
        if (trigger == null) {
            trigger = evaluateSchedule(state, windowStart, windowEnd, reasons);
        }
        if (trigger == null || windowEnd < state.nextAllowedAt || !budgetAllows(state, windowEnd)) {
            return Optional.empty();
        }
        TreeSet<Long> windows = new TreeSet<>();
        reasons.forEach(r -> windows.addAll(r.windowStarts()));
        String eventId = eventId(modelId, policy.name(), windowStart, trigger);
        if (trigger == Trigger.SCHEDULE && policy.mode() == RetrainPolicy.Mode.FIXED) {
            state.lastScheduleTriggerAt = windowEnd;
            state.nextScheduleAt = nextSlot(windowEnd);
        }
        record(state, eventId, trigger, windowEnd);
        return Optional.of(new RetrainDecision(eventId, policy.name(), trigger, windowStart, windowEnd, reasons,
            List.copyOf(windows), state.nextAllowedAt, policy.retrainCost()));
    }

    /** Updates the runs of every rule; returns the trigger kind if the rules fire, with their reasons. */
    private Trigger evaluateRules(PolicyState state, long windowStart, List<SignalVerdict> verdicts,
                                  List<RetrainDecision.Reason> reasons) {
        List<RetrainPolicy.Rule> rules = policy.rules();
        Set<String> seen = new HashSet<>();
        List<RetrainPolicy.Rule> judged = new ArrayList<>();
        List<List<RetrainDecision.Reason>> satisfied = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            RetrainPolicy.Rule rule = rules.get(i);
            judged.add(rule);
            List<RetrainDecision.Reason> ruleReasons = new ArrayList<>();
            for (SignalVerdict v : verdicts) {
                if (!rule.matches(v)) {
                    continue;
                }
                String key = runKey(i, v);
                if (!seen.add(key)) {
                    continue; // the same signal twice in one window counts once
                }
                Detector.State detector = null;
                if (rule.detector() != null) {
                    detector = state.detectors.computeIfAbsent(key, k -> new Detector.State());
                    boolean usable = v.decided() && (v.sampleSize() < 0 || v.sampleSize() >= rule.minSamples());
                    boolean alarm = usable && rule.detector().update(detector,
                        rule.direction() == RetrainPolicy.Direction.BELOW ? -v.value() : v.value(), windowStart);
                    if (!alarm) {
                        state.breachRuns.remove(key);
                        continue;
                    }
                } else if (!rule.breaches(v)) {
                    state.breachRuns.remove(key);
                    continue;
                }
                List<Long> run = state.breachRuns.computeIfAbsent(key, k -> new ArrayList<>());
                run.add(windowStart);
                while (run.size() > rule.consecutiveWindows()) {
                    run.remove(0);
                }
                if (run.size() >= rule.consecutiveWindows()) {
                    if (detector != null) {
                        // the statistic against its threshold, over the windows since it left zero
                        ruleReasons.add(new RetrainDecision.Reason(rule.describe(), v.signal(), v.segment(),
                            v.metric() + ":" + rule.detector().kind().wireName(), detector.statistic,
                            rule.detector().threshold(), detector.excursion.isEmpty() ? run : detector.excursion));
                    } else {
                        ruleReasons.add(new RetrainDecision.Reason(rule.describe(), v.signal(), v.segment(), v.metric(),
                            v.value(), rule.thresholdFor(v), run));
                    }
                }
            }
            satisfied.add(ruleReasons);
        }
        state.breachRuns.keySet().retainAll(seen);
        long size = state.lastWindowEnd - windowStart;
        state.detectors.entrySet().removeIf(d -> !seen.contains(d.getKey()) && (d.getValue().lastWindowStart == Long.MIN_VALUE
            || windowStart - d.getValue().lastWindowStart > PolicyState.DETECTOR_IDLE_WINDOWS * size));
        return combine(policy.combine(), judged, satisfied, reasons);
    }

    /**
     * Whether the satisfied rules fire under the policy's combine (any: one of them; all: every one
     * judged); adds their reasons and returns the first firing rule's trigger kind, else null.
     */
    private static Trigger combine(RetrainPolicy.Combine combine, List<RetrainPolicy.Rule> judged,
                                   List<List<RetrainDecision.Reason>> satisfied, List<RetrainDecision.Reason> reasons) {
        boolean fires = combine == RetrainPolicy.Combine.ANY
            ? satisfied.stream().anyMatch(r -> !r.isEmpty())
            : !satisfied.isEmpty() && satisfied.stream().noneMatch(List::isEmpty);
        if (!fires) {
            return null;
        }
        Trigger trigger = null;
        for (int i = 0; i < satisfied.size(); i++) {
            if (!satisfied.get(i).isEmpty()) {
                trigger = trigger == null ? judged.get(i).trigger() : trigger;
                reasons.addAll(satisfied.get(i));
            }
        }
        return trigger;
    }

    /**
     * Evaluates the measured performance of a closed window, as its labels come (every revision). The
     * rules on {@code performance:*} metrics keep, per signal and segment, the verdict of each labelled
     * window; they fire when the window is part of a run of {@code consecutive_windows} adjacent breaching
     * windows. Windows of a run that fired are never counted again, so later revisions of the same
     * windows do not fire twice; cooldown and budget apply as at the close. With {@code combine: all}
     * every measured-performance rule must hold here and every other rule by its current run (as
     * judged at the latest close). At the close, measured performance is judged only if it is among
     * the verdicts (a replay of recorded history); live it never is, since labels come later.
     *
     * @param now             the model's event clock (the end of its latest closed window), for cooldown and budget
     * @param latestAtClose   the verdicts of the latest closed window (for the values of the other rules under "all")
     */
    public Optional<RetrainDecision> onLabelledWindow(PolicyState state, long windowStart, long windowEnd, long now,
                                                      List<SignalVerdict> verdicts, List<SignalVerdict> latestAtClose) {
        if (policy.mode() == RetrainPolicy.Mode.FIXED || windowEnd <= windowStart
                || (state.modelSince != Long.MIN_VALUE && windowStart < state.modelSince)) {
            return Optional.empty(); // a window of an earlier model version says nothing about this one
        }
        long size = windowEnd - windowStart;
        List<RetrainPolicy.Rule> rules = policy.rules();
        List<RetrainPolicy.Rule> judged = new ArrayList<>();
        List<List<RetrainDecision.Reason>> satisfied = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            RetrainPolicy.Rule rule = rules.get(i);
            judged.add(rule);
            if (!rule.watchesMeasuredPerformance()) {
                // Judged at the close: under "all" it must hold now, by its current run.
                satisfied.add(policy.combine() == RetrainPolicy.Combine.ALL ? currentRuns(state, i, rule, latestAtClose) : List.of());
                continue;
            }
            List<RetrainDecision.Reason> ruleReasons = new ArrayList<>();
            for (SignalVerdict v : verdicts) {
                String key = runKey(i, v);
                if (!rule.matches(v) || !seen.add(key)) {
                    continue;
                }
                TreeMap<Long, Integer> windows = state.labelledWindows.computeIfAbsent(key, k -> new TreeMap<>());
                if (windows.getOrDefault(windowStart, PolicyState.LABELLED_OK) == PolicyState.LABELLED_FIRED) {
                    continue;
                }
                windows.put(windowStart, rule.breaches(v) ? PolicyState.LABELLED_BREACH : PolicyState.LABELLED_OK);
                while (windows.size() > PolicyState.LABELLED_WINDOWS_KEPT) {
                    windows.pollFirstEntry();
                }
                List<Long> run = breachingRun(windows, windowStart, size);
                if (run.size() >= rule.consecutiveWindows()) {
                    List<Long> last = run.subList(run.size() - rule.consecutiveWindows(), run.size());
                    ruleReasons.add(new RetrainDecision.Reason(rule.describe(), v.signal(), v.segment(), v.metric(),
                        v.value(), rule.thresholdFor(v), List.copyOf(last)));
                }
            }
            satisfied.add(ruleReasons);
        }
        List<RetrainDecision.Reason> reasons = new ArrayList<>();
        Trigger trigger = combine(policy.combine(), judged, satisfied, reasons);
        long time = Math.max(now, windowEnd);
        if (trigger == null || time < state.nextAllowedAt || !budgetAllows(state, time)) {
            return Optional.empty();
        }
        TreeSet<Long> windows = new TreeSet<>();
        for (RetrainDecision.Reason r : reasons) {
            windows.addAll(r.windowStarts());
        }
        // The windows of the runs that fired are spent, for every rule and segment that watched them.
        for (int i = 0; i < rules.size(); i++) {
            for (RetrainDecision.Reason r : reasons) {
                TreeMap<Long, Integer> w = state.labelledWindows.get(i + "|" + r.signal() + "|" + (r.segment() == null ? "" : r.segment()));
                if (w != null) {
                    r.windowStarts().forEach(start -> w.put(start, PolicyState.LABELLED_FIRED));
                }
            }
        }
        String eventId = eventId(modelId, policy.name(), windowStart, trigger);
        record(state, eventId, trigger, time);
        return Optional.of(new RetrainDecision(eventId, policy.name(), trigger, windowStart, time, reasons,
            List.copyOf(windows), state.nextAllowedAt, policy.retrainCost()));
    }

    /** Reasons of a rule judged at the close whose current run of breaching windows is long enough. */
    private static List<RetrainDecision.Reason> currentRuns(PolicyState state, int ruleIndex, RetrainPolicy.Rule rule,
                                                            List<SignalVerdict> latestAtClose) {
        List<RetrainDecision.Reason> reasons = new ArrayList<>();
        for (SignalVerdict v : latestAtClose) {
            List<Long> run = rule.matches(v) ? state.breachRuns.get(runKey(ruleIndex, v)) : null;
            if (run != null && run.size() >= rule.consecutiveWindows()
                    && reasons.stream().noneMatch(r -> r.signal().equals(v.signal()) && Objects.equals(r.segment(), v.segment()))) {
                reasons.add(new RetrainDecision.Reason(rule.describe(), v.signal(), v.segment(), v.metric(), v.value(),
                    rule.thresholdFor(v), List.copyOf(run)));
            }
        }
        return reasons;
    }

    /** The adjacent breaching windows around {@code start}, oldest first (empty if it does not breach). */
    private static List<Long> breachingRun(TreeMap<Long, Integer> windows, long start, long size) {
        List<Long> run = new ArrayList<>();
        long w = start;
        while (windows.getOrDefault(w, PolicyState.LABELLED_OK) == PolicyState.LABELLED_BREACH) {
            run.add(0, w);
            w -= size;
        }
        if (run.isEmpty()) {
            return run;
        }
        w = start + size;
        while (windows.getOrDefault(w, PolicyState.LABELLED_OK) == PolicyState.LABELLED_BREACH) {
            run.add(w);
            w += size;
        }
        return run;
    }

    private static String runKey(int rule, SignalVerdict v) {
        return rule + "|" + v.signal() + "|" + (v.segment() == null ? "" : v.segment());
    }

    private Trigger evaluateSchedule(PolicyState state, long windowStart, long windowEnd, List<RetrainDecision.Reason> reasons) {
        if (policy.mode() == RetrainPolicy.Mode.FIXED) {
            if (state.nextScheduleAt == Long.MIN_VALUE) {
                state.nextScheduleAt = nextSlot(windowEnd);
                return null;
            }
            if (windowEnd < state.nextScheduleAt) {
                return null;
            }
            long since = state.lastScheduleTriggerAt != Long.MIN_VALUE ? state.lastScheduleTriggerAt : state.modelSince;
            reasons.add(new RetrainDecision.Reason("schedule every " + humanDuration(policy.scheduleMillis()), "schedule",
                null, "age_ms", windowEnd - since, policy.scheduleMillis(), List.of(windowStart)));
            return Trigger.SCHEDULE;
        }
        if (policy.mode() == RetrainPolicy.Mode.HYBRID) {
            long since = Math.max(state.modelSince, state.lastTriggerAt);
            long age = windowEnd - since;
            if (age >= policy.maxAgeMillis()) {
                reasons.add(new RetrainDecision.Reason("max_age " + humanDuration(policy.maxAgeMillis()), "model_age", null,
                    "age_ms", age, policy.maxAgeMillis(), List.of(windowStart)));
                return Trigger.SCHEDULE;
            }
        }
        return null;
    }

    /** The first slot boundary of the fixed schedule after the time (slots are aligned to the epoch). */
    private long nextSlot(long time) {
        return (Math.floorDiv(time, policy.scheduleMillis()) + 1) * policy.scheduleMillis();
    }

    /**
     * A retrain requested by a person (HTTP or CLI). It skips the cooldown but counts against the weekly
     * budget, and a request id seen before is not triggered again.
     *
     * @param time   when the request was made, on the model's event clock
     * @param reason free text carried as the event's reason
     */
    public ManualOutcome onManualRequest(PolicyState state, String requestId, long time, String reason) {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("a manual request needs an id");
        }
        String eventId = manualEventId(modelId, policy.name(), requestId);
        if (state.manualRequests.contains(requestId)) {
            return new ManualOutcome(ManualOutcome.Status.DUPLICATE, eventId, null,
                "request " + requestId + " was already accepted as event " + eventId);
        }
        if (!budgetAllows(state, time)) {
            long nextPossible = state.recentTriggers.get(state.recentTriggers.size() - policy.maxRetrainsPerWeek())
                + RetrainPolicy.WEEK_MILLIS;
            return new ManualOutcome(ManualOutcome.Status.REFUSED, eventId, null, "max_retrains_per_week: "
                + policy.maxRetrainsPerWeek() + " retrains in the last 7 days; next possible at " + nextPossible);
        }
        String text = reason == null || reason.isBlank() ? "manual request " + requestId : reason;
        long nextAllowed = Math.max(state.nextAllowedAt, time + policy.cooldownMillis());
        RetrainDecision decision = new RetrainDecision(eventId, policy.name(), Trigger.MANUAL, time, time,
            List.of(new RetrainDecision.Reason(text, "manual", null, "request", 0, 0, List.of())), List.of(),
            nextAllowed, policy.retrainCost());
        record(state, eventId, Trigger.MANUAL, time);
        state.nextAllowedAt = nextAllowed;
        state.manualRequests.add(requestId);
        while (state.manualRequests.size() > PolicyState.MANUAL_REQUESTS_KEPT) {
            state.manualRequests.remove(0);
        }
        return new ManualOutcome(ManualOutcome.Status.ACCEPTED, eventId, decision, null);
    }

    /**
     * The feedback loop: the model version seen in the predictions. A new version completes the pending
     * retrain (if any), restarts the model's age and clears the breach runs: the new model is judged
     * afresh. Cooldown and budget are about spending and stay. The first version ever seen is only noted.
     *
     * @return the change, when the version differs from the one seen before
     */
    public Optional<ModelVersionChange> onModelVersion(PolicyState state, String version, long time) {
        if (version == null || version.equals(state.currentModelVersion)) {
            return Optional.empty();
        }
        String previous = state.currentModelVersion;
        state.currentModelVersion = version;
        if (previous == null) {
            if (state.modelSince == Long.MIN_VALUE) {
                state.modelSince = time;
            }
            return Optional.empty();
        }
        PolicyState.RetrainResult result = null;
        if (state.pendingRetrain != null) {
            result = new PolicyState.RetrainResult();
            result.eventId = state.pendingRetrain.eventId;
            result.trigger = state.pendingRetrain.trigger;
            result.triggeredAt = state.pendingRetrain.triggeredAt;
            result.previousVersion = previous;
            result.newVersion = version;
            result.deployedAt = time;
            state.lastResult = result;
            state.pendingRetrain = null;
        }
        state.breachRuns.clear();
        state.labelledWindows.clear();
        state.detectors.clear();
        state.lastRetrainAt = time;
        state.modelSince = time;
        return Optional.of(new ModelVersionChange(previous, version, time, result, policy.baselineOnNewVersion()));
    }

    /** Whether a trigger at this time stays within max_retrains_per_week; forgets triggers older than 7 days. */
    private boolean budgetAllows(PolicyState state, long time) {
        state.recentTriggers.removeIf(t -> t <= time - RetrainPolicy.WEEK_MILLIS);
        return policy.maxRetrainsPerWeek() == 0 || state.recentTriggers.size() < policy.maxRetrainsPerWeek();
    }

    private void record(PolicyState state, String eventId, Trigger trigger, long time) {
        state.breachRuns.clear();
        state.detectors.clear();
        state.nextAllowedAt = time + policy.cooldownMillis();
        state.triggers++;
        state.recentTriggers.add(time);
        state.lastTriggerAt = time;
        PolicyState.PendingRetrain pending = new PolicyState.PendingRetrain();
        pending.eventId = eventId;
        pending.trigger = trigger.wireName();
        pending.triggeredAt = time;
        pending.modelVersion = state.currentModelVersion;
        state.pendingRetrain = pending;
    }

    /** Deterministic: model, policy, window and trigger kind always give the same id. */
    public static String eventId(String model, String policyName, long windowStart, Trigger trigger) {
        return uuid(model + "|" + policyName + "|" + windowStart + "|" + trigger.wireName());
    }

    /** Deterministic id of a manual request's event: model, policy and request id. */
    public static String manualEventId(String model, String policyName, String requestId) {
        return uuid(model + "|" + policyName + "|manual:" + requestId + "|" + Trigger.MANUAL.wireName());
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String humanDuration(long ms) {
        if (ms > 0 && ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms > 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms > 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}

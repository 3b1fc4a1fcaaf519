package io.driftmonitor.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The persistent memory of a model's retrain policy. Plain data with public fields so that it is
 * stored as JSON next to the events it caused (one transaction under exactly-once). Every time is
 * event time in epoch milliseconds; {@link Long#MIN_VALUE} means "never".
 */
public class PolicyState {
    /** Version of this format; a reader refuses versions it does not know. */
    public static final int FORMAT_VERSION = 2;
    /** How many manual request ids are remembered to recognise a repeated request. */
    public static final int MANUAL_REQUESTS_KEPT = 100;

    public int formatVersion = FORMAT_VERSION;
    /**
     * Current runs of consecutive breaching windows, keyed by rule index, signal and segment
     * ({@code 0|feature:x|} or {@code 1|score|country=DE}), each holding at most the rule's length of
     * window start times, oldest first.
     */
    public Map<String, List<Long>> breachRuns = new LinkedHashMap<>();
    /**
     * Measured performance comes with the labels, after its window closed and in any order: per rule,
     * signal and segment (keys as in {@link #breachRuns}), window start to {@link #LABELLED_OK},
     * {@link #LABELLED_BREACH} or {@link #LABELLED_FIRED} (part of a run that already fired).
     */
    public Map<String, TreeMap<Long, Integer>> labelledWindows = new LinkedHashMap<>();
    public static final int LABELLED_OK = 0;
    public static final int LABELLED_BREACH = 1;
    public static final int LABELLED_FIRED = 2;
    /** Windows remembered per key of {@link #labelledWindows}. */
    public static final int LABELLED_WINDOWS_KEPT = 64;
    /**
     * State of the rules' sequential detectors, keyed as {@link #breachRuns} (rule index, signal and
     * segment). A detector is reset when the policy fires and when the model version changes, and
     * forgotten when its series has not been updated for {@link #DETECTOR_IDLE_WINDOWS} windows.
     */
    public Map<String, Detector.State> detectors = new LinkedHashMap<>();
    public static final int DETECTOR_IDLE_WINDOWS = 64;
    /** Cooldown: no automatic trigger for a window ending before this time. */
    public long nextAllowedAt = Long.MIN_VALUE;
    /** Start of the last window the policy saw, to ignore replays and detect gaps. */
    public long lastWindowStart = Long.MIN_VALUE;
    /** End of the last window the policy saw. */
    public long lastWindowEnd = Long.MIN_VALUE;
    /** Triggers ever fired. */
    public long triggers;
    /** Budget: times of the triggers of the last 7 days, oldest first. */
    public List<Long> recentTriggers = new ArrayList<>();
    public long lastTriggerAt = Long.MIN_VALUE;
    /** When the current model version was first seen after a change (the last completed retrain). */
    public long lastRetrainAt = Long.MIN_VALUE;
    /** Start of the current model's life for max_age: its first window, or the time its version appeared. */
    public long modelSince = Long.MIN_VALUE;
    /** The fixed schedule's next slot: the first window ending at or after it fires. */
    public long nextScheduleAt = Long.MIN_VALUE;
    public long lastScheduleTriggerAt = Long.MIN_VALUE;
    /** The model version the monitor currently sees. */
    public String currentModelVersion;
    /** A retrain that was triggered and whose new model version has not shown up yet. */
    public PendingRetrain pendingRetrain;
    /** The last completed retrain: the trigger and the version that answered it. */
    public RetrainResult lastResult;
    /** Ids of recent manual requests, oldest first. */
    public List<String> manualRequests = new ArrayList<>();

    /** A trigger waiting for its new model version. */
    public static class PendingRetrain {
        public String eventId;
        public String trigger;
        public long triggeredAt;
        /** The model version running when it fired. */
        public String modelVersion;
    }

    /** The result of a retrain: the new version and how long it took to show up. */
    public static class RetrainResult {
        public String eventId;
        public String trigger;
        public long triggeredAt;
        public String previousVersion;
        public String newVersion;
        public long deployedAt;
    }

    public PolicyState copy() {
        PolicyState c = new PolicyState();
        c.formatVersion = formatVersion;
        breachRuns.forEach((k, v) -> c.breachRuns.put(k, new ArrayList<>(v)));
        labelledWindows.forEach((k, v) -> c.labelledWindows.put(k, new TreeMap<>(v)));
        detectors.forEach((k, v) -> c.detectors.put(k, v.copy()));
        c.nextAllowedAt = nextAllowedAt;
        c.lastWindowStart = lastWindowStart;
        c.lastWindowEnd = lastWindowEnd;
        c.triggers = triggers;
        c.recentTriggers = new ArrayList<>(recentTriggers);
        c.lastTriggerAt = lastTriggerAt;
        c.lastRetrainAt = lastRetrainAt;
        c.modelSince = modelSince;
        c.nextScheduleAt = nextScheduleAt;
        c.lastScheduleTriggerAt = lastScheduleTriggerAt;
        c.currentModelVersion = currentModelVersion;
        if (pendingRetrain != null) {
            PendingRetrain p = new PendingRetrain();
            p.eventId = pendingRetrain.eventId;
            p.trigger = pendingRetrain.trigger;
            p.triggeredAt = pendingRetrain.triggeredAt;
            p.modelVersion = pendingRetrain.modelVersion;
            c.pendingRetrain = p;
        }
        if (lastResult != null) {
            RetrainResult r = new RetrainResult();
            r.eventId = lastResult.eventId;
            r.trigger = lastResult.trigger;
            r.triggeredAt = lastResult.triggeredAt;
            r.previousVersion = lastResult.previousVersion;
            r.newVersion = lastResult.newVersion;
            r.deployedAt = lastResult.deployedAt;
            c.lastResult = r;
        }
        c.manualRequests = new ArrayList<>(manualRequests);
        return c;
    }
}

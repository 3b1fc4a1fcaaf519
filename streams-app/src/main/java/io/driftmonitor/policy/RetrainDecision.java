package io.driftmonitor.policy;

import java.util.List;

/**
 * A decision to retrain: what fired, why, on which windows, and what it means for the next one.
 *
 * @param eventId       deterministic id of the RetrainEvent (same cause, same id)
 * @param policy        the policy's name
 * @param trigger       drift, performance, segment, schedule or manual
 * @param windowStart   start of the window whose close fired it (for manual: the request time)
 * @param decidedAt     event time of the decision: the window's end (for manual: the request time; for measured
 *                      performance: the model's event clock when the labels came)
 * @param reasons       every rule (or schedule, or request) that caused it, with its values and windows
 * @param windowStarts  start times of every window of the cause, oldest first (empty for manual)
 * @param nextAllowedAt no automatic trigger before this time (cooldown)
 * @param estimatedCost the policy's cost of one retrain
 */
public record RetrainDecision(String eventId, String policy, Trigger trigger, long windowStart, long decidedAt,
                              List<Reason> reasons, List<Long> windowStarts, long nextAllowedAt, double estimatedCost) {
    public RetrainDecision {
        reasons = List.copyOf(reasons);
        windowStarts = List.copyOf(windowStarts);
    }

    /**
     * One cause.
     *
     * @param rule         the rule as written (e.g. {@code feature:* psi above 0.25 x2}), {@code schedule},
     *                     {@code max_age}, or the text of a manual request
     * @param signal       the signal that breached ({@code schedule} / {@code manual} for those triggers)
     * @param segment      its segment, null for the whole model
     * @param metric       the metric ({@code age_ms} for schedule triggers, {@code request} for manual ones)
     * @param value        the latest value
     * @param threshold    the threshold it crossed
     * @param windowStarts the breaching windows, oldest first
     */
    public record Reason(String rule, String signal, String segment, String metric, double value, double threshold,
                         List<Long> windowStarts) {
        public Reason {
            windowStarts = List.copyOf(windowStarts);
        }
    }
}

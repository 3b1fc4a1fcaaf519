package io.driftmonitor.policy;

import java.util.List;

/**
 * A decision to retrain, with the signals that caused it.
 *
 * @param reasons       the signals whose runs reached the rule, with their latest values
 * @param windowStarts  start times of every window in those runs, oldest first
 * @param nextAllowedAt when the next trigger may fire
 */
public record RetrainDecision(List<Reason> reasons, List<Long> windowStarts, long nextAllowedAt) {
    public record Reason(String signal, String segment, String metric, double value, double threshold,
                         List<Long> windowStarts) {
    }
}

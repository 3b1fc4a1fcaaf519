package io.driftmonitor.policy;

/**
 * When drift turns into a retrain trigger.
 *
 * @param name               the policy name carried in events
 * @param consecutiveWindows a signal must breach in this many consecutive windows
 * @param cooldownMillis     no further trigger within this time after one (event time)
 * @param retrainCost        cost of one retrain
 */
public record RetrainRule(String name, int consecutiveWindows, long cooldownMillis, double retrainCost) {
    public RetrainRule {
        if (consecutiveWindows < 1) {
            throw new IllegalArgumentException("consecutive_windows must be at least 1");
        }
        if (cooldownMillis < 0) {
            throw new IllegalArgumentException("cooldown must not be negative");
        }
    }
}

package io.driftmonitor.stats;

/**
 * Tabular CUSUM over a metric's window series: S_t = max(0, S_{t-1} + x_t - target - k) for
 * upward shifts and L_t = max(0, L_{t-1} + target - x_t - k) for downward ones; an alarm when
 * either exceeds h. {@code target} is the in-control level (e.g. the mean of the metric on
 * baseline-sized windows), {@code k} the allowance (half the shift to detect), {@code h} the decision
 * interval. For drift metrics that only grow use {@link #upper()}.
 */
public final class Cusum {
    private final double target;
    private final double k;
    private final double h;
    private double upper;
    private double lower;

    public Cusum(double target, double k, double h) {
        if (!(h > 0) || k < 0) {
            throw new IllegalArgumentException("need h > 0 and k >= 0");
        }
        this.target = target;
        this.k = k;
        this.h = h;
    }

    /** Adds one observation; returns whether either side alarms after it. NaN is skipped. */
    public boolean update(double x) {
        if (!Double.isNaN(x)) {
            upper = Math.max(0, upper + x - target - k);
            lower = Math.max(0, lower + target - x - k);
        }
        return alarm();
    }

    public boolean alarm() {
        return upper > h || lower > h;
    }

    public boolean upwardAlarm() {
        return upper > h;
    }

    public double upper() {
        return upper;
    }

    public double lower() {
        return lower;
    }

    public void reset() {
        upper = 0;
        lower = 0;
    }

    /** Restores the two sums (from a state store). */
    public void restore(double upperSum, double lowerSum) {
        upper = upperSum;
        lower = lowerSum;
    }
}

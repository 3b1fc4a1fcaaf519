package io.driftmonitor.stats;

/**
 * Page-Hinkley test for an upward change in the mean of a metric's window series (e.g. PSI per
 * window). With x̄_t the running mean, m_t = sum over i &lt;= t of (x_i - x̄_i - delta) and
 * M_t = min m_t, it alarms when m_t - M_t &gt; lambda. {@code delta} is the tolerated change, lambda
 * the alarm threshold (in the unit of the metric times windows). After an alarm call {@link #reset()}.
 * The state is four numbers ({@link #state()}, {@link #restore}), so it can live in a state store.
 */
public final class PageHinkley {
    private final double delta;
    private final double lambda;
    private final long minObservations;
    private long count;
    private double mean;
    private double cumulative;
    private double minimum;

    public PageHinkley(double delta, double lambda, long minObservations) {
        if (!(lambda > 0) || delta < 0 || minObservations < 1) {
            throw new IllegalArgumentException("need lambda > 0, delta >= 0, minObservations >= 1");
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minObservations = minObservations;
    }

    /** Adds one observation; returns whether the detector alarms after it. */
    public boolean update(double x) {
        if (Double.isNaN(x)) {
            return alarm();
        }
        count++;
        mean += (x - mean) / count;
        cumulative += x - mean - delta;
        minimum = Math.min(minimum, cumulative);
        return alarm();
    }

    public boolean alarm() {
        return count >= minObservations && statistic() > lambda;
    }

    /** m_t - M_t. */
    public double statistic() {
        return cumulative - minimum;
    }

    public void reset() {
        count = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }

    /** {count, mean, cumulative, minimum}. */
    public double[] state() {
        return new double[] {count, mean, cumulative, minimum};
    }

    public void restore(double[] state) {
        count = (long) state[0];
        mean = state[1];
        cumulative = state[2];
        minimum = state[3];
    }
}

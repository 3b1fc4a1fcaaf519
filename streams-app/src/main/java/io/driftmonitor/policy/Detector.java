package io.driftmonitor.policy;

import java.util.Locale;

import io.driftmonitor.stats.Cusum;
import io.driftmonitor.stats.PageHinkley;

/**
 * A sequential change detector over the per-window series of one rule's metric (one series per
 * signal and segment): the rule breaches while its detector alarms. The series is the metric's
 * value in each closed window, negated for {@code direction: below} so that both detectors look for
 * an upward change; windows without a decided value (too few samples, NaN) are skipped.
 *
 * <ul>
 *   <li>{@code page_hinkley} ({@link PageHinkley}): alarms when m_t - min m_t &gt; {@code lambda}, with
 *       m_t = sum (x_i - mean_i - {@code delta}); defaults delta 0.01, lambda 0.5.</li>
 *   <li>{@code cusum} ({@link Cusum}, upper side): S_t = max(0, S_{t-1} + x_t - target - {@code drift})
 *       alarms when S_t &gt; {@code h}; defaults drift (k) 0.05, h 0.5; {@code target} absent: the mean
 *       of the first {@code min_windows} values.</li>
 * </ul>
 * Neither alarms before {@code min_windows} (default 3) values. The defaults suit PSI-like metrics
 * (in-control values near 0.02, a drift of 0.25 and more); other metrics need their own scale.
 *
 * @param target null: learned (cusum only)
 */
public record Detector(Kind kind, double delta, double lambda, double drift, double h, Double target, int minWindows) {
    public static final double DEFAULT_DELTA = 0.01;
    public static final double DEFAULT_LAMBDA = 0.5;
    public static final double DEFAULT_DRIFT = 0.05;
    public static final double DEFAULT_H = 0.5;
    public static final int DEFAULT_MIN_WINDOWS = 3;

    public enum Kind {
        PAGE_HINKLEY, CUSUM;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Detector {
        if (kind == null) {
            throw new IllegalArgumentException("detector: must be page_hinkley or cusum");
        }
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta: must be a finite number >= 0, got " + delta);
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda: must be a finite number > 0, got " + lambda);
        }
        if (!(drift >= 0) || Double.isInfinite(drift)) {
            throw new IllegalArgumentException("drift: must be a finite number >= 0, got " + drift);
        }
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h: must be a finite number > 0, got " + h);
        }
        if (target != null && !Double.isFinite(target)) {
            throw new IllegalArgumentException("target: must be a finite number");
        }
        if (minWindows < 1 || minWindows > 1000) {
            throw new IllegalArgumentException("min_windows: must be between 1 and 1000, got " + minWindows);
        }
    }

    /**
     * A detector from the keys of a rule as written; a parameter of the other detector is an error.
     *
     * @throws IllegalArgumentException naming the key
     */
    public static Detector of(String kind, Double delta, Double lambda, Double drift, Double h, Double target,
                              Integer minWindows) {
        Kind k = RetrainPolicy.keyword(Kind.class, "detector", kind);
        if (k == Kind.PAGE_HINKLEY) {
            refuse("drift", drift, k);
            refuse("h", h, k);
            refuse("target", target, k);
        } else {
            refuse("delta", delta, k);
            refuse("lambda", lambda, k);
        }
        return new Detector(k, delta != null ? delta : DEFAULT_DELTA, lambda != null ? lambda : DEFAULT_LAMBDA,
            drift != null ? drift : DEFAULT_DRIFT, h != null ? h : DEFAULT_H, target,
            minWindows != null ? minWindows : DEFAULT_MIN_WINDOWS);
    }

    private static void refuse(String key, Object value, Kind kind) {
        if (value != null) {
            throw new IllegalArgumentException(key + ": is not a parameter of detector " + kind.wireName());
        }
    }

    /** The alarm threshold: lambda or h. */
    public double threshold() {
        return kind == Kind.PAGE_HINKLEY ? lambda : h;
    }

    /**
     * Adds one value of the series to the detector's state and returns whether it alarms.
     *
     * @param x the value, already negated for direction below; NaN is skipped
     */
    public boolean update(State s, double x, long windowStart) {
        if (Double.isNaN(x)) {
            return s.alarm;
        }
        s.lastWindowStart = windowStart;
        double before;
        if (kind == Kind.PAGE_HINKLEY) {
            PageHinkley ph = new PageHinkley(delta, lambda, minWindows);
            ph.restore(new double[] {s.count, s.mean, s.cumulative, s.minimum});
            before = ph.statistic();
            s.alarm = ph.update(x);
            double[] after = ph.state();
            s.count = (long) after[0];
            s.mean = after[1];
            s.cumulative = after[2];
            s.minimum = after[3];
            s.statistic = ph.statistic();
        } else {
            s.count++;
            Double t = target != null ? target : s.learnedTarget;
            if (t == null) {
                s.warmupSum += x;
                if (s.count >= minWindows) {
                    s.learnedTarget = s.warmupSum / s.count;
                }
                s.statistic = 0;
                s.alarm = false;
                return false;
            }
            Cusum cusum = new Cusum(t, drift, h);
            cusum.restore(s.upper, 0);
            before = cusum.upper();
            cusum.update(x);
            s.upper = cusum.upper();
            s.statistic = s.upper;
            s.alarm = s.count >= minWindows && cusum.upwardAlarm();
        }
        // The excursion: the windows since the statistic last left zero (an estimate of the change point).
        if (s.statistic <= 0) {
            s.excursion.clear();
        } else {
            if (before <= 0) {
                s.excursion.clear();
            }
            s.excursion.add(windowStart);
            while (s.excursion.size() > State.EXCURSION_KEPT) {
                s.excursion.remove(0);
            }
        }
        return s.alarm;
    }

    /** {@code page_hinkley(delta 0.01, lambda 0.5)}. */
    public String describe() {
        String params = kind == Kind.PAGE_HINKLEY ? "delta " + delta + ", lambda " + lambda
            : "drift " + drift + ", h " + h + (target != null ? ", target " + target : "");
        return kind.wireName() + "(" + params + (minWindows != DEFAULT_MIN_WINDOWS ? ", min_windows " + minWindows : "") + ")";
    }

    /**
     * The persistent state of one detector (one rule, signal and segment), kept in {@link PolicyState}.
     * Plain data with public fields, stored as JSON with the rest of the policy state.
     */
    public static class State {
        /** Windows of the current excursion kept (for the reasons and training data). */
        public static final int EXCURSION_KEPT = 64;

        /** Values seen (counted from the last reset). */
        public long count;
        /** Page-Hinkley: running mean, cumulative sum m_t and its minimum M_t. */
        public double mean;
        public double cumulative;
        public double minimum;
        /** CUSUM: the upper sum S_t, the warm-up sum and the target learned from it. */
        public double upper;
        public double warmupSum;
        public Double learnedTarget;
        /** The statistic compared with the threshold after the latest value (m_t - M_t, or S_t). */
        public double statistic;
        public boolean alarm;
        /** Start of the last window that updated the detector. */
        public long lastWindowStart = Long.MIN_VALUE;
        /** Starts of the windows since the statistic last left zero, oldest first. */
        public java.util.List<Long> excursion = new java.util.ArrayList<>();

        public State copy() {
            State c = new State();
            c.count = count;
            c.mean = mean;
            c.cumulative = cumulative;
            c.minimum = minimum;
            c.upper = upper;
            c.warmupSum = warmupSum;
            c.learnedTarget = learnedTarget;
            c.statistic = statistic;
            c.alarm = alarm;
            c.lastWindowStart = lastWindowStart;
            c.excursion = new java.util.ArrayList<>(excursion);
            return c;
        }
    }
}

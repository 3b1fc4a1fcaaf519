package io.driftmonitor.stats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;

/**
 * Thresholds from a metric's null distribution at the window's actual sample size.
 *
 * <p><b>PSI</b> (analytic): under "same distribution", PSI / (1/n + 1/m) is asymptotically
 * chi-square with k - 1 degrees of freedom, so the (1 - alpha) threshold is
 * (1/n + 1/m) chi2.ppf(1 - alpha, k - 1). <b>Chi-square</b>: chi2.ppf(1 - alpha, dof).
 * <b>KS</b>: the smallest statistic whose {@code ks_2samp} p-value is at most alpha (the raw-sample
 * critical value; the binned statistic is never larger than the raw one, so this is conservative).
 *
 * <p><b>Other metrics</b> (KL, JS, Hellinger, Wasserstein) by a parametric bootstrap of the
 * baseline, done once per (baseline, window size) and cached: each replicate draws a fresh
 * reference histogram of size n and a window of size m, both multinomial from the baseline
 * proportions, and computes the metric between the two. Both sides are resampled, so the null
 * distribution includes the noise of the reference itself, and no reference chunk is ever compared
 * with a reference that contains it (the leak of NannyML's chunk thresholds, NannyML#426). The
 * threshold is an upper order statistic of R replicates; it is a Monte Carlo estimate (its
 * tail probability has a standard error of about sqrt(alpha (1 - alpha) / R)). Binomial draws are
 * exact by inversion when the mean count is below 50 and normal with continuity rounding above.
 */
public final class ThresholdCalibration {
    private static final int EXACT_BINOMIAL_MEAN = 50;

    private final int cacheSize;
    private final Map<Key, double[]> cache;
    private final Map<String, Double> ksCache;

    public ThresholdCalibration(int cacheSize) {
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, double[]> eldest) {
                return size() > ThresholdCalibration.this.cacheSize;
            }
        };
        this.ksCache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
                return size() > ThresholdCalibration.this.cacheSize;
            }
        };
    }

    /** PSI threshold (1/n + 1/m) chi2.ppf(1 - alpha, k - 1); +Infinity when k &lt; 2. */
    public static double psiThreshold(long referenceCount, long currentCount, int bins, double alpha) {
        if (bins < 2) {
            return Double.POSITIVE_INFINITY;
        }
        return (1.0 / referenceCount + 1.0 / currentCount) * ChiSquareTest.criticalValue(alpha, bins - 1);
    }

    /** {@link #ksCriticalValue(long, long, double)}, cached per (n, m, alpha). */
    public double cachedKsCriticalValue(long n, long m, double alpha) {
        String key = n + "/" + m + "/" + alpha;
        synchronized (this) {
            Double cached = ksCache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        double value = ksCriticalValue(n, m, alpha);
        synchronized (this) {
            ksCache.put(key, value);
        }
        return value;
    }

    /** Smallest KS statistic with {@code ks_2samp} p-value at most alpha for sample sizes n and m. */
    public static double ksCriticalValue(long n, long m, double alpha) {
        double lo = 0.0;
        double hi = 1.0;
        if (KolmogorovSmirnov.pValue(hi, n, m) > alpha) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (KolmogorovSmirnov.pValue(mid, n, m) <= alpha) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * Sorted null distribution of {@code metric} between a resampled reference of the baseline's
     * size and a resampled window of {@code currentCount} values (cached).
     *
     * @param metricName names the metric function in the cache key
     */
    public synchronized double[] nullDistribution(String metricName, ToDoubleBiFunction<long[], long[]> metric,
                                                  long[] reference, long currentCount, int replicates, long seed) {
        Key key = new Key(metricName, reference.clone(), currentCount, replicates, seed);
        double[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        double[] dist = simulate(metric, reference, currentCount, replicates, seed);
        cache.put(key, dist);
        return dist;
    }

    static double[] simulate(ToDoubleBiFunction<long[], long[]> metric, long[] reference, long currentCount,
                             int replicates, long seed) {
        long n = 0;
        for (long c : reference) {
            n += c;
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot calibrate on an empty baseline");
        }
        double[] p = new double[reference.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (double) reference[i] / n;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            long[] ref = multinomial(n, p, random);
            long[] cur = multinomial(currentCount, p, random);
            out[r] = metric.applyAsDouble(ref, cur);
        }
        Arrays.sort(out);
        return out;
    }

    /** The threshold exceeded with probability at most alpha under the null: order statistic ceil((1 - alpha)(R + 1)). */
    public static double upperQuantile(double[] sortedNull, double alpha) {
        int r = sortedNull.length;
        int index = (int) Math.ceil((1 - alpha) * (r + 1)) - 1;
        if (index >= r) {
            return Double.POSITIVE_INFINITY;
        }
        return sortedNull[Math.max(0, index)];
    }

    /** Monte Carlo p-value (1 + #{null &gt;= value}) / (R + 1). */
    public static double pValue(double[] sortedNull, double value) {
        int lo = 0;
        int hi = sortedNull.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedNull[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (1.0 + (sortedNull.length - lo)) / (sortedNull.length + 1.0);
    }

    static long[] multinomial(long n, double[] p, SplittableRandom random) {
        long[] out = new long[p.length];
        long remaining = n;
        double remainingP = 1.0;
        for (int i = 0; i < p.length && remaining > 0; i++) {
            if (i == p.length - 1 || remainingP <= 0) {
                out[i] = remaining;
                break;
            }
            double q = Math.min(1.0, p[i] / remainingP);
            long x = binomial(remaining, q, random);
            out[i] = x;
            remaining -= x;
            remainingP -= p[i];
        }
        return out;
    }

    static long binomial(long n, double p, SplittableRandom random) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p, random);
        }
        double mean = n * p;
        if (mean < EXACT_BINOMIAL_MEAN) {
            double q = 1 - p;
            double s = p / q;
            double a = (n + 1) * s;
            double f = Math.exp(n * Math.log1p(-p));
            double u = random.nextDouble();
            long x = 0;
            while (u > f && x < n) {
                u -= f;
                x++;
                f *= a / x - s;
            }
            return x;
        }
        double x = Math.rint(mean + Math.sqrt(mean * (1 - p)) * random.nextGaussian());
        return (long) Math.max(0, Math.min(n, x));
    }

    private record Key(String metric, long[] reference, long currentCount, int replicates, long seed) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && metric.equals(k.metric) && Arrays.equals(reference, k.reference)
                && currentCount == k.currentCount && replicates == k.replicates && seed == k.seed;
        }

        @Override
        public int hashCode() {
            return ((metric.hashCode() * 31 + Arrays.hashCode(reference)) * 31 + Long.hashCode(currentCount)) * 31
                + replicates * 17 + Long.hashCode(seed);
        }
    }
}

package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * Two-sample Kolmogorov-Smirnov test, two-sided, as {@code scipy.stats.ks_2samp(a, b)} with its
 * defaults ({@code method="auto"}): the exact null distribution when both samples have at most
 * 10,000 values, otherwise the one-sample distribution {@code kstwo} at n = round(n1 n2 / (n1 + n2)).
 *
 * <p>The exact path is hand-written to follow SciPy's algorithms step by step (Hodges' lattice-path
 * count in Viehmann's numerically stable "1 - p" form, and the closed alternating series for equal
 * sample sizes), because agreement to 1e-9 with SciPy depends on them; Hipparchus'
 * {@code KolmogorovSmirnovTest} uses different approximations for large samples.
 *
 * <p>{@link #binned(long[], long[])} is the streaming variant: from two histograms over the same
 * edges it gives the statistic at the bin edges, which is a lower bound of the raw-sample statistic,
 * and an upper bound; the raw-sample statistic lies between them. Its p-value is exact only while
 * the lattice-path count costs at most {@link #MAX_EXACT_CELLS_BINNED} cells, else SciPy's
 * asymptotic method: the statistic of a histogram is itself approximate, and a window closes on the
 * stream thread, where an exact count over 10,000 x 10,000 cells per signal would stop counting.
 */
public final class KolmogorovSmirnov {
    /** Largest sample size for which {@code method="auto"} attempts the exact distribution. */
    public static final int MAX_EXACT_N = 10_000;

    /**
     * Largest lattice-path count (rows x band width; a cell costs a dependent division, about 5 ns, and a window close evaluates every signal of every segment) for which the binned test uses
     * the exact p-value; beyond it, {@code ks_2samp(method="asymp")}. Equal sample sizes use a closed
     * series of O(n) terms and are always exact.
     */
    public static final long MAX_EXACT_CELLS_BINNED = 1L << 16;

    /** How the p-value was obtained. */
    public enum Method { EXACT, ASYMPTOTIC }

    /** Statistic and p-value of a two-sided test. */
    public record Result(double statistic, double pValue, Method method) {
    }

    /** Binned statistic, the upper bound of the raw-sample statistic, and the p-value of the binned statistic. */
    public record BinnedResult(double statistic, double upperBound, double pValue, Method method) {
    }

    private KolmogorovSmirnov() {
    }

    /** The test on raw samples; NaN values are ignored, infinities take part in the ordering. */
    public static Result twoSample(double[] reference, double[] current) {
        double[] a = Arrays.stream(reference).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double[] b = Arrays.stream(current).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("Kolmogorov-Smirnov needs two non-empty samples");
        }
        double maxS = Double.NEGATIVE_INFINITY;
        double minS = Double.POSITIVE_INFINITY;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= v) {
                i++;
            }
            while (j < n2 && b[j] <= v) {
                j++;
            }
            double diff = (double) i / n1 - (double) j / n2;
            maxS = Math.max(maxS, diff);
            minS = Math.min(minS, diff);
        }
        double negMin = Math.max(0.0, Math.min(1.0, -minS));
        double d = negMin > maxS ? negMin : maxS;
        return withPValue(d, n1, n2);
    }

    /** The p-value {@code ks_2samp} attaches to statistic {@code d} for sample sizes n1 and n2. */
    public static double pValue(double d, long n1, long n2) {
        return withPValue(d, n1, n2).pValue();
    }

    /**
     * Statistic and p-value as {@code ks_2samp} reports them. In the exact path SciPy rounds the
     * statistic to the lattice h / lcm(n1, n2); that rounded value is returned.
     */
    public static Result withPValue(double d, long n1, long n2) {
        return withPValue(d, n1, n2, Long.MAX_VALUE);
    }

    /** As {@link #withPValue(double, long, long)}, exact only when the lattice count costs at most {@code maxExactCells}. */
    static Result withPValue(double d, long n1, long n2, long maxExactCells) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("sample sizes must be positive");
        }
        if (Math.max(n1, n2) <= MAX_EXACT_N) {
            long g = gcd(n1, n2);
            long lcm = (n1 / g) * n2;
            long h = (long) Math.rint(d * lcm);
            if (n1 != n2 && h != 0 && exactCells(n1, n2, g, h) > maxExactCells) {
                return asymptotic(d, n1, n2);
            }
            double dExact = (double) h / lcm;
            if (h == 0) {
                return new Result(dExact, 1.0, Method.EXACT);
            }
            double prob = n1 == n2
                ? probOutsideSquare((int) n1, (int) h)
                : outerProbInside((int) n1, (int) n2, (int) g, (int) h);
            if (prob >= 0 && prob <= 1) {
                return new Result(dExact, prob, Method.EXACT);
            }
            d = dExact;
        }
        return asymptotic(d, n1, n2);
    }

    /** {@code ks_2samp(method="asymp")}: the one-sample distribution at n = round(n1 n2 / (n1 + n2)). */
    private static Result asymptotic(double d, long n1, long n2) {
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = m * n / (m + n);
        int rounded = (int) Math.rint(en);
        double p = KolmogorovDistribution.sf(Math.max(1, rounded), d);
        return new Result(d, Math.max(0.0, Math.min(1.0, p)), Method.ASYMPTOTIC);
    }

    /**
     * The statistic from two histograms over the same bins (bins in increasing order), with bounds:
     * the empirical CDFs are known exactly at the bin edges, so {@code statistic} (their largest
     * difference there) is at most the raw-sample statistic, and the raw-sample statistic is at most
     * {@code upperBound} = max over bins of max(|F(right) - G(left)|, |F(left) - G(right)|).
     */
    public static BinnedResult binned(long[] reference, long[] current) {
        BinnedResult statistic = binnedStatistic(reference, current);
        long n1 = sum(reference);
        long n2 = sum(current);
        Result r = withPValue(statistic.statistic(), n1, n2, MAX_EXACT_CELLS_BINNED);
        return new BinnedResult(statistic.statistic(), statistic.upperBound(), r.pValue(), r.method());
    }

    /** The binned statistic and its upper bound, without a p-value (NaN, method null). */
    public static BinnedResult binnedStatistic(long[] reference, long[] current) {
        DriftMetrics.requireSameLength(reference, current);
        long n1 = sum(reference);
        long n2 = sum(current);
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("Kolmogorov-Smirnov needs two non-empty histograms");
        }
        long c1 = 0;
        long c2 = 0;
        double d = 0;
        double upper = 0;
        for (int i = 0; i < reference.length; i++) {
            double lo1 = (double) c1 / n1;
            double lo2 = (double) c2 / n2;
            c1 += reference[i];
            c2 += current[i];
            double f = (double) c1 / n1;
            double g = (double) c2 / n2;
            d = Math.max(d, Math.abs(f - g));
            upper = Math.max(upper, Math.max(Math.abs(f - lo2), Math.abs(lo1 - g)));
        }
        return new BinnedResult(d, upper, Double.NaN, null);
    }

    /**
     * Cells the lattice-path count of {@link #outerProbInside} visits: one row per value of the larger
     * sample, each as wide as the band of half-width h / lcm around the diagonal.
     */
    static long exactCells(long n1, long n2, long g, long h) {
        long m = Math.max(n1, n2);
        long mg = m / g;
        return m * (2 * ((h + mg - 1) / mg) + 1);
    }

    /** Pr(D_{n,n} &gt;= h/n), SciPy's {@code _compute_prob_outside_square}. */
    static double probOutsideSquare(int n, int h) {
        double p = 0.0;
        int k = (int) Math.floor((double) n / h);
        while (k >= 0) {
            double p1 = 1.0;
            for (int j = 0; j < h; j++) {
                p1 = (double) (n - (long) k * h - j) * p1 / (double) (n + (long) k * h + j + 1);
            }
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| &lt; h/lcm,
     * SciPy's {@code _compute_outer_prob_inside_method} (Hodges 1958, Viehmann 2021).
     */
    static double outerProbInside(int m, int n, int g, int h) {
        if (m < n) {
            int t = m;
            m = n;
            n = t;
        }
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1L);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[lenA];
        Arrays.fill(a, 1.0);
        for (int jj = minj; jj < maxj; jj++) {
            a[jj] = 0.0;
        }
        for (int i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
            minj = Math.min(minj, n);
            maxj = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1L);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                for (int c = maxj - minj; c < maxj - minj + (lastlen - curlen) && c < lenA; c++) {
                    a[c] = 1;
                }
            }
        }
        return a[maxj - minj - 1];
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long sum(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}

package io.driftmonitor.stats;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * Pearson's chi-square test of homogeneity on the 2 x k table (reference counts, current counts),
 * as {@code scipy.stats.chi2_contingency(table, correction=False)}. Columns that are empty in both
 * rows carry no information and are dropped first (SciPy would reject the table); dof = k' - 1 for
 * the k' remaining columns. A table with fewer than two columns or an empty row gives statistic 0,
 * p-value 1 and dof 0.
 */
public final class ChiSquareTest {
    /** Statistic, p-value and degrees of freedom. */
    public record Result(double statistic, double pValue, int dof) {
    }

    private ChiSquareTest() {
    }

    public static Result homogeneity(long[] reference, long[] current) {
        DriftMetrics.requireSameLength(reference, current);
        long n1 = 0;
        long n2 = 0;
        int k = 0;
        for (int i = 0; i < reference.length; i++) {
            n1 += reference[i];
            n2 += current[i];
            if (reference[i] + current[i] > 0) {
                k++;
            }
        }
        if (k < 2 || n1 == 0 || n2 == 0) {
            return new Result(0.0, 1.0, 0);
        }
        double total = (double) n1 + n2;
        double stat = 0;
        for (int i = 0; i < reference.length; i++) {
            long col = reference[i] + current[i];
            if (col == 0) {
                continue;
            }
            double e1 = (double) n1 * col / total;
            double e2 = (double) n2 * col / total;
            stat += (reference[i] - e1) * (reference[i] - e1) / e1;
            stat += (current[i] - e2) * (current[i] - e2) / e2;
        }
        int dof = k - 1;
        return new Result(stat, survival(stat, dof), dof);
    }

    /** P(X &gt; x) for X chi-square with {@code dof} degrees of freedom, as {@code scipy.stats.chi2.sf}. */
    public static double survival(double x, int dof) {
        if (dof <= 0) {
            return 1.0;
        }
        if (!(x > 0)) {
            return 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        return DriftMetrics.regularizedGammaQ(dof / 2.0, x / 2.0);
    }

    /** The (1 - alpha) quantile of chi-square with {@code dof} degrees of freedom ({@code scipy.stats.chi2.ppf(1 - alpha, dof)}). */
    public static double criticalValue(double alpha, int dof) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
        double x = new ChiSquaredDistribution(dof, 1e-14).inverseCumulativeProbability(1 - alpha);
        // Newton steps on the survival function make the quantile accurate for small alpha too.
        for (int i = 0; i < 50; i++) {
            double f = survival(x, dof) - alpha;
            double density = new ChiSquaredDistribution(dof).density(x);
            if (density <= 0) {
                break;
            }
            double step = f / density;
            double next = Math.max(x / 2, x + step);
            if (Math.abs(next - x) <= 1e-15 * Math.abs(x)) {
                x = next;
                break;
            }
            x = next;
        }
        return x;
    }
}

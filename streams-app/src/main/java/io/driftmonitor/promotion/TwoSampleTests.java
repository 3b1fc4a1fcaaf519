package io.driftmonitor.promotion;

import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Erf;

/**
 * Two-sample tests of a difference between two independent groups from the summaries the monitor
 * keeps (no raw values). Each statistic is positive when the second group's value is larger, and
 * each p-value is two-sided. When both groups have no spread the statistic is 0 and p is 1 if
 * their values are equal, else the statistic is infinite and p is 0.
 */
public final class TwoSampleTests {
    /** The test statistic (t or z) and its two-sided p-value. */
    public record Result(double statistic, double pValue) {
    }

    private TwoSampleTests() {
    }

    /**
     * Welch's unequal-variance t-test (SciPy's {@code ttest_ind(a, b, equal_var=False)} with b second)
     * from means and sample variances (denominator n - 1); Welch-Satterthwaite degrees of freedom.
     */
    public static Result welch(double mean1, double variance1, long n1, double mean2, double variance2, long n2) {
        if (n1 < 2 || n2 < 2) {
            throw new IllegalArgumentException("Welch's t-test needs at least 2 values per group");
        }
        double a = variance1 / n1;
        double b = variance2 / n2;
        double se = Math.sqrt(a + b);
        if (se == 0) {
            return degenerate(mean2 - mean1);
        }
        double t = (mean2 - mean1) / se;
        double df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
        double p = 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t));
        return new Result(t, Math.min(1.0, p));
    }

    /**
     * Difference of two independent ROC AUCs: z = (A2 - A1) / sqrt(V1 + V2) with the Hanley-McNeil
     * (1982) variance of each. For two models scored on the same records (shadow) the AUCs are
     * positively correlated, so this test is conservative (DeLong's paired test would need every score).
     */
    public static Result aucDifference(double auc1, long positives1, long negatives1, double auc2, long positives2,
                                       long negatives2) {
        return z(auc2 - auc1, hanleyMcNeilVariance(auc1, positives1, negatives1)
            + hanleyMcNeilVariance(auc2, positives2, negatives2));
    }

    /** Hanley and McNeil's (1982) variance of an ROC AUC estimated from the given class counts. */
    public static double hanleyMcNeilVariance(double auc, long positives, long negatives) {
        if (positives < 1 || negatives < 1) {
            throw new IllegalArgumentException("an AUC needs both classes");
        }
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double v = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
            / ((double) positives * negatives);
        return Math.max(0, v);
    }

    /**
     * Difference of two mean squared errors, z = (MSE2 - MSE1) / sqrt(2 MSE1^2 / n1 + 2 MSE2^2 / n2):
     * a large-sample z-test that assumes errors normal with mean 0 (then Var(e^2) = 2 sigma^4), because
     * the monitor keeps the sums of |e| and e^2 but not of e^4.
     */
    public static Result mseDifference(double mse1, long n1, double mse2, long n2) {
        if (n1 < 1 || n2 < 1) {
            throw new IllegalArgumentException("both samples must be non-empty");
        }
        return z(mse2 - mse1, 2 * mse1 * mse1 / n1 + 2 * mse2 * mse2 / n2);
    }

    private static Result z(double difference, double variance) {
        if (variance == 0) {
            return degenerate(difference);
        }
        double z = difference / Math.sqrt(variance);
        return new Result(z, Math.min(1.0, Erf.erfc(Math.abs(z) / Math.sqrt(2))));
    }

    private static Result degenerate(double difference) {
        return difference == 0 ? new Result(0, 1) : new Result(Math.copySign(Double.POSITIVE_INFINITY, difference), 0);
    }
}

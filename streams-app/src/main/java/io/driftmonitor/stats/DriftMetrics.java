package io.driftmonitor.stats;

import org.hipparchus.special.Gamma;

/**
 * Distances between a baseline (reference) histogram and a window (current) histogram over the same
 * bins. Arrays are counts; each method turns them into proportions itself.
 *
 * <ul>
 *   <li>{@link #psi} and {@link #kl} are log-based: an empty bin gets the proportion
 *       {@link Proportions#EPSILON} (no renormalisation), the one rule used everywhere.</li>
 *   <li>{@link #jensenShannon} and {@link #hellinger} are finite on empty bins and use the plain
 *       proportions, as {@code scipy.spatial.distance.jensenshannon(p, q, base=2)} does.</li>
 * </ul>
 * Kolmogorov-Smirnov, chi-square, Wasserstein and the proportion z-test live in their own classes
 * ({@link KolmogorovSmirnov}, {@link ChiSquareTest}, {@link Wasserstein}, {@link ProportionZTest}).
 */
public final class DriftMetrics {
    private static final double LN2 = Math.log(2.0);

    private DriftMetrics() {
    }

    /** Population stability index: sum of (q - p) ln(q / p), zero proportions replaced by {@link Proportions#EPSILON}. */
    public static double psi(long[] reference, long[] current) {
        requireSameLength(reference, current);
        double[] p = Proportions.withEpsilon(reference);
        double[] q = Proportions.withEpsilon(current);
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            psi += (q[i] - p[i]) * Math.log(q[i] / p[i]);
        }
        return psi;
    }

    /**
     * Approximate p-value of a PSI value under the hypothesis that both samples come from the same
     * distribution: PSI / (1/n + 1/m) is asymptotically chi-square with k - 1 degrees of freedom
     * (PSI is the symmetrised KL divergence, whose scaled null distribution is that of the G-test).
     */
    public static double psiPValue(double psi, long referenceCount, long currentCount, int nonEmptyBins) {
        if (nonEmptyBins < 2 || referenceCount == 0 || currentCount == 0) {
            return 1.0;
        }
        double scaled = psi / (1.0 / referenceCount + 1.0 / currentCount);
        return ChiSquareTest.survival(scaled, nonEmptyBins - 1);
    }

    /** Bins that are non-empty in the reference or in the current histogram (the PSI test's k). */
    public static int nonEmptyBins(long[] reference, long[] current) {
        requireSameLength(reference, current);
        int k = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] > 0 || current[i] > 0) {
                k++;
            }
        }
        return k;
    }

    /**
     * Kullback-Leibler divergence KL(reference || current) = sum p ln(p / q) in nats, zero
     * proportions replaced by {@link Proportions#EPSILON} (no renormalisation); equals
     * {@code scipy.special.rel_entr(p_eps, q_eps).sum()}.
     */
    public static double kl(long[] reference, long[] current) {
        requireSameLength(reference, current);
        double[] p = Proportions.withEpsilon(reference);
        double[] q = Proportions.withEpsilon(current);
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            kl += p[i] * Math.log(p[i] / q[i]);
        }
        return kl;
    }

    /**
     * Jensen-Shannon distance with base-2 logarithms, in [0, 1]: the square root of the JS
     * divergence, as {@code scipy.spatial.distance.jensenshannon(p, q, base=2)}. Empty bins need no
     * epsilon. Returns 0 when either histogram is empty.
     */
    public static double jensenShannon(long[] reference, long[] current) {
        requireSameLength(reference, current);
        double[] p = Proportions.of(reference);
        double[] q = Proportions.of(current);
        if (isEmpty(reference) || isEmpty(current)) {
            return 0.0;
        }
        double left = 0;
        double right = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2.0;
            if (p[i] > 0) {
                left += p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                right += q[i] * Math.log(q[i] / m);
            }
        }
        double js = (left + right) / LN2;
        return Math.sqrt(Math.max(0.0, js) / 2.0);
    }

    /** Hellinger distance ||sqrt(p) - sqrt(q)||_2 / sqrt(2), in [0, 1] (NannyML's definition). */
    public static double hellinger(long[] reference, long[] current) {
        requireSameLength(reference, current);
        if (isEmpty(reference) || isEmpty(current)) {
            return 0.0;
        }
        double[] p = Proportions.of(reference);
        double[] q = Proportions.of(current);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
            s += d * d;
        }
        return Math.sqrt(s) / Math.sqrt(2);
    }

    /** Share of the current values that fall in bins the reference never saw (unseen categories). */
    public static double newCategoryShare(long[] reference, long[] current) {
        requireSameLength(reference, current);
        long total = 0;
        long unseen = 0;
        for (int i = 0; i < current.length; i++) {
            total += current[i];
            if (reference[i] == 0) {
                unseen += current[i];
            }
        }
        return total == 0 ? 0.0 : (double) unseen / total;
    }

    /** Missing share of a window minus that of the baseline (positive: more missing values now). */
    public static double missingRateDelta(long referenceMissing, long referenceTotal, long currentMissing,
                                          long currentTotal) {
        return rate(currentMissing, currentTotal) - rate(referenceMissing, referenceTotal);
    }

    /** {@code part / total}, 0 for an empty total. */
    public static double rate(long part, long total) {
        return total == 0 ? 0.0 : (double) part / total;
    }

    /** Missing-rate delta of two numeric histograms; NaN and +/-Infinity count as missing here. */
    public static double missingRateDelta(NumericHistogram reference, NumericHistogram current) {
        return missingRateDelta(nonFinite(reference), reference.total(), nonFinite(current), current.total());
    }

    private static long nonFinite(NumericHistogram h) {
        return h.missing() + h.negativeInfinity() + h.positiveInfinity();
    }

    static boolean isEmpty(long[] counts) {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    static void requireSameLength(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("histograms have " + reference.length + " and " + current.length + " bins");
        }
    }

    /** Used by the chi-square survival function; kept here so callers need one import for PSI. */
    static double regularizedGammaQ(double a, double x) {
        return Gamma.regularizedGammaQ(a, x, 1e-15, Integer.MAX_VALUE);
    }
}

package io.driftmonitor.stats;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/** Distances between a baseline (reference) histogram and a window (current) histogram over the same bins. */
public final class DriftMetrics {
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
     * distribution: PSI / (1/n + 1/m) is asymptotically chi-square with k - 1 degrees of freedom.
     */
    public static double psiPValue(double psi, long referenceCount, long currentCount, int nonEmptyBins) {
        if (nonEmptyBins < 2 || referenceCount == 0 || currentCount == 0) {
            return 1.0;
        }
        double scaled = psi / (1.0 / referenceCount + 1.0 / currentCount);
        return 1.0 - new ChiSquaredDistribution(nonEmptyBins - 1).cumulativeProbability(scaled);
    }

    static void requireSameLength(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("histograms have " + reference.length + " and " + current.length + " bins");
        }
    }
}

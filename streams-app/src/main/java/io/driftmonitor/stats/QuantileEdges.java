package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * Bin edges at the quantiles of a reference sample, so that each bin holds about the same share of
 * the reference.
 *
 * <p><b>Quantile definition.</b> NumPy's default, {@code numpy.quantile(x, q, method="linear")}
 * (Hyndman and Fan type 7): with the n finite values sorted, position h = (n - 1) q, and the
 * quantile interpolates linearly between the order statistics at floor(h) and floor(h) + 1. The
 * arithmetic follows NumPy's so that the edges are bit-for-bit the same.
 *
 * <p><b>Edge rule.</b> For {@code bins} bins the candidate edges are the quantiles at j / bins,
 * j = 1 .. bins - 1. A candidate is kept only if it is strictly greater than the sample minimum and
 * than the previous kept edge: ties (heavy point masses) therefore never create duplicate or empty
 * reference bins, and bin 0, (-inf, e1), always holds the reference minimum. A constant sample (all
 * finite values equal to c) gets the edges [c, nextUp(c)]: three bins below, at, and above c, so a
 * window that leaves the constant is still seen. A sample without finite values gets no edges.
 */
public final class QuantileEdges {
    private QuantileEdges() {
    }

    /**
     * Interior edges for {@code bins} bins; non-finite values are ignored. See the class comment for
     * the rule; the result is strictly increasing and has at most {@code bins - 1} edges (two for a
     * constant sample).
     */
    public static double[] fromSample(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1");
        }
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return fromSorted(sorted, bins);
    }

    /** As {@link #fromSample} for values already sorted and finite. */
    public static double[] fromSorted(double[] sorted, int bins) {
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] edges = new double[Math.max(bins - 1, 0)];
        int k = 0;
        for (int j = 1; j < bins; j++) {
            double e = quantile(sorted, (double) j / bins);
            if (e > sorted[0] && (k == 0 || e > edges[k - 1])) {
                edges[k++] = e;
            }
        }
        if (k == 0 && sorted[0] == sorted[sorted.length - 1]) {
            return new double[] {sorted[0], Math.nextUp(sorted[0])};
        }
        return Arrays.copyOf(edges, k);
    }

    /** The q-quantile of sorted values with linear interpolation, computed as NumPy does. */
    public static double quantile(double[] sorted, double q) {
        int n = sorted.length;
        double virtualIndex = (n - 1) * q;
        double lowerIndex = Math.floor(virtualIndex);
        int lower = (int) Math.max(0, Math.min(lowerIndex, n - 1));
        int upper = (int) Math.max(0, Math.min(lowerIndex + 1, n - 1));
        double gamma = virtualIndex - lowerIndex;
        double a = sorted[lower];
        double b = sorted[upper];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
}

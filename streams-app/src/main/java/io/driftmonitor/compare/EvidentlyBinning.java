package io.driftmonitor.compare;

import java.util.Arrays;

/**
 * {@code compare --binning evidently}: the bins and the PSI that Evidently's default PSI test
 * computes, so that migrating users can reproduce their numbers. Numeric columns with more than 20
 * distinct reference values get NumPy's Sturges equal-width edges over reference and current values
 * ({@code numpy.histogram_bin_edges(ref + cur, bins="sturges")}); columns with at most 20 get one bin
 * per distinct value of either file. Empty proportions are floored as Evidently does: at 1e-4, or
 * at the smallest non-zero proportion / 10^6 when that proportion is itself at most 1e-4. Only the
 * edges and PSI change; the other metrics keep drift-monitor's definitions.
 */
public final class EvidentlyBinning {
    /** Evidently treats numeric columns with at most this many distinct reference values as discrete. */
    public static final int MAX_DISCRETE_VALUES = 20;

    private EvidentlyBinning() {
    }

    /** Interior edges (our binning convention) equivalent to Evidently's bins for finite values. */
    public static double[] edges(double[] reference, double[] current) {
        double[] ref = Arrays.stream(reference).filter(Double::isFinite).toArray();
        double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(ref),
            Arrays.stream(current).filter(Double::isFinite)).toArray();
        if (all.length == 0) {
            return new double[0];
        }
        if (Arrays.stream(ref).distinct().count() <= MAX_DISCRETE_VALUES) {
            double[] unique = Arrays.stream(all).distinct().sorted().toArray();
            return Arrays.copyOfRange(unique, 1, unique.length);
        }
        double first = Arrays.stream(all).min().getAsDouble();
        double last = Arrays.stream(all).max().getAsDouble();
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double width = (last - first) / (log2(all.length) + 1.0);
        int bins = width > 0 ? (int) Math.ceil((last - first) / width) : 1;
        double step = (last - first) / bins;
        double[] edges = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            edges[i - 1] = i * step + first;
        }
        return edges;
    }

    private static double log2(int n) {
        if (Integer.bitCount(n) == 1) {
            return Integer.numberOfTrailingZeros(n);
        }
        return Math.log(n) / Math.log(2);
    }

    /** Proportions with Evidently's zero floor. */
    public static double[] flooredProportions(long[] counts) {
        long n = Arrays.stream(counts).sum();
        double[] p = new double[counts.length];
        double minNonZero = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            p[i] = n == 0 ? 0 : (double) counts[i] / n;
            if (p[i] > 0) {
                minNonZero = Math.min(minNonZero, p[i]);
            }
        }
        double floor = minNonZero <= 1e-4 ? minNonZero / 1e6 : 1e-4;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                p[i] = floor;
            }
        }
        return p;
    }

    /** Evidently's PSI: sum (p - q) ln(p / q) with its floor. */
    public static double psi(long[] reference, long[] current) {
        double[] p = flooredProportions(reference);
        double[] q = flooredProportions(current);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] - q[i]) * Math.log(p[i] / q[i]);
        }
        return s;
    }
}

package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * Bin edges at the quantiles of a reference sample, so that each bin holds about the same share of
 * the reference. Quantiles use NumPy's default definition (linear interpolation between order
 * statistics, {@code numpy.quantile(..., method="linear")}).
 */
public final class QuantileEdges {
    private QuantileEdges() {
    }

    /**
     * Interior edges for {@code bins} bins. Non-finite values are ignored. Equal quantiles (ties) are
     * kept once; an edge at or below the sample minimum is dropped because its lower bin would be
     * empty in the reference.
     */
    public static double[] fromSample(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1");
        }
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] edges = new double[bins - 1];
        int k = 0;
        for (int j = 1; j < bins; j++) {
            double e = quantile(sorted, (double) j / bins);
            if (e > sorted[0] && (k == 0 || e > edges[k - 1])) {
                edges[k++] = e;
            }
        }
        return Arrays.copyOf(edges, k);
    }

    /** The q-quantile of sorted values with linear interpolation (NumPy's default). */
    public static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}

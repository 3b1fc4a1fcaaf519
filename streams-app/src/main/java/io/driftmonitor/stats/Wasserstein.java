package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * Wasserstein-1 (earth mover's) distance between two one-dimensional distributions: the area
 * between their CDFs, in the unit of the signal.
 *
 * <ul>
 *   <li>{@link #distance(double[], double[])} on raw samples equals
 *       {@code scipy.stats.wasserstein_distance(u, v)} (non-finite values are ignored).</li>
 *   <li>{@link #binned(double[], long[], long[])} on histograms places each bin's mass at a
 *       representative point: the midpoint of an interior bin, the finite edge of each outer bin.
 *       It equals {@code wasserstein_distance(points, points, ref_counts, cur_counts)}. Its distance
 *       to the raw-sample value is at most half the widest interior bin plus whatever mass moves
 *       inside the two unbounded outer bins, so prefer raw samples when you have them.</li>
 *   <li>{@link #normalised} divides by the reference standard deviation (population, ddof = 0),
 *       floored at {@link #STD_FLOOR} as Evidently does, so that a constant reference does not
 *       divide by zero.</li>
 * </ul>
 */
public final class Wasserstein {
    /** Smallest standard deviation used for normalisation (Evidently's floor). */
    public static final double STD_FLOOR = 0.001;

    private Wasserstein() {
    }

    public static double distance(double[] reference, double[] current) {
        double[] u = Arrays.stream(reference).filter(Double::isFinite).sorted().toArray();
        double[] v = Arrays.stream(current).filter(Double::isFinite).sorted().toArray();
        if (u.length == 0 || v.length == 0) {
            throw new IllegalArgumentException("Wasserstein distance needs two non-empty samples");
        }
        int i = 0;
        int j = 0;
        double sum = 0;
        double c = 0;
        double previous = Math.min(u[0], v[0]);
        double diff = 0;
        while (i < u.length || j < v.length) {
            double x = j >= v.length || (i < u.length && u[i] <= v[j]) ? u[i] : v[j];
            double term = diff * (x - previous);
            double y = term - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
            while (i < u.length && u[i] <= x) {
                i++;
            }
            while (j < v.length && v[j] <= x) {
                j++;
            }
            diff = Math.abs((double) i / u.length - (double) j / v.length);
            previous = x;
        }
        return sum;
    }

    /** Representative point of each of the {@code edges.length + 1} bins (see the class comment). */
    public static double[] representativePoints(double[] edges) {
        if (edges.length == 0) {
            return new double[] {0.0};
        }
        double[] points = new double[edges.length + 1];
        points[0] = edges[0];
        for (int i = 0; i + 1 < edges.length; i++) {
            points[i + 1] = (edges[i] + edges[i + 1]) / 2.0;
        }
        points[edges.length] = edges[edges.length - 1];
        return points;
    }

    /** W1 between two histograms over the same edges (0 with no edges or an empty histogram). */
    public static double binned(double[] edges, long[] reference, long[] current) {
        DriftMetrics.requireSameLength(reference, current);
        if (reference.length != edges.length + 1) {
            throw new IllegalArgumentException("expected " + (edges.length + 1) + " counts, got " + reference.length);
        }
        if (edges.length == 0 || DriftMetrics.isEmpty(reference) || DriftMetrics.isEmpty(current)) {
            return 0.0;
        }
        double[] points = representativePoints(edges);
        double n1 = 0;
        double n2 = 0;
        for (int i = 0; i < reference.length; i++) {
            n1 += reference[i];
            n2 += current[i];
        }
        double c1 = 0;
        double c2 = 0;
        double sum = 0;
        for (int i = 0; i + 1 < points.length; i++) {
            c1 += reference[i];
            c2 += current[i];
            sum += Math.abs(c1 / n1 - c2 / n2) * (points[i + 1] - points[i]);
        }
        return sum;
    }

    /** W1 of two numeric histograms over the same edges. */
    public static double binned(NumericHistogram reference, NumericHistogram current) {
        return binned(reference.edges(), reference.counts(), current.counts());
    }

    /** {@code distance / max(referenceStd, STD_FLOOR)}. */
    public static double normalised(double distance, double referenceStd) {
        return distance / Math.max(referenceStd, STD_FLOOR);
    }

    /** Population standard deviation (ddof = 0) of the finite values, two-pass. */
    public static double standardDeviation(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (v.length == 0) {
            return 0.0;
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    /** Population standard deviation of the binned values of a histogram, from its sum and sum of squares. */
    public static double standardDeviation(NumericHistogram histogram) {
        long n = histogram.binned();
        if (n == 0) {
            return 0.0;
        }
        double mean = histogram.sum() / n;
        double variance = histogram.sumOfSquares() / n - mean * mean;
        return Math.sqrt(Math.max(0.0, variance));
    }
}

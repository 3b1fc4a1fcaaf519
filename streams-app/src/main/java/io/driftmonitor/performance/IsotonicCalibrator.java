package io.driftmonitor.performance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Isotonic (monotone non-decreasing) calibration of classifier scores, fitted by pool-adjacent-
 * violators on a labelled reference sample, as NannyML's CBPE does with scikit-learn's
 * {@code IsotonicRegression(out_of_bounds="clip")}: predictions interpolate linearly between the
 * fitted points and are clipped outside the fitted score range. Equal scores are pooled first.
 */
public final class IsotonicCalibrator {
    private final double[] x;
    private final double[] y;

    private IsotonicCalibrator(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** Fits on reference scores and their binary labels; NaN scores are ignored. */
    public static IsotonicCalibrator fit(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        Integer[] order = new Integer[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isNaN(scores[i])) {
                order[n++] = i;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no scores to fit");
        }
        Integer[] idx = Arrays.copyOf(order, n);
        Arrays.sort(idx, Comparator.comparingDouble(i -> scores[i]));
        // pool equal scores: (x, mean label, weight)
        List<double[]> blocks = new ArrayList<>();
        for (int k = 0; k < n; ) {
            double s = scores[idx[k]];
            double sum = 0;
            int w = 0;
            while (k < n && scores[idx[k]] == s) {
                sum += labels[idx[k]] ? 1 : 0;
                w++;
                k++;
            }
            blocks.add(new double[] {s, s, sum / w, w});
        }
        return poolAdjacentViolators(blocks);
    }

    /**
     * Fits on binned reference outcomes: at each score {@code x[i]} (strictly increasing) the share of
     * positives {@code y[i]} among {@code weight[i]} records. Equivalent to {@link #fit} on the
     * records with their scores replaced by the bin's {@code x}.
     */
    public static IsotonicCalibrator fitBinned(double[] x, double[] y, double[] weight) {
        if (x.length != y.length || x.length != weight.length) {
            throw new IllegalArgumentException("x, y and weight differ in length");
        }
        List<double[]> blocks = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("x must be strictly increasing");
            }
            if (weight[i] > 0) {
                blocks.add(new double[] {x[i], x[i], y[i], weight[i]});
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no weighted points to fit");
        }
        return poolAdjacentViolators(blocks);
    }

    /** Pools adjacent violators of blocks {xmin, xmax, mean, weight} sorted by x; the fitted points. */
    private static IsotonicCalibrator poolAdjacentViolators(List<double[]> blocks) {
        List<double[]> stack = new ArrayList<>();
        for (double[] b : blocks) {
            double[] cur = b.clone();
            while (!stack.isEmpty() && stack.get(stack.size() - 1)[2] >= cur[2]) {
                double[] prev = stack.remove(stack.size() - 1);
                double w = prev[3] + cur[3];
                cur = new double[] {prev[0], cur[1], (prev[2] * prev[3] + cur[2] * cur[3]) / w, w};
            }
            stack.add(cur);
        }
        List<double[]> points = new ArrayList<>();
        for (double[] b : stack) {
            points.add(new double[] {b[0], b[2]});
            if (b[1] > b[0]) {
                points.add(new double[] {b[1], b[2]});
            }
        }
        double[] px = new double[points.size()];
        double[] py = new double[points.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = points.get(i)[0];
            py[i] = points.get(i)[1];
        }
        return new IsotonicCalibrator(px, py);
    }

    /** Calibrated probability of the positive class for a score. */
    public double apply(double score) {
        if (Double.isNaN(score)) {
            return Double.NaN;
        }
        if (score <= x[0]) {
            return y[0];
        }
        if (score >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, score);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }
}

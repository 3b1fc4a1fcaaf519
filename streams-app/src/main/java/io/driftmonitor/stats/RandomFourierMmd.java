package io.driftmonitor.stats;

import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.special.Gamma;

/**
 * Kernel two-sample statistic for vector signals that is a sum, hence mergeable per window: maximum
 * mean discrepancy with the Gaussian kernel exp(-||x - y||^2 / (2 bandwidth^2)) approximated by
 * {@code features} random Fourier features phi(x) = sqrt(2 / D) cos(W x + b) (Rahimi and Recht).
 * A window keeps only the count and the sum of phi(x); MMD^2 = ||mean phi(X) - mean phi(Y)||^2.
 *
 * <p><b>Threshold without permutations.</b> The baseline also keeps the second moments of phi, so
 * its feature covariance C is known. Without drift, mean phi(X) - mean phi(Y) is approximately
 * normal with covariance (1/n + 1/m) C, so MMD^2 is a weighted sum of chi-square(1) variables; it is
 * matched by its first two moments to g chi2(h) with g = (1/n + 1/m) tr(C^2) / tr(C) and
 * h = tr(C)^2 / tr(C^2) (Satterthwaite), which gives the threshold and a p-value at the window's size.
 *
 * <p>W and b are drawn from {@code seed} with an explicit Box-Muller transform of
 * {@link SplittableRandom} doubles, so every instance of the monitor derives the same features.
 */
public final class RandomFourierMmd {
    private final int dimension;
    private final int features;
    private final double bandwidth;
    private final double[][] w;
    private final double[] b;
    private final double scale;

    public RandomFourierMmd(int dimension, int features, double bandwidth, long seed) {
        if (dimension < 1 || features < 1 || !(bandwidth > 0)) {
            throw new IllegalArgumentException("need dimension >= 1, features >= 1 and bandwidth > 0");
        }
        this.dimension = dimension;
        this.features = features;
        this.bandwidth = bandwidth;
        SplittableRandom random = new SplittableRandom(seed);
        this.w = new double[features][dimension];
        this.b = new double[features];
        for (int j = 0; j < features; j++) {
            for (int i = 0; i < dimension; i++) {
                w[j][i] = gaussian(random) / bandwidth;
            }
            b[j] = 2 * Math.PI * random.nextDouble();
        }
        this.scale = Math.sqrt(2.0 / features);
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The median-heuristic bandwidth: the median pairwise Euclidean distance of a sample (at most 1,000 vectors used). */
    public static double medianHeuristic(float[][] sample) {
        int n = Math.min(sample.length, 1000);
        double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int c = 0; c < sample[i].length; c++) {
                    double diff = sample[i][c] - sample[j][c];
                    s += diff * diff;
                }
                d[k++] = Math.sqrt(s);
            }
        }
        if (k == 0) {
            return 1.0;
        }
        java.util.Arrays.sort(d, 0, k);
        double median = QuantileEdges.quantile(java.util.Arrays.copyOf(d, k), 0.5);
        return median > 0 ? median : 1.0;
    }

    public int dimension() {
        return dimension;
    }

    public int features() {
        return features;
    }

    public double bandwidth() {
        return bandwidth;
    }

    /** phi(x) into {@code out} (length {@code features}). */
    public void featureMap(float[] x, double[] out) {
        for (int j = 0; j < features; j++) {
            double dot = b[j];
            double[] wj = w[j];
            for (int i = 0; i < dimension; i++) {
                dot += wj[i] * x[i];
            }
            out[j] = scale * Math.cos(dot);
        }
    }

    /** An empty accumulator; baselines need {@code withSecondMoments} for thresholds. */
    public Accumulator newAccumulator(boolean withSecondMoments) {
        return new Accumulator(features, withSecondMoments);
    }

    /** Count and sum of phi(x) (and optionally sum of phi(x) phi(x)^T); merges by addition. */
    public final class Accumulator {
        private final double[] sum;
        private final double[][] outer;
        private final double[] buffer;
        private long count;
        private long invalid;

        private Accumulator(int features, boolean secondMoments) {
            this.sum = new double[features];
            this.outer = secondMoments ? new double[features][features] : null;
            this.buffer = new double[features];
        }

        public void add(float[] x) {
            if (x == null || x.length != dimension) {
                invalid++;
                return;
            }
            for (float v : x) {
                if (!Float.isFinite(v)) {
                    invalid++;
                    return;
                }
            }
            featureMap(x, buffer);
            for (int j = 0; j < features; j++) {
                sum[j] += buffer[j];
            }
            if (outer != null) {
                for (int j = 0; j < features; j++) {
                    for (int k = j; k < features; k++) {
                        outer[j][k] += buffer[j] * buffer[k];
                    }
                }
            }
            count++;
        }

        public void merge(Accumulator other) {
            for (int j = 0; j < features; j++) {
                sum[j] += other.sum[j];
            }
            if (outer != null) {
                if (other.outer == null) {
                    throw new IllegalArgumentException("cannot merge an accumulator without second moments into one with");
                }
                for (int j = 0; j < features; j++) {
                    for (int k = j; k < features; k++) {
                        outer[j][k] += other.outer[j][k];
                    }
                }
            }
            count += other.count;
            invalid += other.invalid;
        }

        public long count() {
            return count;
        }

        public long invalid() {
            return invalid;
        }

        public double[] mean() {
            double[] m = new double[sum.length];
            for (int j = 0; j < m.length; j++) {
                m[j] = count == 0 ? 0 : sum[j] / count;
            }
            return m;
        }

        double[][] covariance() {
            if (outer == null) {
                throw new IllegalStateException("the baseline accumulator needs second moments");
            }
            double[] m = mean();
            double[][] c = new double[features][features];
            for (int j = 0; j < features; j++) {
                for (int k = j; k < features; k++) {
                    double v = outer[j][k] / count - m[j] * m[k];
                    c[j][k] = v;
                    c[k][j] = v;
                }
            }
            return c;
        }
    }

    /** MMD^2 estimate between a baseline and a window accumulator. */
    public double mmdSquared(Accumulator baseline, Accumulator window) {
        double[] a = baseline.mean();
        double[] c = window.mean();
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - c[j]) * (a[j] - c[j]);
        }
        return s;
    }

    /** Null approximation g chi2(h) of MMD^2 at sample sizes n (baseline) and m (window): {g, h}. */
    public double[] nullApproximation(Accumulator baseline, long windowCount) {
        double[] traces = traces(baseline.covariance());
        return nullApproximation(traces[0], traces[1], baseline.count(), windowCount);
    }

    /** {tr(C), tr(C^2)} of a symmetric matrix. */
    static double[] traces(double[][] cov) {
        double trace = 0;
        double traceSquared = 0;
        for (int j = 0; j < cov.length; j++) {
            trace += cov[j][j];
            for (int k = 0; k < cov.length; k++) {
                traceSquared += cov[j][k] * cov[k][j];
            }
        }
        return new double[] {trace, traceSquared};
    }

    /**
     * The null approximation from the traces of the baseline's feature covariance alone (what a
     * stored baseline keeps): g = (1/n + 1/m) tr(C^2) / tr(C), h = tr(C)^2 / tr(C^2).
     */
    public static double[] nullApproximation(double trace, double traceSquared, long baselineCount, long windowCount) {
        double s = 1.0 / baselineCount + 1.0 / windowCount;
        if (!(trace > 0) || !(traceSquared > 0)) {
            return new double[] {0, 1};
        }
        return new double[] {s * traceSquared / trace, trace * trace / traceSquared};
    }

    /** P(g chi2(h) &gt;= mmd2): the approximate p-value of an MMD^2 value. */
    public static double pValue(double mmd2, double trace, double traceSquared, long baselineCount, long windowCount) {
        double[] gh = nullApproximation(trace, traceSquared, baselineCount, windowCount);
        if (gh[0] == 0) {
            return mmd2 > 0 ? 0.0 : 1.0;
        }
        return Gamma.regularizedGammaQ(gh[1] / 2, mmd2 / gh[0] / 2);
    }

    /** The MMD^2 value exceeded with probability alpha without drift. */
    public static double threshold(double trace, double traceSquared, long baselineCount, long windowCount, double alpha) {
        double[] gh = nullApproximation(trace, traceSquared, baselineCount, windowCount);
        if (gh[0] == 0) {
            return 0;
        }
        return gh[0] * new ChiSquaredDistribution(gh[1]).inverseCumulativeProbability(1 - alpha);
    }

    /** ||a - b||^2. */
    public static double mmdSquared(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    /** Mean feature vector and the traces of the feature covariance of a sample (population covariance). */
    public record Moments(long count, double[] mean, double trace, double traceSquared) {
    }

    /** The feature moments of a sample of vectors of this map's dimension. */
    public Moments moments(float[][] sample) {
        Accumulator a = newAccumulator(true);
        for (float[] x : sample) {
            a.add(x);
        }
        if (a.count() == 0) {
            return new Moments(0, new double[features], 0, 0);
        }
        double[] t = traces(a.covariance());
        return new Moments(a.count(), a.mean(), t[0], t[1]);
    }

    /** The MMD^2 value exceeded with probability alpha without drift, at this window's size. */
    public double threshold(Accumulator baseline, long windowCount, double alpha) {
        double[] gh = nullApproximation(baseline, windowCount);
        if (gh[0] == 0) {
            return 0;
        }
        return gh[0] * new ChiSquaredDistribution(gh[1]).inverseCumulativeProbability(1 - alpha);
    }

    /** Approximate p-value of an MMD^2 value. */
    public double pValue(Accumulator baseline, Accumulator window) {
        double[] gh = nullApproximation(baseline, window.count());
        double mmd2 = mmdSquared(baseline, window);
        if (gh[0] == 0) {
            return mmd2 > 0 ? 0.0 : 1.0;
        }
        return Gamma.regularizedGammaQ(gh[1] / 2, mmd2 / gh[0] / 2);
    }
}

package io.driftmonitor.stats;

import java.util.Arrays;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealVector;
import org.hipparchus.special.Gamma;

/**
 * Principal-component reconstruction error of numeric rows against a baseline, from moments alone.
 *
 * <p>Fit: the baseline's values are standardised by its mean and (population) standard deviation,
 * z = (x - m) / s (a constant feature keeps s = 1), so their covariance is the correlation matrix
 * R. Its eigenvectors, by decreasing eigenvalue, are the principal axes; the first k explaining at
 * least {@code variance} of tr R (at least one, at most d - 1) span the kept subspace, P its
 * projector and Q = I - P the residual one.
 *
 * <p>Statistic: the mean squared reconstruction error of a window's rows, e = mean ||Q z||^2. It
 * needs no rows: with mu and Sigma the window's mean and population covariance in z units,
 * e = tr(Q Sigma) + mu^T Q mu, exact from the window's {@link MultivariateMoments}. The baseline's
 * own error is the sum of its residual eigenvalues.
 *
 * <p>Calibration: for rows drawn from the baseline (Gaussian), the residual scores are independent
 * N(0, lambda_i), so a row's error has mean L1 = sum lambda_i and variance 2 L2 = 2 sum lambda_i^2
 * over the residual eigenvalues, and a window of m rows compared with a baseline of n has
 * Var(e - L1) about 2 L2 (1/m + 1/n). The null distribution of e is approximated by g chi2(h)
 * with the same mean and variance (Satterthwaite): g = L2 (1/m + 1/n) / L1, h = L1 / g. The
 * p-value is its upper tail at e; the threshold at level alpha its 1 - alpha quantile.
 */
public final class PcaReconstruction {
    /** Residual variance below which the baseline counts as having none (its features are collinear). */
    static final double MIN_RESIDUAL = 1e-12;

    private final double[] mean;
    private final double[] scale;
    private final double[] eigenvalues;
    private final int components;
    /** Q = I - P, the projector onto the residual subspace, in standardised units. */
    private final double[][] residual;
    private final double baselineError;
    private final double residualSquares;
    private final long baselineCount;

    private PcaReconstruction(double[] mean, double[] scale, double[] eigenvalues, int components, double[][] residual,
                              long baselineCount) {
        this.mean = mean;
        this.scale = scale;
        this.eigenvalues = eigenvalues;
        this.components = components;
        this.residual = residual;
        this.baselineCount = baselineCount;
        double l1 = 0;
        double l2 = 0;
        for (int i = components; i < eigenvalues.length; i++) {
            double l = Math.max(0, eigenvalues[i]);
            l1 += l;
            l2 += l * l;
        }
        this.baselineError = l1;
        this.residualSquares = l2;
    }

    /**
     * Fits the components on baseline moments (at least two dimensions and two rows).
     *
     * @param variance share of tr R the kept components explain, in (0, 1)
     */
    public static PcaReconstruction fit(MultivariateMoments baseline, double variance) {
        int d = baseline.dimension();
        if (d < 2 || baseline.count() < 2) {
            throw new IllegalArgumentException("PCA needs two features and two rows, got " + d + " and " + baseline.count());
        }
        if (!(variance > 0 && variance < 1)) {
            throw new IllegalArgumentException("variance must be in (0, 1), got " + variance);
        }
        double[] mean = baseline.mean();
        double[][] cov = baseline.covariance();
        double[] scale = new double[d];
        for (int i = 0; i < d; i++) {
            double s = Math.sqrt(Math.max(0, cov[i][i]));
            scale[i] = s > 0 ? s : 1;
        }
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i][j] = cov[i][j] / (scale[i] * scale[j]);
            }
        }
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(r, false));
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        double[] raw = eigen.getEigenvalues();
        Arrays.sort(order, (a, b) -> Double.compare(raw[b], raw[a]));
        double[] eigenvalues = new double[d];
        double total = 0;
        for (int i = 0; i < d; i++) {
            eigenvalues[i] = raw[order[i]];
            total += Math.max(0, eigenvalues[i]);
        }
        int k = 1;
        double explained = Math.max(0, eigenvalues[0]);
        while (k < d - 1 && explained < variance * total) {
            explained += Math.max(0, eigenvalues[k]);
            k++;
        }
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            q[i][i] = 1;
        }
        for (int c = 0; c < k; c++) {
            RealVector v = eigen.getEigenvector(order[c]);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    q[i][j] -= v.getEntry(i) * v.getEntry(j);
                }
            }
        }
        return new PcaReconstruction(mean, scale, eigenvalues, k, q, baseline.count());
    }

    /** Mean squared reconstruction error of the rows behind {@code window}: tr(Q Sigma_z) + mu_z^T Q mu_z. */
    public double meanError(MultivariateMoments window) {
        int d = mean.length;
        if (window.dimension() != d) {
            throw new IllegalArgumentException("window of dimension " + window.dimension() + " for components of " + d);
        }
        double[] mu = window.mean();
        double[][] cov = window.covariance();
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = (mu[i] - mean[i]) / scale[i];
        }
        double error = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                error += residual[i][j] * (cov[j][i] / (scale[i] * scale[j]) + z[i] * z[j]);
            }
        }
        return Math.max(0, error);
    }

    /** The baseline's own mean error: the sum of its residual eigenvalues. */
    public double baselineError() {
        return baselineError;
    }

    /** {g, h} of the g chi2(h) approximation of the error of a window of {@code windowCount} rows. */
    public double[] nullApproximation(long windowCount) {
        double l1 = Math.max(baselineError, MIN_RESIDUAL);
        double l2 = Math.max(residualSquares, MIN_RESIDUAL * MIN_RESIDUAL);
        double g = l2 * (1.0 / windowCount + 1.0 / baselineCount) / l1;
        return new double[] {g, l1 / g};
    }

    /** P(error of a baseline-like window of {@code windowCount} rows &gt;= {@code error}). */
    public double pValue(double error, long windowCount) {
        double[] gh = nullApproximation(windowCount);
        return error <= 0 ? 1 : Gamma.regularizedGammaQ(gh[1] / 2, error / gh[0] / 2);
    }

    /** The error a baseline-like window of {@code windowCount} rows exceeds with probability {@code alpha}. */
    public double threshold(long windowCount, double alpha) {
        double[] gh = nullApproximation(windowCount);
        return gh[0] * new ChiSquaredDistribution(gh[1]).inverseCumulativeProbability(1 - alpha);
    }

    /** Relative change of a window's error over the baseline's: (e - L1) / L1. */
    public double relativeChange(double error) {
        return (error - baselineError) / Math.max(baselineError, MIN_RESIDUAL);
    }

    /** Components kept. */
    public int components() {
        return components;
    }

    /** Share of tr R the kept components explain. */
    public double explainedVariance() {
        double total = 0;
        double kept = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            double l = Math.max(0, eigenvalues[i]);
            total += l;
            kept += i < components ? l : 0;
        }
        return total > 0 ? kept / total : 0;
    }

    /** Eigenvalues of the baseline's correlation matrix, largest first. */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    public int dimension() {
        return mean.length;
    }

    public long baselineCount() {
        return baselineCount;
    }
}

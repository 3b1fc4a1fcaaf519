package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * Mergeable first and second moments of d numeric values per row: the row count, the mean vector
 * and the co-moment matrix C = sum (x - mean)(x - mean)^T (its upper triangle, row by row). Rows are
 * added with Welford's update and partials merged with Chan et al.'s pairwise formula, which stay
 * accurate where raw sums of squares would cancel (large means, small spreads). A merge equals the
 * moments of the concatenated rows up to rounding. State: 1 + d + d(d + 1)/2 numbers.
 */
public final class MultivariateMoments {
    private final int dimension;
    private long count;
    private final double[] mean;
    /** Upper triangle of C, row by row: (0,0), (0,1) ... (0,d-1), (1,1) ... */
    private final double[] comoment;
    /** Scratch for {@link #add}; not part of the state. */
    private final double[] delta;

    public MultivariateMoments(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.comoment = new double[packedSize(dimension)];
        this.delta = new double[dimension];
    }

    /** Moments as stored (a baseline, a state store): count, mean and the packed co-moment matrix. */
    public static MultivariateMoments of(long count, double[] mean, double[] comoment) {
        MultivariateMoments m = new MultivariateMoments(mean.length);
        if (comoment.length != packedSize(mean.length)) {
            throw new IllegalArgumentException("co-moment of length " + comoment.length + " for dimension " + mean.length);
        }
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        m.count = count;
        System.arraycopy(mean, 0, m.mean, 0, mean.length);
        System.arraycopy(comoment, 0, m.comoment, 0, comoment.length);
        return m;
    }

    /** Numbers in the upper triangle of a d x d matrix. */
    public static int packedSize(int dimension) {
        return dimension * (dimension + 1) / 2;
    }

    /** Position of (i, j), i &lt;= j, in the packed upper triangle. */
    static int index(int dimension, int i, int j) {
        return i * dimension - i * (i - 1) / 2 + (j - i);
    }

    /** Adds one row of finite values (the caller checks them). */
    public void add(double[] row) {
        count++;
        double n = count;
        for (int i = 0; i < dimension; i++) {
            double d = row[i] - mean[i];
            delta[i] = d;
            mean[i] += d / n;
        }
        double w = (n - 1) / n;
        int k = 0;
        for (int i = 0; i < dimension; i++) {
            double di = delta[i] * w;
            for (int j = i; j < dimension; j++) {
                comoment[k++] += di * delta[j];
            }
        }
    }

    /** Adds the moments of other rows of the same dimension. */
    public void merge(MultivariateMoments other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot merge moments of dimension " + other.dimension + " into " + dimension);
        }
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            count = other.count;
            System.arraycopy(other.mean, 0, mean, 0, dimension);
            System.arraycopy(other.comoment, 0, comoment, 0, comoment.length);
            return;
        }
        double na = count;
        double nb = other.count;
        double n = na + nb;
        for (int i = 0; i < dimension; i++) {
            delta[i] = other.mean[i] - mean[i];
        }
        double w = na * nb / n;
        int k = 0;
        for (int i = 0; i < dimension; i++) {
            double di = delta[i] * w;
            for (int j = i; j < dimension; j++) {
                comoment[k] += other.comoment[k] + di * delta[j];
                k++;
            }
        }
        for (int i = 0; i < dimension; i++) {
            mean[i] += delta[i] * (nb / n);
        }
        count += other.count;
    }

    public MultivariateMoments copy() {
        return of(count, mean, comoment);
    }

    public int dimension() {
        return dimension;
    }

    public long count() {
        return count;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** The packed upper triangle of the co-moment matrix (see the class comment). */
    public double[] comoment() {
        return comoment.clone();
    }

    /** The population covariance matrix C / n (zero without rows). */
    public double[][] covariance() {
        double[][] c = new double[dimension][dimension];
        if (count == 0) {
            return c;
        }
        int k = 0;
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                c[i][j] = comoment[k] / count;
                c[j][i] = c[i][j];
                k++;
            }
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultivariateMoments m && m.count == count && Arrays.equals(m.mean, mean)
            && Arrays.equals(m.comoment, comoment);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(mean);
    }
}

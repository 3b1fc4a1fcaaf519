package io.driftmonitor.stats;

/**
 * Mergeable per-window statistics of a vector signal: count, the sum of the vectors and the sum of
 * their squared norms. They give the centroid, the centroid shift between a baseline and a window
 * (Euclidean, and cosine distance 1 - cos between the centroids, as Arize reports) and, for
 * calibration, the total variance tr(Sigma) = E||x||^2 - ||mu||^2: under "no drift"
 * E||mu_X - mu_Y||^2 = tr(Sigma) (1/n + 1/m), so {@link #standardisedShift} near 1 is noise.
 */
public final class EmbeddingStats {
    private final double[] sum;
    private double sumOfSquaredNorms;
    private long count;
    private long invalid;

    public EmbeddingStats(int dimension) {
        this.sum = new double[dimension];
    }

    public static EmbeddingStats of(double[] sum, double sumOfSquaredNorms, long count, long invalid) {
        EmbeddingStats s = new EmbeddingStats(sum.length);
        System.arraycopy(sum, 0, s.sum, 0, sum.length);
        s.sumOfSquaredNorms = sumOfSquaredNorms;
        s.count = count;
        s.invalid = invalid;
        return s;
    }

    /** Adds a vector; one of the wrong dimension or with a non-finite component is counted as invalid. */
    public void add(float[] vector) {
        if (vector == null || vector.length != sum.length) {
            invalid++;
            return;
        }
        double sq = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                invalid++;
                return;
            }
            sq += (double) v * v;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += vector[i];
        }
        sumOfSquaredNorms += sq;
        count++;
    }

    public void merge(EmbeddingStats other) {
        if (other.sum.length != sum.length) {
            throw new IllegalArgumentException("cannot merge embeddings of different dimensions");
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.sum[i];
        }
        sumOfSquaredNorms += other.sumOfSquaredNorms;
        count += other.count;
        invalid += other.invalid;
    }

    public int dimension() {
        return sum.length;
    }

    public long count() {
        return count;
    }

    public long invalid() {
        return invalid;
    }

    public double[] sum() {
        return sum.clone();
    }

    public double sumOfSquaredNorms() {
        return sumOfSquaredNorms;
    }

    public double[] centroid() {
        double[] c = new double[sum.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = count == 0 ? 0 : sum[i] / count;
        }
        return c;
    }

    /** tr(Sigma), the sum of the per-dimension variances (population). */
    public double totalVariance() {
        if (count == 0) {
            return 0;
        }
        double[] c = centroid();
        double norm2 = 0;
        for (double v : c) {
            norm2 += v * v;
        }
        return Math.max(0, sumOfSquaredNorms / count - norm2);
    }

    /** Euclidean distance between the centroids. */
    public static double euclideanShift(EmbeddingStats baseline, EmbeddingStats window) {
        double[] a = baseline.centroid();
        double[] b = window.centroid();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /** Cosine distance 1 - cos(angle) between the centroids (0 when either centroid is zero). */
    public static double cosineShift(EmbeddingStats baseline, EmbeddingStats window) {
        double[] a = baseline.centroid();
        double[] b = window.centroid();
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return 1 - dot / Math.sqrt(na * nb);
    }

    /** Euclidean centroid distance in units of the baseline's spread sqrt(tr Sigma_baseline). */
    public static double normalisedShift(EmbeddingStats baseline, EmbeddingStats window) {
        double euclidean = euclideanShift(baseline, window);
        double spread = Math.sqrt(baseline.totalVariance());
        return spread > 0 ? euclidean / spread : euclidean == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /**
     * T = ||mu_X - mu_Y||^2 / (tr Sigma_X / n + tr Sigma_Y / m), the squared centroid distance over
     * its expectation under "same mean" (each side with its own spread): about 1 without drift.
     */
    public static double welchShift(EmbeddingStats baseline, EmbeddingStats window) {
        double euclidean = euclideanShift(baseline, window);
        double expected = baseline.totalVariance() / baseline.count + window.totalVariance() / window.count;
        return expected > 0 ? euclidean * euclidean / expected : euclidean == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /**
     * A conservative p-value of "same mean": P(chi2_1 &gt;= T) with T = {@link #welchShift}. For
     * (asymptotically) normal means T is a quadratic form sum w_i chi2_1 with weights summing to 1;
     * whatever the weights, its tail is at most the chi2_1 tail wherever that is at most 0.215
     * (Szekely and Bakirov 2003), so the p-value is valid at every usual level without the
     * covariance matrix (which a mergeable summary of dimension d cannot keep cheaply).
     */
    public static double shiftPValue(EmbeddingStats baseline, EmbeddingStats window) {
        double t = welchShift(baseline, window);
        if (Double.isInfinite(t)) {
            return 0;
        }
        return t <= 0 ? 1 : org.hipparchus.special.Gamma.regularizedGammaQ(0.5, t / 2);
    }

    /** ||mu_X - mu_Y||^2 / (tr(Sigma_baseline) (1/n + 1/m)): about 1 without drift. */
    public static double standardisedShift(EmbeddingStats baseline, EmbeddingStats window) {
        double shift = euclideanShift(baseline, window);
        double expected = baseline.totalVariance() * (1.0 / baseline.count + 1.0 / window.count);
        return expected == 0 ? (shift == 0 ? 0 : Double.POSITIVE_INFINITY) : shift * shift / expected;
    }
}

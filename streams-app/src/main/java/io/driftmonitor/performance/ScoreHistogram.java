package io.driftmonitor.performance;

import java.util.Arrays;

/**
 * Positive and negative counts of a binary classifier's score in fine equal-width bins over [0, 1]
 * (scores outside are clamped into the first/last bin; NaN is ignored and counted apart). Mergeable.
 *
 * <p>{@link #rocAuc()} is the exact AUC of the scores quantised to their bins (Mann-Whitney with
 * ties counted one half). Only pairs of a positive and a negative in the same bin can be ordered
 * differently by the raw scores, so |AUC(raw) - AUC(binned)| &lt;= {@link #aucErrorBound()} =
 * sum over bins of pos_b neg_b / (2 P N). With 1,000 bins and scores spread over [0, 1] the bound is
 * typically below 1e-3.
 */
public final class ScoreHistogram {
    private final long[] positives;
    private final long[] negatives;
    private long invalid;

    public ScoreHistogram(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive");
        }
        positives = new long[bins];
        negatives = new long[bins];
    }

    public static ScoreHistogram of(long[] positives, long[] negatives, long invalid) {
        if (positives.length != negatives.length) {
            throw new IllegalArgumentException("positives and negatives need the same bins");
        }
        ScoreHistogram h = new ScoreHistogram(positives.length);
        System.arraycopy(positives, 0, h.positives, 0, positives.length);
        System.arraycopy(negatives, 0, h.negatives, 0, negatives.length);
        h.invalid = invalid;
        return h;
    }

    /** The bin of a score: floor(score * bins), clamped to [0, bins - 1]. */
    public int bin(double score) {
        int b = (int) Math.floor(score * positives.length);
        return Math.max(0, Math.min(positives.length - 1, b));
    }

    public void add(double score, boolean positive) {
        if (Double.isNaN(score)) {
            invalid++;
            return;
        }
        (positive ? positives : negatives)[bin(score)]++;
    }

    public void merge(ScoreHistogram other) {
        if (other.positives.length != positives.length) {
            throw new IllegalArgumentException("cannot merge score histograms with different bins");
        }
        for (int i = 0; i < positives.length; i++) {
            positives[i] += other.positives[i];
            negatives[i] += other.negatives[i];
        }
        invalid += other.invalid;
    }

    public long[] positives() {
        return positives.clone();
    }

    public long[] negatives() {
        return negatives.clone();
    }

    public long invalid() {
        return invalid;
    }

    public long positiveCount() {
        return Arrays.stream(positives).sum();
    }

    public long negativeCount() {
        return Arrays.stream(negatives).sum();
    }

    /** AUC of the binned scores; NaN when either class is absent. */
    public double rocAuc() {
        double[] p = new double[positives.length];
        double[] n = new double[negatives.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = positives[i];
            n[i] = negatives[i];
        }
        return rocAuc(p, n);
    }

    /**
     * Mann-Whitney AUC of bins (in score order) with positive and negative weights, which may be
     * fractional (expected counts); ties within a bin count one half. NaN when either weight is zero.
     */
    public static double rocAuc(double[] positives, double[] negatives) {
        double p = 0;
        double n = 0;
        for (int b = 0; b < positives.length; b++) {
            p += positives[b];
            n += negatives[b];
        }
        if (p <= 0 || n <= 0) {
            return Double.NaN;
        }
        double pairs = 0;
        double negativesBelow = 0;
        for (int b = 0; b < positives.length; b++) {
            pairs += positives[b] * (negativesBelow + 0.5 * negatives[b]);
            negativesBelow += negatives[b];
        }
        return pairs / (p * n);
    }

    /** Largest possible difference between the binned AUC and the AUC of the raw scores. */
    public double aucErrorBound() {
        double p = positiveCount();
        double n = negativeCount();
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double tied = 0;
        for (int i = 0; i < positives.length; i++) {
            tied += (double) positives[i] * negatives[i];
        }
        return tied / (2 * p * n);
    }
}

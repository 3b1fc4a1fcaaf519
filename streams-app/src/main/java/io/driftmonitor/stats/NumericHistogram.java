package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * Counts of a numeric signal over fixed interior edges e1 &lt; ... &lt; e(k-1): bin 0 is (-inf, e1),
 * bin i is [e(i), e(i+1)), the last bin is [e(k-1), +inf). NaN and null count as missing and
 * +/-Infinity are counted apart; none of them is ever a bin. Histograms over the same edges merge by
 * adding counts, so partial histograms of a stream add up to the single-pass count.
 */
public final class NumericHistogram {
    private final double[] edges;
    private final long[] counts;
    private long missing;
    private long negativeInfinity;
    private long positiveInfinity;
    private double sum;
    private double sumOfSquares;

    public NumericHistogram(double[] edges) {
        requireStrictlyIncreasing(edges);
        this.edges = edges.clone();
        this.counts = new long[edges.length + 1];
    }

    private NumericHistogram(double[] edges, long[] counts, long missing, long negativeInfinity,
                             long positiveInfinity, double sum, double sumOfSquares) {
        this.edges = edges;
        this.counts = counts;
        this.missing = missing;
        this.negativeInfinity = negativeInfinity;
        this.positiveInfinity = positiveInfinity;
        this.sum = sum;
        this.sumOfSquares = sumOfSquares;
    }

    /** Rebuilds a histogram from its parts (deserialisation, baselines). */
    public static NumericHistogram of(double[] edges, long[] counts, long missing, long negativeInfinity,
                                      long positiveInfinity, double sum, double sumOfSquares) {
        requireStrictlyIncreasing(edges);
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException("expected " + (edges.length + 1) + " counts for "
                + edges.length + " edges, got " + counts.length);
        }
        return new NumericHistogram(edges.clone(), counts.clone(), missing, negativeInfinity, positiveInfinity,
            sum, sumOfSquares);
    }

    /** Up to this many edges, a linear count beats a binary search (no mispredicted branches). */
    private static final int LINEAR_SEARCH_EDGES = 32;

    /** The bin of a finite value: the number of edges less than or equal to it. */
    public static int binIndex(double[] edges, double value) {
        // Zero takes the binary search, which orders -0.0 before 0.0 as Double.compare does.
        if (edges.length <= LINEAR_SEARCH_EDGES && value != 0.0) {
            int n = 0;
            for (double e : edges) {
                n += e <= value ? 1 : 0;
            }
            return n;
        }
        int i = Arrays.binarySearch(edges, value);
        return i >= 0 ? i + 1 : -i - 1;
    }

    public void add(double value) {
        // Finite values first: one comparison pair, false for NaN and both infinities.
        if (value > Double.NEGATIVE_INFINITY && value < Double.POSITIVE_INFINITY) {
            counts[binIndex(edges, value)]++;
            sum += value;
            sumOfSquares += value * value;
        } else if (Double.isNaN(value)) {
            missing++;
        } else if (value == Double.POSITIVE_INFINITY) {
            positiveInfinity++;
        } else {
            negativeInfinity++;
        }
    }

    public void addMissing() {
        missing++;
    }

    /**
     * Adds counts per bin known from elsewhere (a quantile sketch's estimate), with their sum and sum
     * of squares; the caller states that these counts are estimates.
     */
    public void addBinCounts(long[] binCounts, double valueSum, double valueSumOfSquares) {
        if (binCounts.length != counts.length) {
            throw new IllegalArgumentException("expected " + counts.length + " bin counts, got " + binCounts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += binCounts[i];
        }
        sum += valueSum;
        sumOfSquares += valueSumOfSquares;
    }

    public void merge(NumericHistogram other) {
        if (!Arrays.equals(edges, other.edges)) {
            throw new IllegalArgumentException("cannot merge histograms over different edges");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        missing += other.missing;
        negativeInfinity += other.negativeInfinity;
        positiveInfinity += other.positiveInfinity;
        sum += other.sum;
        sumOfSquares += other.sumOfSquares;
    }

    public NumericHistogram copy() {
        return new NumericHistogram(edges, counts.clone(), missing, negativeInfinity, positiveInfinity, sum,
            sumOfSquares);
    }

    public double[] edges() {
        return edges.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    /** Finite values counted in the bins. */
    public long binned() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    public long missing() {
        return missing;
    }

    public long negativeInfinity() {
        return negativeInfinity;
    }

    public long positiveInfinity() {
        return positiveInfinity;
    }

    /** Every observation: binned, missing and infinite. */
    public long total() {
        return binned() + missing + negativeInfinity + positiveInfinity;
    }

    public double sum() {
        return sum;
    }

    public double sumOfSquares() {
        return sumOfSquares;
    }

    private static void requireStrictlyIncreasing(double[] edges) {
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("edge " + i + " is not finite: " + edges[i]);
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("edges must be strictly increasing at index " + i);
            }
        }
    }
}

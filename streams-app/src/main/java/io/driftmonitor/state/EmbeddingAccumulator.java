package io.driftmonitor.state;

import io.driftmonitor.stats.EmbeddingReservoir;
import io.driftmonitor.stats.EmbeddingStats;

/**
 * What a window partial counts of the records' embedding vectors: {@link EmbeddingStats} (count,
 * vector sum, sum of squared norms) of the vectors of the partial's dimension, and either
 * <ul>
 *   <li><b>bound</b> to a baseline's random Fourier features: the sum of the feature vectors phi(x)
 *       and how many records it holds, or</li>
 *   <li><b>learning</b> (no baseline yet): a bounded sample of the vectors ({@link EmbeddingReservoir}),
 *       from which a first-window baseline takes its kernel bandwidth and feature moments.</li>
 * </ul>
 * A vector of another dimension is not added: it is counted as mismatched (with the smallest and
 * largest such dimension) and reported as a data-quality event. A learning accumulator keeps the
 * smallest dimension it saw, so the outcome does not depend on the order of records or merges.
 * Everything merges by addition; level 1 and level 2 give the same result as a single pass.
 */
public final class EmbeddingAccumulator {
    /** Largest dimension counted; a longer vector is counted as mismatched (bounded state). */
    public static final int MAX_DIMENSION = 4096;
    /** Floats a whole-model learning sample may hold (512 KiB): 256 vectors up to d = 512, 128 at d = 1,024. */
    public static final int MODEL_SAMPLE_FLOATS = 1 << 17;
    /** Floats a segment's learning sample may hold (128 KiB): 32 vectors at d = 1,024. */
    public static final int SEGMENT_SAMPLE_FLOATS = 1 << 15;
    /** Floats a training sample's (CLI / HTTP upload) learning sample may hold (16 MiB). */
    public static final int UPLOAD_SAMPLE_FLOATS = 1 << 22;
    /** Most vectors a learning sample keeps. */
    public static final int MAX_SAMPLE_VECTORS = 256;
    /** Most vectors an uploaded sample keeps. */
    public static final int MAX_UPLOAD_SAMPLE_VECTORS = 4096;

    private EmbeddingStats stats;
    /** Bound: sum of phi(x); null when learning. */
    private double[] featureSum;
    private long featureCount;
    /** Learning: the sample; null when bound or when the partial keeps none. */
    private EmbeddingReservoir sample;
    private int sampleCapacity;
    private long mismatched;
    private int mismatchedMin = Integer.MAX_VALUE;
    private int mismatchedMax = Integer.MIN_VALUE;

    private EmbeddingAccumulator() {
    }

    /** Capacity of a learning sample for a dimension within a budget of floats. */
    public static int sampleCapacity(int dimension, int floats, int maxVectors) {
        return Math.max(8, Math.min(maxVectors, floats / Math.max(1, dimension)));
    }

    /** A learning accumulator of the given dimension; {@code sampleCapacity} 0 keeps no sample. */
    public static EmbeddingAccumulator learning(int dimension, int sampleCapacity) {
        EmbeddingAccumulator a = new EmbeddingAccumulator();
        a.stats = new EmbeddingStats(dimension);
        a.sampleCapacity = sampleCapacity;
        a.sample = sampleCapacity > 0 ? new EmbeddingReservoir(dimension, sampleCapacity) : null;
        return a;
    }

    /** An accumulator bound to a baseline's feature map of {@code features} features. */
    public static EmbeddingAccumulator bound(int dimension, int features) {
        EmbeddingAccumulator a = new EmbeddingAccumulator();
        a.stats = new EmbeddingStats(dimension);
        a.featureSum = new double[features];
        return a;
    }

    static EmbeddingAccumulator restored(EmbeddingStats stats, double[] featureSum, long featureCount,
                                         EmbeddingReservoir sample, int sampleCapacity, long mismatched, int mismatchedMin,
                                         int mismatchedMax) {
        EmbeddingAccumulator a = new EmbeddingAccumulator();
        a.stats = stats;
        a.featureSum = featureSum;
        a.featureCount = featureCount;
        a.sample = sample;
        a.sampleCapacity = sampleCapacity;
        a.mismatched = mismatched;
        a.mismatchedMin = mismatchedMin;
        a.mismatchedMax = mismatchedMax;
        return a;
    }

    /**
     * Adds a vector of this accumulator's dimension with finite components; {@code features} is
     * its phi(x) when bound (else ignored), {@code hash} the record's sampling hash.
     */
    public void add(float[] vector, long hash, double[] features) {
        stats.add(vector);
        if (featureSum != null && features != null) {
            for (int j = 0; j < featureSum.length; j++) {
                featureSum[j] += features[j];
            }
            featureCount++;
        }
        if (sample != null) {
            sample.offer(hash, vector);
        }
    }

    /** A vector with a non-finite component. */
    public void addInvalid(int dimension) {
        if (dimension == stats.dimension()) {
            stats.add(null); // counted as invalid
        } else {
            addMismatched(dimension, 1);
        }
    }

    /** A vector of another dimension than this accumulator's. */
    public void addMismatched(int dimension, long n) {
        mismatched += n;
        mismatchedMin = Math.min(mismatchedMin, dimension);
        mismatchedMax = Math.max(mismatchedMax, dimension);
    }

    /**
     * A learning accumulator that meets a smaller dimension than its own restarts with it: what it
     * had counted becomes mismatched. Returns whether it did.
     */
    public boolean adoptSmallerDimension(int dimension) {
        if (isBound() || dimension >= stats.dimension()) {
            return false;
        }
        addMismatched(stats.dimension(), stats.count() + stats.invalid());
        stats = new EmbeddingStats(dimension);
        sample = sampleCapacity > 0 ? new EmbeddingReservoir(dimension, sampleCapacity) : null;
        return true;
    }

    /** This accumulator plus {@code other}; may return a new object (when {@code other} takes precedence). */
    public EmbeddingAccumulator mergedWith(EmbeddingAccumulator other) {
        boolean otherWins = other.dimension() != dimension()
            && (other.isBound() && !isBound() || other.isBound() == isBound() && other.dimension() < dimension());
        if (otherWins) {
            EmbeddingAccumulator result = other.copy();
            result.absorb(this);
            return result;
        }
        absorb(other);
        return this;
    }

    private void absorb(EmbeddingAccumulator other) {
        if (other.dimension() != dimension()) {
            addMismatched(other.dimension(), other.stats.count() + other.stats.invalid());
        } else {
            stats.merge(other.stats);
            if (featureSum != null && other.featureSum != null && other.featureSum.length == featureSum.length) {
                for (int j = 0; j < featureSum.length; j++) {
                    featureSum[j] += other.featureSum[j];
                }
                featureCount += other.featureCount;
            }
            if (sample != null && other.sample != null) {
                sample.merge(other.sample);
            }
        }
        if (other.mismatched > 0) {
            mismatched += other.mismatched;
            mismatchedMin = Math.min(mismatchedMin, other.mismatchedMin);
            mismatchedMax = Math.max(mismatchedMax, other.mismatchedMax);
        }
    }

    public EmbeddingAccumulator copy() {
        return restored(EmbeddingStats.of(stats.sum(), stats.sumOfSquaredNorms(), stats.count(), stats.invalid()),
            featureSum == null ? null : featureSum.clone(), featureCount, sample == null ? null : sample.copy(),
            sampleCapacity, mismatched, mismatchedMin, mismatchedMax);
    }

    public boolean isBound() {
        return featureSum != null;
    }

    public int dimension() {
        return stats.dimension();
    }

    public EmbeddingStats stats() {
        return stats;
    }

    /** Sum of phi(x) of the bound records, or null when learning. */
    public double[] featureSum() {
        return featureSum;
    }

    /** Records whose phi(x) is in {@link #featureSum}. */
    public long featureCount() {
        return featureCount;
    }

    /** The learning sample, or null. */
    public EmbeddingReservoir sample() {
        return sample;
    }

    public long mismatched() {
        return mismatched;
    }

    public int mismatchedMin() {
        return mismatchedMin;
    }

    public int mismatchedMax() {
        return mismatchedMax;
    }
}

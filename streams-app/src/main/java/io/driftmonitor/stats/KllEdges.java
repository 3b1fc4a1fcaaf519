package io.driftmonitor.stats;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Baseline edges from a production stream without keeping raw values: an Apache DataSketches KLL
 * sketch of the finite values (mergeable, serialisable in DataSketches' own versioned format) from
 * which {@link #edges(int)} takes the quantiles at j / bins with the same de-duplication rule as
 * {@link QuantileEdges} (kept only if strictly above the minimum and the previous edge; a constant
 * stream gets [c, nextUp(c)]).
 *
 * <p>Error bound: each edge's rank differs from j / bins by at most {@link #rankError()} (KLL's
 * normalised rank error, about 1.65 / k^0.96 at 99 % confidence: 1.3 % for k = 200, 0.33 % for
 * k = 1024), so each reference bin holds 1/bins +- 2 x rankError of the stream. The quantiles are
 * items of the stream (no interpolation), which is why the edges differ slightly from NumPy's.
 */
public final class KllEdges {
    /** Default KLL accuracy parameter (DataSketches' default). */
    public static final int DEFAULT_K = 200;

    private final KllDoublesSketch sketch;
    private long nonFinite;

    public KllEdges() {
        this(DEFAULT_K);
    }

    public KllEdges(int k) {
        this(KllDoublesSketch.newHeapInstance(k), 0);
    }

    private KllEdges(KllDoublesSketch sketch, long nonFinite) {
        this.sketch = sketch;
        this.nonFinite = nonFinite;
    }

    /** Adds a value; NaN and infinities are counted apart and never enter the sketch. */
    public void add(double value) {
        if (Double.isFinite(value)) {
            sketch.update(value);
        } else {
            nonFinite++;
        }
    }

    public void merge(KllEdges other) {
        sketch.merge(other.sketch);
        nonFinite += other.nonFinite;
    }

    /** Finite values seen. */
    public long count() {
        return sketch.getN();
    }

    public long nonFinite() {
        return nonFinite;
    }

    /** Normalised rank error of the quantiles (single-sided, 99 % confidence). */
    public double rankError() {
        return sketch.getNormalizedRankError(false);
    }

    /** Interior edges for {@code bins} bins; empty when no finite value was seen. */
    public double[] edges(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1");
        }
        if (sketch.isEmpty()) {
            return new double[0];
        }
        double min = sketch.getMinItem();
        double max = sketch.getMaxItem();
        if (bins == 1) {
            return min == max ? new double[] {min, Math.nextUp(min)} : new double[0];
        }
        double[] ranks = new double[bins - 1];
        for (int j = 1; j < bins; j++) {
            ranks[j - 1] = (double) j / bins;
        }
        double[] q = sketch.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
        double[] edges = new double[q.length];
        int k = 0;
        for (double e : q) {
            if (e > min && (k == 0 || e > edges[k - 1])) {
                edges[k++] = e;
            }
        }
        if (k == 0 && min == max) {
            return new double[] {min, Math.nextUp(min)};
        }
        return Arrays.copyOf(edges, k);
    }

    /** DataSketches' serialised sketch followed by nothing else; the non-finite count is not kept. */
    /**
     * Estimated counts per bin of the sketched values over interior edges (bin i is
     * [e(i), e(i+1))), rounded so that they add up to the number of values (largest remainder).
     */
    public long[] estimatedBinCounts(double[] edges) {
        long n = sketch.getN();
        long[] counts = new long[edges.length + 1];
        if (n == 0) {
            return counts;
        }
        if (edges.length == 0) {
            counts[0] = n;
            return counts;
        }
        // EXCLUSIVE: the fraction of values strictly below each edge, as the binning convention needs.
        double[] cdf = sketch.getCDF(edges, QuantileSearchCriteria.EXCLUSIVE);
        double[] exact = new double[counts.length];
        double previous = 0;
        long assigned = 0;
        for (int i = 0; i < counts.length; i++) {
            double upper = i < edges.length ? cdf[i] : 1.0;
            exact[i] = Math.max(0, upper - previous) * n;
            previous = Math.max(previous, upper);
            counts[i] = (long) Math.floor(exact[i]);
            assigned += counts[i];
        }
        while (assigned < n) {
            int best = 0;
            for (int i = 1; i < counts.length; i++) {
                if (exact[i] - counts[i] > exact[best] - counts[best]) {
                    best = i;
                }
            }
            counts[best]++;
            assigned++;
        }
        return counts;
    }

    public byte[] toByteArray() {
        return sketch.toByteArray();
    }

    public static KllEdges fromByteArray(byte[] bytes) {
        return new KllEdges(KllDoublesSketch.heapify(Memory.wrap(bytes)), 0);
    }
}

package io.driftmonitor.stats;

/**
 * Turns counts into proportions. Log-based metrics (PSI, KL) replace a zero proportion by
 * {@link #EPSILON} so that an empty bin gives a large but finite value; the other proportions are
 * left as they are (no renormalisation). This is the only place where that choice is made.
 */
public final class Proportions {
    /** The proportion that stands in for an empty bin in PSI and KL (Evidently's floor). */
    public static final double EPSILON = 1e-4;

    private Proportions() {
    }

    public static double[] of(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double[] p = new double[counts.length];
        if (n == 0) {
            return p;
        }
        for (int i = 0; i < counts.length; i++) {
            p[i] = (double) counts[i] / n;
        }
        return p;
    }

    public static double[] withEpsilon(long[] counts) {
        double[] p = of(counts);
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0.0) {
                p[i] = EPSILON;
            }
        }
        return p;
    }
}

package io.driftmonitor.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.stats.MultivariateMoments;

/**
 * What a window partial counts for the multivariate signal: the {@link MultivariateMoments} of the
 * rows of each feature set (the ordered names of the numeric features a row was counted over),
 * and the rows that could not be counted. A partial bound to a baseline (or given a list of
 * features) counts every row over that one set, and a row lacking one of its features, or with a
 * non-finite or non-numeric value, is incomplete. A partial learning a baseline counts each row
 * over its own numeric features, so rows with and without a feature are kept apart rather than
 * lost. At most {@link #MAX_FEATURE_SETS} sets are kept; rows of further sets are incomplete.
 * Merges add the moments of equal sets: level 1 and level 2 give a single pass's result (up to
 * rounding, and to which sets are kept when more than the maximum meet).
 */
public final class MultivariateAccumulator {
    /** Feature sets one partial keeps. */
    public static final int MAX_FEATURE_SETS = 4;

    private final Map<List<String>, MultivariateMoments> sets = new LinkedHashMap<>();
    private long incomplete;

    /** Adds a row of finite values of the features, in their order. */
    public void add(List<String> features, double[] row) {
        MultivariateMoments m = sets.get(features);
        if (m == null) {
            if (sets.size() >= MAX_FEATURE_SETS) {
                incomplete++;
                return;
            }
            m = new MultivariateMoments(features.size());
            sets.put(List.copyOf(features), m);
        }
        m.add(row);
    }

    /** A row that could not be counted (a feature missing, non-finite or not a number). */
    public void addIncomplete() {
        incomplete++;
    }

    void restore(List<String> features, MultivariateMoments moments) {
        sets.put(List.copyOf(features), moments);
    }

    void restoreIncomplete(long n) {
        incomplete = n;
    }

    public void merge(MultivariateAccumulator other) {
        incomplete += other.incomplete;
        other.sets.forEach((features, theirs) -> {
            MultivariateMoments mine = sets.get(features);
            if (mine != null) {
                mine.merge(theirs);
            } else if (sets.size() < MAX_FEATURE_SETS) {
                sets.put(features, theirs.copy());
            } else {
                incomplete += theirs.count();
            }
        });
    }

    public MultivariateAccumulator copy() {
        MultivariateAccumulator c = new MultivariateAccumulator();
        c.merge(this);
        return c;
    }

    /** The moments of the rows counted over exactly these features, or null. */
    public MultivariateMoments moments(List<String> features) {
        return sets.get(features);
    }

    /** Every feature set with its moments, in the order they were first counted. */
    public Map<List<String>, MultivariateMoments> sets() {
        return sets;
    }

    /** The feature set with the most rows (on a tie the one whose names come first); null when empty. */
    public List<String> largestSet() {
        List<String> best = null;
        long bestCount = -1;
        for (Map.Entry<List<String>, MultivariateMoments> e : sets.entrySet()) {
            long n = e.getValue().count();
            if (n > bestCount || n == bestCount && String.join("\u0000", e.getKey()).compareTo(String.join("\u0000", best)) < 0) {
                best = e.getKey();
                bestCount = n;
            }
        }
        return best;
    }

    /** Rows counted in a feature set. */
    public long counted() {
        long n = 0;
        for (MultivariateMoments m : sets.values()) {
            n += m.count();
        }
        return n;
    }

    /** Rows not counted in any feature set. */
    public long incomplete() {
        return incomplete;
    }
}
